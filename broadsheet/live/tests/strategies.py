"""Entry texts for property tests: Markdown, hostile markup, and plain noise."""

from hypothesis import strategies as st

PIECES = [
    "The call began.",
    "**bold**",
    "*said*",
    "\n\n",
    "\n- ",
    "\n> ",
    "\n✅ ",
    "— Dmitry Peskov",
    "[link](https://example.org/)",
    "[bad](javascript:alert(1))",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<style>body{}</style>",
    "</script>",
    "![Alt](image:1)",
    "&amp; <b>",
]

entry_texts = (
    st.lists(
        st.one_of(st.sampled_from(PIECES), st.text(max_size=40)),
        min_size=1,
        max_size=12,
    )
    .map("".join)
    .filter(lambda text: text.strip() and "\x00" not in text)
)
