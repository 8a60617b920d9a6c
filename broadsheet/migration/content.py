"""WordPress post content to an article body Broadsheet can store and render.

    >>> convert("<!-- wp:paragraph --><p>Hello</p><!-- /wp:paragraph -->").body
    '<p>Hello</p>'

The body is stored as sanitised HTML, not translated to Markdown: CommonMark
passes HTML blocks through unchanged, so `Article.body` keeps every element
WordPress had that the sanitiser allows, and `render_markdown` (the same
pipeline as every article) renders and sanitises it again on save. Each
top-level element sits on its own lines with no blank line inside it, which is
what makes CommonMark treat it as one HTML block.

The steps follow WordPress's own `the_content` filters: block-editor comments
are removed (block content is never auto-paragraphed) or, for classic text,
`wpautop` runs; then shortcodes become figures and links; then nh3 with the
articles' allow-list. Unknown blocks keep their inner HTML and unknown
shortcodes stay as their readable text; both are counted for the report.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import nh3
from lxml import html as lxml_html

from broadsheet.articles.rendering import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from broadsheet.migration.wpautop import wpautop
from broadsheet.text import whole_number

KNOWN_BLOCKS = {
    "paragraph", "heading", "list", "list-item", "quote", "pullquote", "image",
    "gallery", "embed", "video", "audio", "separator", "preformatted", "code",
    "html", "more", "nextpage", "table", "columns", "column", "group", "buttons",
    "button", "spacer", "shortcode", "freeform", "verse", "media-text", "cover",
    "file", "details",
}  # fmt: skip
KNOWN_SHORTCODES = {"caption", "wp_caption", "gallery", "embed", "video", "audio"}

_BLOCK_COMMENT = re.compile(
    r"<!--\s+(/?)wp:([a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)(?:\s+(\{.*?\}))?\s+(/?)-->",
    re.S,
)
# WordPress's get_shortcode_regex() for any name (Python 3.11 has its
# possessive quantifiers): [name attrs], [name attrs /], [name]body[/name],
# and [[name]] for a shortcode written out literally.
_SHORTCODE = re.compile(
    r"\[(\[?)([A-Za-z][\w-]*)(?![\w-])"
    r"([^\]/]*+(?:/(?!\])[^\]/]*+)*+)"
    r"(?:(/)\]|\](?:([^\[]*+(?:\[(?!/\2\])[^\[]*+)*+)\[/\2\])?)(\]?)"
)
_ATTRIBUTE = re.compile(
    r'([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*\'([^\']*)\'(?:\s|$)'
    r'|([\w-]+)\s*=\s*([^\s\'"]+)(?:\s|$)|"([^"]*)"(?:\s|$)|(\S+)(?:\s|$)'
)
_BARE_URL_LINE = re.compile(r"^(\s*<p>)?\s*(https?://[^\s<>\"]+)\s*(</p>)?\s*$", re.M)
_EMPTY = re.compile(r"^<p>\s*</p>$")
INLINE_TAGS = {
    "a", "abbr", "b", "br", "code", "em", "i", "img", "s", "strong", "sub", "sup"
}  # fmt: skip


@dataclass
class Conversion:
    body: str
    unknown_blocks: Counter = field(default_factory=Counter)
    unknown_shortcodes: Counter = field(default_factory=Counter)
    unresolved_attachments: set[int] = field(default_factory=set)


@dataclass
class Attachment:
    url: str
    alt: str = ""
    caption: str = ""
    file: str = ""
    parent_id: int = 0
    link: str = ""


def shortcode_attributes(text: str) -> dict[str, str]:
    """shortcode_parse_atts: name="value" pairs; bare values under their index."""
    attributes: dict[str, str] = {}
    for n, match in enumerate(_ATTRIBUTE.finditer(text.strip())):
        groups = match.groups()
        for name_index in (0, 2, 4):
            if groups[name_index]:
                attributes[groups[name_index].lower()] = groups[name_index + 1]
                break
        else:
            attributes[str(n)] = groups[6] if groups[6] is not None else groups[7]
    return attributes


def convert(
    source: str,
    attachments: Callable[[int], Attachment | None] = lambda wp_id: None,
) -> Conversion:
    """Return the article body for a post's content, and what was unknown in it."""
    result = Conversion(body="")
    text = source.replace("\r\n", "\n").replace("\r", "\n")
    text = _strip_blocks(text, result) if "<!-- wp:" in text else wpautop(text)
    text = _unautop_shortcodes(text)
    text = _SHORTCODE.sub(lambda m: _shortcode(m, result, attachments), text)
    text = _BARE_URL_LINE.sub(_autoembed, text)
    text = re.sub(r"<(/?)h1(\b[^>]*)>", r"<\1h2\2>", text)
    result.body = layout_blocks(sanitise(text))
    return result


def plain_text(markup: str) -> str:
    """The text of a bit of WordPress HTML: tags dropped, links kept as (URL)."""
    if "<" not in markup and "&" not in markup:
        return markup.strip()
    markup = re.sub(
        r'<a\s[^>]*href="([^"]+)"[^>]*>(.*?)</a>',
        lambda m: (
            m.group(2) if m.group(2) == m.group(1) else f"{m.group(2)} ({m.group(1)})"
        ),
        markup,
        flags=re.S | re.I,
    )
    markup = re.sub(r"<br\s*/?>|</p>", "\n", markup, flags=re.I)
    return html.unescape(nh3.clean(markup, tags=set())).strip()


def sanitise(text: str) -> str:
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )


def _strip_blocks(text: str, result: Conversion) -> str:
    def replace(match):
        closing, name, _attributes, self_closing = match.groups()
        short = name.removeprefix("core/")
        if not closing and short not in KNOWN_BLOCKS:
            kind = f"{name} (dynamic, nothing to keep)" if self_closing else name
            result.unknown_blocks[kind] += 1
        return "\n"

    return _BLOCK_COMMENT.sub(replace, text)


def _unautop_shortcodes(text: str) -> str:
    """shortcode_unautop: a shortcode alone in a paragraph loses the <p>."""
    return re.sub(
        r"<p>\s*(\[[A-Za-z][\w-]*[^\]]*\](?:.*?\[/[\w-]+\])?)\s*</p>",
        r"\1",
        text,
        flags=re.S,
    )


def _shortcode(match, result, attachments) -> str:
    if match.group(1) == "[" and match.group(6) == "]":
        return match.group(0)[1:-1]
    name = match.group(2).lower()
    attributes = shortcode_attributes(match.group(3) or "")
    inner = match.group(5) or ""
    if name in ("caption", "wp_caption"):
        return _caption(attributes, inner)
    if name == "gallery":
        return _gallery(attributes, result, attachments)
    if name == "embed":
        url = inner.strip() or attributes.get("src", "")
        return _link_paragraph(url, url)
    if name in ("video", "audio"):
        url = attributes.get("src") or next(
            (
                v
                for k, v in attributes.items()
                if k in ("mp4", "m4v", "webm", "ogv", "mp3", "ogg", "m4a", "wav")
            ),  # fmt: skip
            inner.strip(),
        )
        label = f"{name.capitalize()}: {url.rsplit('/', 1)[-1]}"
        return _link_paragraph(url, label)
    result.unknown_shortcodes[name] += 1
    return match.group(0)


def _caption(attributes, inner) -> str:
    caption = attributes.get("caption", "")
    image = re.match(r"\s*((?:<a [^>]*>\s*)?<img [^>]*>(?:\s*</a>)?)(.*)", inner, re.S)
    if image:
        media, rest = image.group(1), image.group(2)
        caption = caption or rest.strip()
    else:
        media, caption = inner, caption or ""
    return f"\n<figure>{media}<figcaption>{caption.strip()}</figcaption></figure>\n"


def _gallery(attributes, result, attachments) -> str:
    images = []
    for part in attributes.get("ids", attributes.get("include", "")).split(","):
        wp_id = whole_number(part.strip())
        if wp_id is None:
            continue
        attachment = attachments(wp_id)
        if attachment is None:
            result.unresolved_attachments.add(wp_id)
            continue
        caption = (
            f"<figcaption>{html.escape(attachment.caption)}</figcaption>"
            if attachment.caption
            else ""
        )
        images.append(
            f'<figure><img src="{html.escape(attachment.url)}" '
            f'alt="{html.escape(attachment.alt)}">{caption}</figure>'
        )
    if not images:
        return "\n<p>[gallery]</p>\n"
    return "\n" + "\n".join(images) + "\n"


def _link_paragraph(url: str, label: str) -> str:
    url = url.strip()
    if not url:
        return ""
    return f'\n<p><a href="{html.escape(url)}">{html.escape(label)}</a></p>\n'


def _autoembed(match) -> str:
    # WordPress turns a URL alone on its line into an oEmbed; Broadsheet
    # fetches nothing, so it stays a link.
    url = html.unescape(match.group(2))
    return _link_paragraph(url, url).strip("\n")


def layout_blocks(sanitised: str) -> str:
    """One top-level element per chunk, inline runs wrapped in <p>, no blank
    line inside a chunk: the shape CommonMark passes through as HTML blocks."""
    if not sanitised.strip():
        return ""
    fragments = lxml_html.fragments_fromstring(sanitised)
    blocks: list[str] = []
    inline: list[str] = []

    def flush():
        joined = "".join(inline).strip()
        inline.clear()
        if joined:
            blocks.append(f"<p>{joined}</p>")

    for fragment in fragments:
        if isinstance(fragment, str):
            inline.append(html.escape(fragment, quote=False))
            continue
        tail, fragment.tail = fragment.tail, None
        markup = lxml_html.tostring(fragment, encoding="unicode")
        if fragment.tag in INLINE_TAGS:
            inline.append(markup)
        else:
            flush()
            blocks.append(markup)
        if tail:
            inline.append(html.escape(tail, quote=False))
    flush()
    return "\n\n".join(
        _without_blank_lines(block) for block in blocks if not _EMPTY.match(block)
    )


def _without_blank_lines(block: str) -> str:
    if block.startswith("<pre"):
        return block.strip()
    return re.sub(r"\n\s*\n+", "\n", block).strip()
