"""Hypothesis strategies for the follow form's POST bodies."""

from urllib.parse import urlencode

from hypothesis import strategies as st

from broadsheet.replies.tests.strategies import HOSTILE

addresses = st.one_of(
    st.emails().map(str),
    st.emails().map(lambda e: f"  {e.upper()} "),
    st.sampled_from(
        [
            "alice.victim@maılbox.example",  # dotless ı: another domain
            "ａｌｉｃｅ@mailbox.example",  # full-width letters
            "a@b",
            "@",
            "x" * 250 + "@mail.example",
            "<script>alert(1)</script>@mail.example",
        ]
    ),
    HOSTILE,
    st.text(max_size=80),
)


@st.composite
def follow_bodies(draw):
    """A urlencoded body: an address of any kind, perhaps missing, perhaps
    with fields the form does not have."""
    data = {}
    if draw(st.booleans()) or draw(st.booleans()):
        data["email"] = draw(addresses)
    for name in draw(
        st.lists(st.sampled_from(["name", "homepage", "story"]), max_size=2)
    ):
        data[name] = draw(st.one_of(HOSTILE, st.text(max_size=20)))
    return urlencode(data).encode()
