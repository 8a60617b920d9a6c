"""Hypothesis strategies for reply POST bodies: plausible, hostile and broken."""

from urllib.parse import urlencode

from hypothesis import strategies as st

FIELDS = [
    "comment",
    "name",
    "email",
    "website",
    "parent",
    "started",
    "homepage",
    "remember",
    "notify",
]
HOSTILE = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "\x00",
        "\x00\x00abc",
        "javascript:alert(1)",
        "x" * 10_001,
        "  ",
        "\ud7ff",
        "&#x3C;script&#x3E;",
        "%00",
        "a@b",
        "@",
        "http://",
        "https://example.org/" + "p" * 300,
        "-1",
        "999999999999999999999",
        "<b>bold</b>",
        "]]>",
        "{{ 7*7 }}",
        "{% csrf_token %}",
        "\x1b[31mred\x1b[0m",  # control characters XML cannot carry
        "bell\x07 back\x08space",
        "\x0c\x0b\x7f\x85\ufffe",
    ]
)
values = st.one_of(
    st.text(max_size=60),
    HOSTILE,
    st.integers(-5, 10**6).map(str),
    st.emails().map(str),
    st.just(""),
)


@st.composite
def form_bodies(draw, valid_parent_ids=()):
    """A urlencoded body: a mostly plausible reply with any field broken or missing."""
    data = {
        "comment": draw(st.one_of(st.text(min_size=1, max_size=200), values)),
        "name": draw(st.one_of(st.text(min_size=1, max_size=40), values)),
        "email": draw(st.one_of(st.emails().map(str), values)),
        "website": draw(st.one_of(st.just(""), st.just("https://example.org"), values)),
    }
    if valid_parent_ids:
        data["parent"] = draw(
            st.one_of(st.sampled_from(valid_parent_ids).map(str), values)
        )
    for name in draw(st.lists(st.sampled_from(FIELDS), max_size=3)):
        data[name] = draw(values)
    for name in draw(st.lists(st.sampled_from(FIELDS), max_size=2)):
        data.pop(name, None)
    return urlencode(data).encode()


raw_bodies = st.one_of(
    st.binary(max_size=300),
    st.binary(max_size=40).map(
        lambda b: b"comment=" + b + b"&name=%FF%FE&email=x%40y.z"
    ),
)
