"""Write the whole site as a WordPress export (WXR 1.2), so leaving is as easy
as arriving.

    export_wordpress("site.xml", base_url="https://news.example")

Sections become categories (with their WordPress parent when they came from
one), tags tags, authors authors, articles posts with their status, dates,
dek as excerpt, and replies comments with their thread, state, email, URL and
IP. The body goes out as the rendered, sanitised HTML: WordPress's importer
takes HTML, and Broadsheet's importer reads it back unchanged. Written with
lxml's incremental writer, one article at a time.
"""

from __future__ import annotations

import html
import re
from datetime import UTC

from django.db.models import Max, Prefetch
from django.utils import timezone
from lxml import etree
from lxml import html as lxml_html

from broadsheet.articles.models import Article, Author, Byline, Pin, Section, Tag
from broadsheet.media.models import Image
from broadsheet.migration.models import ImportedItem
from broadsheet.migration.posts import BYLINES_META
from broadsheet.pages.models import Page
from broadsheet.replies.models import Reply

WP = "http://wordpress.org/export/1.2/"
NSMAP = {
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": WP,
}
STATUSES = {
    Article.Status.PUBLISHED: "publish",
    Article.Status.SCHEDULED: "future",
    Article.Status.DRAFT: "draft",
}
REPLY_STATES = {
    Reply.Status.APPROVED: "1",
    Reply.Status.PENDING: "0",
    Reply.Status.SPAM: "spam",
    Reply.Status.TRASH: "trash",
}
_PICTURE = re.compile(r"<picture>.*?</picture>", re.S)
_RENDITION = re.compile(r"/renditions/([0-9a-f]{32})/")
_ALT = re.compile(r'<img [^>]*?alt="([^"]*)"')
_CREDIT = re.compile(r'\s*<span class="credit">(.*?)</span>')
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value) -> str:
    return _NOT_XML.sub("", str(value or ""))


def _element(tag: str, value="", cdata=False, **attributes):
    namespace, _, local = tag.rpartition(":")
    element = etree.Element(f"{{{NSMAP[namespace]}}}{local}" if namespace else local)
    for name, attribute in attributes.items():
        element.set(name, _text(attribute))
    text = _text(value)
    element.text = etree.CDATA(text) if cdata and text and "]]>" not in text else text
    return element


def _dates(moment) -> tuple[str, str]:
    if moment is None:
        return "0000-00-00 00:00:00", "0000-00-00 00:00:00"
    local = timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")
    return local, moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def export_wordpress(path, *, base_url: str) -> dict[str, int]:
    """Write the site to path as WXR 1.2; return how many of each kind."""
    base_url = base_url.rstrip("/")
    counts = dict.fromkeys(("authors", "categories", "tags", "posts", "comments"), 0)
    counts["pages"] = 0
    with etree.xmlfile(str(path), encoding="utf-8") as out:
        out.write_declaration()
        with (
            out.element("rss", version="2.0", nsmap=NSMAP),
            out.element("channel"),
        ):
            _write_site(out, base_url)
            counts["authors"] = _write_all(out, Author.objects.all(), _author)
            counts["categories"] = _write_all(
                out, Section.objects.all(), _category, _section_parents()
            )
            counts["tags"] = _write_all(out, Tag.objects.all(), _tag)
            # WordPress numbers posts, pages and attachments in one series:
            # pages follow the articles, and the library's images the pages.
            offset = Article.objects.aggregate(top=Max("pk"))["top"] or 0
            library = Library(
                base_url, offset + (Page.objects.aggregate(top=Max("pk"))["top"] or 0)
            )
            sticky = set(
                Pin.objects.active()
                .filter(place=Pin.Place.FEATURED, section=None)
                .values_list("article_id", flat=True)
            )
            for article in _articles():
                out.write(_post(article, base_url, library, sticky))
                counts["posts"] += 1
                counts["comments"] += len(article.replies.all())
            for page in Page.objects.order_by("pk").iterator(chunk_size=200):
                out.write(_page(page, base_url, offset, library))
                counts["pages"] += 1
            counts["images"] = _write_all(
                out, Image.objects.order_by("pk"), library.attachment
            )
    return counts


class Library:
    """The media library as WordPress attachments, and bodies that name them.

    A body's library image (a <picture> of renditions) goes out as one <img>
    of its original with WordPress's `wp-image-N` class; its credit joins the
    caption as "Credit: …", which the importer reads back into the credit."""

    def __init__(self, base_url, offset):
        self.base_url, self.offset = base_url, offset
        self.by_key = {image.key.hex: image for image in Image.objects.all()}

    def id_of(self, image) -> int:
        return self.offset + image.pk

    def url(self, image) -> str:
        return self.base_url + image.file.url

    def body(self, body_html: str) -> str:
        if "<picture>" not in body_html:
            return body_html

        def original(match):
            key = _RENDITION.search(match.group(0))
            image = key and self.by_key.get(key.group(1))
            if image is None:
                return match.group(0)
            alt = _ALT.search(match.group(0))
            return (
                f'<img src="{html.escape(self.url(image))}" '
                f'alt="{alt.group(1) if alt else ""}" '
                f'class="wp-image-{self.id_of(image)}">'
            )

        body_html = _PICTURE.sub(original, body_html)
        return _CREDIT.sub(lambda m: f" Credit: {m.group(1)}", body_html)

    def attachment(self, image):
        local, gmt = _dates(image.created_at)
        item = _element("item")
        for tag, value, cdata in (
            ("title", image.original_name, False),
            ("link", self.url(image), False),
            ("guid", self.url(image), False),
            ("content:encoded", "", True),
            ("excerpt:encoded", image.caption, True),
            ("wp:post_id", self.id_of(image), False),
            ("wp:post_date", local, True),
            ("wp:post_date_gmt", gmt, True),
            ("wp:post_name", f"image-{image.pk}", True),
            ("wp:status", "inherit", True),
            ("wp:post_parent", 0, False),
            ("wp:post_type", "attachment", True),
            ("wp:attachment_url", self.url(image), True),
        ):
            item.append(_element(tag, value, cdata))
        for key, value in (
            ("_wp_attached_file", image.file.name),
            ("_wp_attachment_image_alt", image.alt_text),
        ):
            item.append(_meta(key, value))
        return item


def _meta(key, value):
    meta = _element("wp:postmeta")
    meta.append(_element("wp:meta_key", key, True))
    meta.append(_element("wp:meta_value", value, True))
    return meta


def _block_name(element) -> tuple[str, str]:
    tag = element.tag
    if tag == "p":
        return "paragraph", ""
    if tag in ("h2", "h3", "h4", "h5", "h6"):
        return "heading", f' {{"level":{tag[1]}}}'
    if tag in ("ul", "ol"):
        return "list", ' {"ordered":true}' if tag == "ol" else ""
    if tag == "blockquote":
        return "quote", ""
    if tag == "pre":
        return "preformatted", ""
    if tag == "hr":
        return "separator", ""
    return "html", ""


def as_blocks(body_html: str) -> str:
    """The article's HTML as block-editor blocks, one per top-level element, so
    WordPress's editor opens it as blocks and no importer re-paragraphs it."""
    if not body_html.strip():
        return ""
    blocks = []
    for fragment in lxml_html.fragments_fromstring(body_html):
        if isinstance(fragment, str):
            if fragment.strip():
                blocks.append(("html", "", fragment.strip()))
            continue
        fragment.tail = None
        name, attributes = _block_name(fragment)
        blocks.append(
            (name, attributes, lxml_html.tostring(fragment, encoding="unicode"))
        )
    return "\n\n".join(
        f"<!-- wp:{name}{attributes} -->\n{markup}\n<!-- /wp:{name} -->"
        for name, attributes, markup in blocks
    )


def _write_site(out, base_url) -> None:
    for tag, value in (
        ("title", "Broadsheet"),
        ("link", base_url),
        ("description", ""),
        ("wp:wxr_version", "1.2"),
        ("wp:base_site_url", base_url),
        ("wp:base_blog_url", base_url),
    ):
        out.write(_element(tag, value))


def _write_all(out, queryset, build, *extra) -> int:
    n = 0
    for row in queryset.iterator(chunk_size=500):
        out.write(build(row, *extra))
        n += 1
    return n


def _author(author):
    element = _element("wp:author")
    email = author.user.email if author.user_id else ""
    for tag, value in (
        ("wp:author_id", author.pk),
        ("wp:author_login", author.slug),
        ("wp:author_email", email),
        ("wp:author_display_name", author.name),
        ("wp:author_first_name", ""),
        ("wp:author_last_name", ""),
    ):
        element.append(_element(tag, value, cdata=True))
    return element


def _section_parents() -> dict[int, str]:
    """Section pk -> its parent's slug, for sections imported from nested categories."""
    categories = ImportedItem.objects.filter(kind=ImportedItem.Kind.CATEGORY)
    section_of = {item.wp_id: item.object_id for item in categories}
    slugs = dict(Section.objects.values_list("pk", "slug"))
    return {
        item.object_id: slugs.get(section_of.get(item.parent_wp_id), "")
        for item in categories
        if item.parent_wp_id
    }


def _category(section, parents):
    element = _element("wp:category")
    for tag, value in (
        ("wp:term_id", section.pk),
        ("wp:category_nicename", section.slug),
        ("wp:category_parent", parents.get(section.pk, "")),
        ("wp:cat_name", section.name),
        ("wp:category_description", section.description),
    ):
        element.append(_element(tag, value, cdata=tag != "wp:term_id"))
    return element


def _tag(tag):
    element = _element("wp:tag")
    element.append(_element("wp:term_id", tag.pk))
    element.append(_element("wp:tag_slug", tag.slug, cdata=True))
    element.append(_element("wp:tag_name", tag.name, cdata=True))
    return element


def _articles():
    return (
        Article.objects.order_by("pk")
        .select_related("section", "discussion")
        .prefetch_related(
            "tags",
            Prefetch("bylines", queryset=Byline.objects.select_related("author")),
            Prefetch("replies", queryset=Reply.objects.order_by("created_at", "pk")),
        )
        .iterator(chunk_size=200)
    )


def _is_open(discussion) -> bool:
    return discussion is None or discussion.is_open


def _post(article, base_url, library, sticky):
    local, gmt = _dates(article.published_at)
    authors = [byline.author.slug for byline in article.bylines.all()]
    discussion = getattr(article, "discussion", None)
    item = _element("item")
    for tag, value, cdata in (
        ("title", article.headline, False),
        ("link", base_url + article.get_absolute_url(), False),
        ("dc:creator", authors[0] if authors else "", True),
        ("description", "", False),
        ("content:encoded", as_blocks(library.body(article.body_html)), True),
        ("excerpt:encoded", article.dek, True),
        ("wp:post_id", article.pk, False),
        ("wp:post_date", local, True),
        ("wp:post_date_gmt", gmt, True),
        ("wp:comment_status", "open" if _is_open(discussion) else "closed", True),
        ("wp:ping_status", "closed", True),
        ("wp:post_name", article.slug, True),
        ("wp:status", STATUSES[article.status], True),
        ("wp:post_parent", 0, False),
        ("wp:menu_order", 0, False),
        ("wp:post_type", "post", True),
        ("wp:post_password", "", True),
        ("wp:is_sticky", int(article.pk in sticky), False),
    ):  # fmt: skip
        item.append(_element(tag, value, cdata))
    guid = _element("guid", f"{base_url}/?p={article.pk}", isPermaLink="false")
    item.insert(2, guid)
    item.append(_element("category", article.section.name, True, domain="category",
                         nicename=article.section.slug))  # fmt: skip
    for tag in article.tags.all():
        item.append(_element("category", tag.name, True, domain="post_tag",
                             nicename=tag.slug))  # fmt: skip
    if len(authors) > 1:
        item.append(_meta(BYLINES_META, ",".join(authors)))
    if article.featured_image_id:
        item.append(_meta("_thumbnail_id", library.offset + article.featured_image_id))
    for reply in article.replies.all():
        item.append(_comment(reply))
    return item


def _page(page, base_url, offset, library):
    local, gmt = _dates(page.updated_at)
    item = _element("item")
    for tag, value, cdata in (
        ("title", page.title, False),
        ("link", base_url + page.get_absolute_url(), False),
        ("dc:creator", "", True),
        ("guid", f"{base_url}/?page_id={page.pk + offset}", False),
        ("content:encoded", as_blocks(library.body(page.body_html)), True),
        ("excerpt:encoded", "", True),
        ("wp:post_id", page.pk + offset, False),
        ("wp:post_date", local, True),
        ("wp:post_date_gmt", gmt, True),
        ("wp:comment_status", "closed", True),
        ("wp:post_name", page.slug, True),
        ("wp:status", "publish" if page.is_live() else "draft", True),
        ("wp:post_parent", page.parent_id + offset if page.parent_id else 0, False),
        ("wp:menu_order", 0, False),
        ("wp:post_type", "page", True),
    ):
        item.append(_element(tag, value, cdata))
    return item


def _comment(reply):
    local, gmt = _dates(reply.created_at)
    element = _element("wp:comment")
    for tag, value, cdata in (
        ("wp:comment_id", reply.pk, False),
        ("wp:comment_author", reply.name, True),
        ("wp:comment_author_email", reply.email, True),
        ("wp:comment_author_url", reply.website, False),
        ("wp:comment_author_IP", reply.ip_address or "", True),
        ("wp:comment_date", local, True),
        ("wp:comment_date_gmt", gmt, True),
        ("wp:comment_content", reply.text, True),
        ("wp:comment_approved", REPLY_STATES[reply.status], True),
        ("wp:comment_type", "comment", True),
        ("wp:comment_parent", reply.parent_id or 0, False),
        ("wp:comment_user_id", 0, False),
    ):
        element.append(_element(tag, value, cdata))
    return element
