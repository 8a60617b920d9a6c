"""Article bodies: CommonMark in, sanitised HTML out, rendered once on save.

    >>> print(render_markdown("Talks will cover:\\n✅ Ceasefire\\n✅ Aid"))
    <p>Talks will cover:</p>
    <ul class="checklist">
    <li>Ceasefire</li>
    <li>Aid</li>
    </ul>

Two newsroom conventions are added to CommonMark:

- consecutive lines starting with a check mark (✅ ☑ ✔) form one checklist,
  which may follow its lead-in paragraph with no blank line between;
- a blockquote whose last paragraph starts with a dash ("— Dmitry Peskov")
  becomes a quote with attribution: ``<figure class="quote"><blockquote>``
  with the attribution in a ``<figcaption>``.

Whatever the Markdown holds, the output passes through nh3's allow-list, so
no script, style or event handler survives.

Images from the media library are named by number, ``![Alt text](image:12)``:
after sanitising, broadsheet.media.embedding draws each as a ``<picture>``
with its renditions (articles depend on media, never the other way round).
"""

import html
import re

import nh3
from django.utils.html import strip_tags
from django.utils.text import slugify
from markdown_it import MarkdownIt
from markdown_it.token import Token

from broadsheet.media.embedding import embed_library_images

CHECK_MARKS = ("✅", "☑️", "☑", "✔️", "✔")
ATTRIBUTION_DASHES = ("—", "―", "--")

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "ul": {"class"},
    "figure": {"class"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
}


def strip_check_mark(line: str) -> str | None:
    """Return the line's text after a leading check mark, or None if it has none."""
    stripped = line.lstrip()
    for mark in CHECK_MARKS:
        if stripped.startswith(mark):
            return stripped[len(mark) :].strip()
    return None


def _checklist_rule(state, start_line, end_line, silent):
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    items = []
    line = start_line
    while line < end_line:
        start = state.bMarks[line] + state.tShift[line]
        text = strip_check_mark(state.src[start : state.eMarks[line]])
        if text is None or state.sCount[line] - state.blkIndent >= 4:
            break
        items.append((line, text))
        line += 1
    if not items:
        return False
    if silent:
        return True

    token = state.push("bullet_list_open", "ul", 1)
    token.attrSet("class", "checklist")
    token.map = [start_line, line]
    for item_line, text in items:
        state.push("list_item_open", "li", 1).map = [item_line, item_line + 1]
        inline = state.push("inline", "", 0)
        inline.content = text
        inline.map = [item_line, item_line + 1]
        inline.children = []
        state.push("list_item_close", "li", -1)
    state.push("bullet_list_close", "ul", -1)
    state.line = line
    return True


def _attribution_rule(state):
    """Turn a blockquote ending in '— Name' into a figure with a figcaption."""
    tokens = state.tokens
    i = 0
    while i < len(tokens):
        if tokens[i].type != "blockquote_open":
            i += 1
            continue
        close = _matching_close(tokens, i)
        # The last three tokens inside are paragraph_open, inline, paragraph_close.
        last_inline = tokens[close - 2] if close - i >= 4 else None
        if (
            last_inline is None
            or last_inline.type != "inline"
            or tokens[close - 3].type != "paragraph_open"
        ):
            i = close + 1
            continue
        text = last_inline.content.strip()
        dash = next((d for d in ATTRIBUTION_DASHES if text.startswith(d)), None)
        if dash is None or close - 3 == i + 1:
            i = close + 1
            continue
        caption = text[len(dash) :].strip()
        last_inline.content = caption
        last_inline.children = None
        figure_open = Token("figure_open", "figure", 1)
        figure_open.attrSet("class", "quote")
        new = (
            [figure_open]
            + tokens[i : close - 3]
            + [tokens[close]]
            + [
                Token("figcaption_open", "figcaption", 1),
                last_inline,
                Token("figcaption_close", "figcaption", -1),
            ]
            + [Token("figure_close", "figure", -1)]
        )
        tokens[i : close + 1] = new
        i += len(new)


def _matching_close(tokens, open_index):
    depth = 0
    for j in range(open_index, len(tokens)):
        if tokens[j].type == "blockquote_open":
            depth += 1
        elif tokens[j].type == "blockquote_close":
            depth -= 1
            if depth == 0:
                return j
    return len(tokens) - 1


def _heading_ids(state):
    """Give each h2/h3 a stable id so a section of the story can be linked to."""
    seen = set()
    for index, token in enumerate(state.tokens):
        if token.type == "heading_open" and token.tag in {"h2", "h3"}:
            base = slugify(state.tokens[index + 1].content) or "section"
            anchor, n = base, 2
            while anchor in seen:
                anchor, n = f"{base}-{n}", n + 1
            seen.add(anchor)
            token.attrSet("id", anchor)


def _build_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"typographer": False})
    md.block.ruler.before(
        "paragraph",
        "checklist",
        _checklist_rule,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    md.core.ruler.after("block", "attribution", _attribution_rule)
    md.core.ruler.push("heading_ids", _heading_ids)
    return md


_parser = _build_parser()


def render_markdown(source: str) -> str:
    """Return the sanitised HTML for an article body written in Markdown."""
    html = _parser.render(source)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        # image: names a library image (broadsheet.media.embedding).
        url_schemes={"http", "https", "mailto", "image"},
        link_rel="noopener noreferrer",
    ).strip()
    return embed_library_images(clean)


def opening_text(body_html: str) -> str:
    """The plain text of a rendered body's first paragraph (or of the whole
    body, if it has no paragraph): what descriptions and feeds shorten."""
    opening = re.search(r"<p>(.*?)</p>", body_html, re.S)
    text = strip_tags(opening.group(1) if opening else body_html)
    return " ".join(html.unescape(text).split())
