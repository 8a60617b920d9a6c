"""Read a WordPress export (WXR 1.0, 1.1 or 1.2) as a stream of records.

    for record in read_wxr("site.xml"):
        if isinstance(record, Item):
            print(record.post_type, record.post_id, len(record.comments))

The file is parsed with lxml's `iterparse`, one `<item>` at a time, and each
item is dropped once read, so memory stays flat however large the file.
Exports are untrusted: entities are never resolved, the network is never
used, and a file with a DOCTYPE (the carrier of entity-expansion and
external-entity attacks; WordPress never writes one) is refused before
parsing. Every problem raises `WXRError` with the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from broadsheet.text import whole_number

SUPPORTED_VERSIONS = ("1.0", "1.1", "1.2")
WP_NAMESPACE = re.compile(r"^http://wordpress\.org/export/(\d+\.\d+)/$")
EXCERPT_NAMESPACE = re.compile(r"^http://wordpress\.org/export/\d+\.\d+/excerpt/$")
CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"
DC_NAMESPACE = "http://purl.org/dc/elements/1.1/"
NO_DATE = "0000-00-00 00:00:00"
_DATE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")


class WXRError(Exception):
    """A file that cannot be imported, with where the problem is."""

    def __init__(self, message: str, path: str | Path, line: int | None = None):
        self.path, self.line, self.reason = str(path), line, message
        where = f"{path}, line {line}" if line else str(path)
        super().__init__(f"{where}: {message}")


@dataclass
class Site:
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    version: str = ""


@dataclass
class Author:
    id: int
    login: str
    email: str
    display_name: str
    first_name: str = ""
    last_name: str = ""
    line: int = 0


@dataclass
class Category:
    term_id: int
    slug: str
    name: str
    parent_slug: str = ""
    description: str = ""
    line: int = 0


@dataclass
class Tag:
    term_id: int
    slug: str
    name: str
    description: str = ""
    line: int = 0


@dataclass
class Comment:
    id: int
    parent_id: int
    author: str
    email: str
    url: str
    ip: str
    date: datetime | None
    content: str
    approved: str
    type: str
    line: int = 0


@dataclass
class Item:
    """A post, page or attachment, with its terms, metadata and comments."""

    line: int
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    post_id: int = 0
    post_date: datetime | None = None
    comment_status: str = "open"
    slug: str = ""
    status: str = ""
    parent_id: int = 0
    menu_order: int = 0
    post_type: str = ""
    password: str = ""
    is_sticky: bool = False
    attachment_url: str = ""
    categories: list[tuple[str, str, str]] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)


Record = Site | Author | Category | Tag | Item


def parse_date(value: str, path, line) -> datetime | None:
    """A WXR GMT date as an aware datetime; None for WordPress's empty date."""
    value = value.strip()
    if not value or value == NO_DATE:
        return None
    try:
        if not _DATE.match(value):
            raise ValueError
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    except ValueError:
        raise WXRError(f"invalid date {value!r}", path, line) from None


def _refuse_doctype(path: Path) -> None:
    """Refuse a DOCTYPE in the prolog: it is where entity attacks live."""
    seen = b""
    with path.open("rb") as stream:
        while chunk := stream.read(65536):
            seen += chunk
            start = re.search(rb"<[A-Za-z]", seen)
            prolog = seen[: start.start()] if start else seen
            doctype = prolog.find(b"<!DOCTYPE")
            if doctype >= 0:
                line = prolog.count(b"\n", 0, doctype) + 1
                raise WXRError(
                    "the file declares a DOCTYPE (entities are not allowed in an "
                    "export)",
                    path,
                    line,
                )
            if start:
                return
            seen = seen[-16:]


class _Names:
    """Maps lxml's {namespace}name tags to short names such as "wp:post_id"."""

    def __init__(self):
        self.cache: dict[str, str] = {}

    def __call__(self, tag) -> str:
        if not isinstance(tag, str):
            return ""
        short = self.cache.get(tag)
        if short is None:
            short = self.cache[tag] = self._shorten(tag)
        return short

    @staticmethod
    def _shorten(tag: str) -> str:
        if not tag.startswith("{"):
            return tag
        namespace, _, local = tag[1:].partition("}")
        if WP_NAMESPACE.match(namespace):
            return f"wp:{local}"
        if EXCERPT_NAMESPACE.match(namespace):
            return f"excerpt:{local}"
        if namespace == CONTENT_NAMESPACE:
            return f"content:{local}"
        if namespace == DC_NAMESPACE:
            return f"dc:{local}"
        return f"{{{namespace}}}{local}"


def _integer(text: str, what: str, path, line) -> int:
    text = (text or "").strip()
    if not text:
        return 0
    number = whole_number(text)
    if number is None:
        raise WXRError(f"{what} {text!r} is not a number", path, line)
    return number


def _children(element, names) -> dict[str, str]:
    known = names.cache  # the usual case, without a call per field
    return {
        known.get(child.tag) or names(child.tag): child.text or "" for child in element
    }


class _CountingFile:
    """A binary file that knows how far it has been read, for the progress bar."""

    def __init__(self, path: Path):
        self.stream = path.open("rb")
        self.name = str(path)  # lxml names the file in its errors by this
        self.position = 0

    def read(self, size=-1) -> bytes:
        chunk = self.stream.read(size)
        self.position += len(chunk)
        return chunk


def read_wxr(path: str | Path, position=None) -> Iterator[Record]:
    """Yield the export's Site first, then its authors, terms and items in order.

    `position`, if given, is a list whose first element is kept at the number
    of bytes read so far."""
    path = Path(path)
    if not path.is_file():
        raise WXRError("no such file", path)
    _refuse_doctype(path)
    names = _Names()
    seen_guids: dict[str, int] = {}
    seen_ids: dict[int, int] = {}
    seen_comments: dict[int, int] = {}
    site = Site()
    etree.clear_error_log()
    source = _CountingFile(path)
    try:
        site.version, wp = _read_root(path)
        # Only the channel's children reach Python: lxml skips the rest in C,
        # which is most of the elements (every field of every comment).
        wanted = ["title", "link", "item"] + [
            f"{{{wp}}}{name}"
            for name in ("author", "category", "tag", "wxr_version")
            + ("base_site_url", "base_blog_url")
        ]
        parser = etree.iterparse(source, events=("end",), tag=wanted, **_SAFE)
        for _, element in parser:
            if position is not None:
                position[0] = source.position
            parent = element.getparent()
            if parent is None or parent.tag != "channel":
                continue
            record = _channel_child(names(element.tag), element, names, site, path)
            if record is not None:
                if site is not None:
                    yield site
                    site = None
                if isinstance(record, Item):
                    _check_unique(record, seen_guids, seen_ids, seen_comments, path)
                yield record
            element.clear()
            while element.getprevious() is not None:
                del parent[0]
        if site is not None:
            yield site
    except etree.XMLSyntaxError as error:
        raise _syntax_error(error, path) from None
    finally:
        source.stream.close()


_SAFE = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}


def _read_root(path) -> tuple[str, str]:
    """The WXR version and namespace, from the root element alone."""
    with path.open("rb") as stream:
        for _, root in etree.iterparse(stream, events=("start",), **_SAFE):
            version = _sniff_version(root, path)
            return version, f"http://wordpress.org/export/{version}/"
    raise WXRError("the file is empty", path)


def _syntax_error(error, path) -> WXRError:
    """libxml2's first error, said plainly, with its line."""
    errors = [
        e for e in error.error_log.filter_from_errors() if e.filename == str(path)
    ]
    first = errors[0] if errors else None
    message = first.message if first else (error.msg or str(error))
    line = first.line if first else error.lineno
    message = re.sub(r", line \d+, column \d+$", "", message).strip()
    if "encoding" in message or "UTF-8" in message:
        reason = f"bytes that are not UTF-8 ({message})"
    elif "Premature end" in message or "end of data" in message.lower():
        reason = f"the file ends too soon; is it complete? ({message})"
    elif "Entity" in message:
        reason = f"an entity that is not allowed ({message})"
    else:
        reason = f"not well-formed XML ({message})"
    return WXRError(reason, path, line or None)


_SITE_FIELDS = {
    "title",
    "link",
    "wp:base_site_url",
    "wp:base_blog_url",
    "wp:wxr_version",
}


def _sniff_version(root, path) -> str:
    if root.tag != "rss":
        raise WXRError(
            f"not a WordPress export: the document is <{root.tag}>, not <rss>",
            path,
            root.sourceline,
        )
    versions = {
        match.group(1)
        for uri in root.nsmap.values()
        if uri and (match := WP_NAMESPACE.match(uri))
    }
    if not versions:
        raise WXRError(
            "not a WordPress export: no WXR namespace "
            "(http://wordpress.org/export/1.x/)",
            path,
            root.sourceline,
        )
    version = max(versions)
    if version not in SUPPORTED_VERSIONS:
        raise WXRError(
            f"unsupported WXR version {version} (supported: "
            f"{', '.join(SUPPORTED_VERSIONS)})",
            path,
            root.sourceline,
        )
    return version


# The channel's authors and terms: (record, its key, the key's tag, and the
# record's other fields with their tags).
_TERMS = {
    "wp:author": (Author, "id", "wp:author_id", {
        "login": "wp:author_login", "email": "wp:author_email",
        "display_name": "wp:author_display_name",
        "first_name": "wp:author_first_name", "last_name": "wp:author_last_name",
    }),
    "wp:category": (Category, "term_id", "wp:term_id", {
        "slug": "wp:category_nicename", "name": "wp:cat_name",
        "parent_slug": "wp:category_parent",
        "description": "wp:category_description",
    }),
    "wp:tag": (Tag, "term_id", "wp:term_id", {
        "slug": "wp:tag_slug", "name": "wp:tag_name",
        "description": "wp:tag_description",
    }),
}  # fmt: skip


def _channel_child(name, element, names, site, path) -> Record | None:
    line = element.sourceline
    if name in _SITE_FIELDS:
        if site is not None:
            text = (element.text or "").strip()
            attribute = {"title": "title", "link": "link"}.get(name)
            attribute = attribute or name.removeprefix("wp:").replace(
                "wxr_version", "version"
            )
            if attribute == "version":
                if text and text != site.version:
                    raise WXRError(
                        f"wxr_version {text} does not match the namespace "
                        f"{site.version}",
                        path,
                        line,
                    )
            else:
                setattr(site, attribute, text)
        return None
    if name in _TERMS:
        make, key, key_tag, tags = _TERMS[name]
        fields = _children(element, names)
        number = _integer(
            fields.get(key_tag, ""), key_tag.removeprefix("wp:"), path, line
        )
        text = {
            attribute: fields.get(tag, "").strip() for attribute, tag in tags.items()
        }
        return make(**{key: number}, **text, line=line)
    if name == "item":
        return _item(element, names, path)
    return None


def _item(element, names, path) -> Item:
    item = Item(line=element.sourceline)
    simple = {
        "title": "title",
        "link": "link",
        "guid": "guid",
        "dc:creator": "creator",
        "content:encoded": "content",
        "excerpt:encoded": "excerpt",
        "wp:comment_status": "comment_status",
        "wp:post_name": "slug",
        "wp:status": "status",
        "wp:post_type": "post_type",
        "wp:post_password": "password",
        "wp:attachment_url": "attachment_url",
    }
    local_date = ""
    for child in element:
        name = names(child.tag)
        text = child.text or ""
        line = child.sourceline
        if name in simple:
            setattr(
                item, simple[name], text.strip() if name != "content:encoded" else text
            )
        elif name == "wp:post_id":
            item.post_id = _integer(text, "post_id", path, line)
        elif name == "wp:post_parent":
            item.parent_id = _integer(text, "post_parent", path, line)
        elif name == "wp:menu_order":
            item.menu_order = _integer(text.lstrip("-"), "menu_order", path, line)
        elif name == "wp:is_sticky":
            item.is_sticky = text.strip() == "1"
        elif name == "wp:post_date_gmt":
            item.post_date = parse_date(text, path, line)
        elif name == "wp:post_date":
            local_date = text
            parse_date(text, path, line)
        elif name == "category":
            item.categories.append(
                (child.get("domain", ""), child.get("nicename", ""), text.strip())
            )
        elif name == "wp:postmeta":
            meta = _children(child, names)
            item.meta[meta.get("wp:meta_key", "")] = meta.get("wp:meta_value", "")
        elif name == "wp:comment":
            item.comments.append(_comment(child, names, path))
    if item.post_date is None and item.status in ("publish", "future", "private"):
        # WordPress leaves the GMT date empty on some old posts; the local date
        # is then the best there is.
        item.post_date = parse_date(local_date, path, item.line)
    if not item.post_id:
        raise WXRError("an item without wp:post_id", path, item.line)
    return item


def _comment(element, names, path) -> Comment:
    line = element.sourceline
    fields = _children(element, names)
    date = parse_date(fields.get("wp:comment_date_gmt", ""), path, line)
    if date is None:
        date = parse_date(fields.get("wp:comment_date", ""), path, line)
    return Comment(
        id=_integer(fields.get("wp:comment_id", ""), "comment_id", path, line),
        parent_id=_integer(
            fields.get("wp:comment_parent", ""), "comment_parent", path, line
        ),
        author=fields.get("wp:comment_author", "").strip(),
        email=fields.get("wp:comment_author_email", "").strip(),
        url=fields.get("wp:comment_author_url", "").strip(),
        ip=fields.get("wp:comment_author_IP", "").strip(),
        date=date,
        content=fields.get("wp:comment_content", ""),
        approved=fields.get("wp:comment_approved", "").strip(),
        type=fields.get("wp:comment_type", "").strip(),
        line=line,
    )


def _check_unique(item: Item, guids: dict, ids: dict, comments: dict, path) -> None:
    """Refuse a GUID, post ID or comment ID seen before (with both lines)."""
    checks = [("GUID", item.guid, guids, item.line)] if item.guid else []
    checks.append(("post ID", item.post_id, ids, item.line))
    checks += [("comment ID", c.id, comments, c.line) for c in item.comments]
    for what, key, seen, line in checks:
        if key in seen:
            shown = repr(key) if what == "GUID" else key
            raise WXRError(
                f"duplicate {what} {shown} (first on line {seen[key]})", path, line
            )
        seen[key] = line
