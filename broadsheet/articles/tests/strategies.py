"""Hypothesis strategies for the articles app: datelines and plain-text articles."""

from datetime import date

from hypothesis import strategies as st

# Letters of several scripts, digits, and every character Markdown gives a meaning to.
WORD_CHARACTERS = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    "éüßçñøжщλΩ中文"
    "\\`*_{}[]()<>#+-.!|~&;:'\"“”‘’/=%$@^?,"
)
words = st.text(alphabet=WORD_CHARACTERS, min_size=1, max_size=10)
plain_words = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzéжABCXYZ0123456789", min_size=1, max_size=10
)


@st.composite
def sentences(draw, min_words=1, max_words=25):
    """A line that ends with a full stop, so it never reads as a heading."""
    return " ".join(draw(st.lists(words, min_size=min_words, max_size=max_words))) + "."


@st.composite
def headings(draw):
    """A short line without closing punctuation: the format's section heading."""
    inner = draw(st.lists(words, min_size=0, max_size=4))
    return " ".join([*inner, draw(plain_words)])[:80].strip() or "Heading"


@st.composite
def article_blocks(draw):
    """A list of ("paragraph", lines) / ("heading", [line]) / ("checklist", items)."""
    blocks = [("paragraph", draw(st.lists(sentences(), min_size=1, max_size=3)))]
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["paragraph", "heading", "checklist"]))
        if kind == "paragraph":
            blocks.append(
                ("paragraph", draw(st.lists(sentences(), min_size=1, max_size=3)))
            )
        elif kind == "heading":
            blocks.append(("heading", [draw(headings())]))
        else:
            items = draw(st.lists(sentences(max_words=8), min_size=1, max_size=5))
            blocks.append(("checklist", items))
    return blocks


def article_text(day: date, blocks, lead_in: bool) -> str:
    """Write blocks in the plain-text format; lead_in puts lists under a paragraph."""
    parts = [f"{day:%d %b %Y}, {day:%a}"]
    for index, (kind, lines) in enumerate(blocks):
        if kind == "checklist":
            text = "\n".join(f"✅ {item}" for item in lines)
            previous = blocks[index - 1][0] if index else None
            if lead_in and previous == "paragraph":
                parts[-1] += "\n" + text
                continue
            parts.append(text)
        else:
            parts.append("\n".join(lines))
    parts.append("Leave a Reply")
    parts.append(
        "Your email address will not be published. Required fields are marked *"
    )
    return "\n\n".join(parts) + "\n"


# Past dates only: a future dateline schedules the article instead of publishing it.
dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2024, 12, 31))
