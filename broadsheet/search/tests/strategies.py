"""Queries a reader, a broken client or an attacker might send."""

from hypothesis import strategies as st

SYNTAX = [
    '"', "'", "*", "-", "+", "(", ")", ":", "^", "NEAR", "NEAR(", "AND", "OR",
    "NOT", "{", "}", "\\", "\x00", "%", "_", "&", "|", "!", "<->", ":*", " ",
]  # fmt: skip
WORDS = ["ceasefire", "Peskov", "kyiv", "guarantee", "talks", "é", "ß", "İ"]


def queries():
    """Text mixing engine syntax, real words and any characters at all."""
    pieces = st.one_of(
        st.sampled_from(SYNTAX), st.sampled_from(WORDS), st.text(max_size=8)
    )
    return st.one_of(
        st.lists(pieces, max_size=12).map("".join),
        st.lists(pieces, max_size=12).map(" ".join),
        st.text(),
    )


def raw_query_strings():
    """Percent-encoded bytes, valid UTF-8 or not."""
    return st.binary(max_size=40).map(
        lambda data: "q=" + "".join(f"%{byte:02X}" for byte in data)
    )


INVISIBLE = ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e"]


def full_width(text: str) -> str:
    """The text's ASCII letters and digits in their full-width forms (Ａ for A)."""
    return "".join(
        chr(ord(char) + 0xFEE0) if char.isascii() and char.isalnum() else char
        for char in text
    )


@st.composite
def disguised(draw, word: str) -> str:
    """The word as a copy-paste may bring it: invisible characters inside, some
    letters full-width, a byte order mark in front."""
    letters = []
    for char in word:
        if draw(st.booleans()):
            char = full_width(char)
        letters.append(char)
        letters.append(draw(st.sampled_from(["", "", *INVISIBLE])))
    return draw(st.sampled_from(["", "\ufeff"])) + "".join(letters)
