"""The plain-text article format, as news sites' pages read when copied out.

    17 Mar 2025, Mon                 <- first line: the dateline

    A paragraph, on one line or several.

    Section Heading                  <- a short line with no closing punctuation
    The conversation will focus on:
    ✅ Ceasefire negotiations         <- check-mark lines form one list, and may
    ✅ Humanitarian aid               <- follow their lead-in with no blank line

    Leave a Reply                    <- trailing site boilerplate is dropped

`parse_article_text(text)` returns the dateline, the headline (see
`derive_headline`) and the body as Markdown, escaped so that nothing in the
text is taken for Markdown syntax by accident.
"""

import re
from dataclasses import dataclass
from datetime import tzinfo

from broadsheet.articles.datelines import Dateline, DatelineError, parse_dateline
from broadsheet.articles.rendering import strip_check_mark

HEADING_MAX_CHARS = 80
HEADING_MAX_WORDS = 12
HEADLINE_MAX_CHARS = 100
CLOSING_PUNCTUATION = tuple(".,;:!?…\"”’')»]*")
BOILERPLATE = re.compile(
    r"^(leave a (reply|comment)|cancel reply|post (a )?(reply|comment)"
    r"|your email address will not be published\.?( required fields are marked \*)?"
    r"|required fields are marked \*)$",
    re.IGNORECASE,
)
_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "jr",
    "sr",
    "gen",
    "sen",
    "rep",
    "gov",
    "lt",
    "col",
    "prof",
    "no",
    "vs",
    "inc",
    "co",
    "corp",
    "ltd",
}
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")


class TextFormatError(ValueError):
    """The text cannot be read as an article; `line` is 1-based, or None."""

    def __init__(self, reason: str, line: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.line = line


@dataclass(frozen=True)
class Block:
    kind: str  # "paragraph", "heading" or "checklist"
    lines: tuple[str, ...]


@dataclass(frozen=True)
class ParsedArticle:
    dateline: Dateline
    headline: str
    blocks: tuple[Block, ...]

    @property
    def body_markdown(self) -> str:
        return "\n\n".join(_block_markdown(block) for block in self.blocks) + "\n"


def parse_article_text(text: str, tz: tzinfo | None = None) -> ParsedArticle:
    """Return the article in the text, or raise TextFormatError naming the line."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    numbered = [(number, line.strip()) for number, line in enumerate(lines, start=1)]
    content = [(n, line) for n, line in numbered if line]
    if not content:
        raise TextFormatError("the file is empty")
    dateline_number, dateline_text = content[0]
    try:
        dateline = parse_dateline(dateline_text, tz=tz)
    except DatelineError as error:
        raise TextFormatError(
            f"the first line must be a dateline: {error}", dateline_number
        ) from None

    body_lines = _drop_boilerplate(numbered[dateline_number:])
    blocks = [_classify(group) for group in _split_blocks(body_lines)]
    blocks = [part for block in blocks for part in block]
    if not blocks:
        raise TextFormatError(
            "there is no article text after the dateline", dateline_number
        )
    if blocks[0].kind == "heading" and len(blocks) > 1:
        headline, blocks = blocks[0].lines[0], blocks[1:]
    else:
        headline = derive_headline(blocks)
    return ParsedArticle(dateline, headline, tuple(blocks))


def derive_headline(blocks: list[Block]) -> str:
    """The first sentence of the first paragraph, cut at a word to 100 characters."""
    first = next((b for b in blocks if b.kind == "paragraph"), blocks[0])
    text = " ".join(first.lines)
    sentence = first_sentence(text)
    if len(sentence) <= HEADLINE_MAX_CHARS:
        return sentence
    cut = sentence[: HEADLINE_MAX_CHARS - 1].rsplit(" ", 1)[0].rstrip(" ,;:—-")
    return cut + "…"


def first_sentence(text: str) -> str:
    """Return the text up to its first full stop that is not an abbreviation's."""
    for match in _SENTENCE_END.finditer(text):
        before = text[: match.start()].rstrip('"”’)')
        last_word = before.rsplit(" ", 1)[-1].rstrip(".!?").lower()
        if "." in last_word or last_word in _ABBREVIATIONS or len(last_word) == 1:
            continue
        return text[: match.start()].strip()
    return text.strip()


def is_heading(line: str) -> bool:
    """A short line with no closing punctuation reads as a section heading."""
    return (
        len(line) <= HEADING_MAX_CHARS
        and len(line.split()) <= HEADING_MAX_WORDS
        and not line.endswith(CLOSING_PUNCTUATION)
        and strip_check_mark(line) is None
    )


def escape_markdown(text: str) -> str:
    """Backslash-escape whatever CommonMark would read as syntax in this line."""
    text = re.sub(r"([\\`*_\[\]<>&~|])", r"\\\1", text)
    text = re.sub(r"^([#+=\-])", r"\\\1", text)
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", text)


def _drop_boilerplate(numbered: list[tuple[int, str]]) -> list[tuple[int, str]]:
    end = len(numbered)
    while end and (not numbered[end - 1][1] or BOILERPLATE.match(numbered[end - 1][1])):
        end -= 1
    return numbered[:end]


def _split_blocks(numbered):
    group = []
    for number, line in numbered:
        if line:
            group.append((number, line))
        elif group:
            yield group
            group = []
    if group:
        yield group


def _classify(group) -> list[Block]:
    """Split a run of lines into paragraph, heading and checklist blocks."""
    lines = [line for _, line in group]
    if len(lines) == 1 and is_heading(lines[0]):
        return [Block("heading", (lines[0],))]
    blocks, current, current_kind = [], [], None
    for line in lines:
        item = strip_check_mark(line)
        kind = "paragraph" if item is None else "checklist"
        if kind != current_kind and current:
            blocks.append(Block(current_kind, tuple(current)))
            current = []
        current_kind = kind
        if item == "":
            continue
        current.append(line if item is None else item)
    if current:
        blocks.append(Block(current_kind, tuple(current)))
    return blocks


def _block_markdown(block: Block) -> str:
    if block.kind == "heading":
        return "## " + escape_markdown(block.lines[0])
    if block.kind == "checklist":
        return "\n".join("✅ " + escape_markdown(item) for item in block.lines)
    return "\n".join(escape_markdown(line) for line in block.lines)
