"""Hypothesis strategies for WordPress post content."""

from hypothesis import strategies as st

# Letters of several scripts, digits, and the characters Markdown or HTML give
# a meaning to; no "<" or "[" (those start markup and shortcodes, drawn apart).
WORD_CHARACTERS = (
    "abcdefghijklmnopqrstuvwxyzABCXYZ0123456789éжλ中\\`*_{}()#+-.!|~&;:'\"“”/=%$@^?,"
)
words = st.text(alphabet=WORD_CHARACTERS, min_size=1, max_size=10)


@st.composite
def paragraphs(draw):
    """A paragraph: one to three lines of words."""
    lines = draw(
        st.lists(st.lists(words, min_size=1, max_size=8), min_size=1, max_size=3)
    )
    return "\n".join(" ".join(line) for line in lines)


UNSAFE = st.sampled_from([
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">link</a>',
    "<style>body{display:none}</style>",
    '<iframe src="https://evil.example"></iframe>',
    '<p style="x" onclick="steal()">text</p>',
    '<svg onload="alert(1)"></svg>',
    "<!-- wp:html --><script>alert(2)</script><!-- /wp:html -->",
    '[caption]<img src=x onerror=alert(3)>[/caption]',
    '[embed]javascript:alert(4)[/embed]',
    '<object data="x.swf"></object>',
    '<form action="https://evil.example"><input name=a></form>',
])  # fmt: skip


@st.composite
def hostile_content(draw):
    """Paragraphs with dangerous markup spliced in between and inside them."""
    parts = draw(st.lists(st.one_of(paragraphs(), UNSAFE), min_size=1, max_size=8))
    return draw(st.sampled_from(["\n\n", "", "\n"])).join(parts)
