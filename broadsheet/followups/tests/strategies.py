"""Text that looks like news copy about the future, and datelines to read it from."""

from datetime import datetime

from hypothesis import strategies as st

WORDS = [
    "The", "council", "will", "vote", "meet", "said", "was", "held", "is",
    "scheduled", "to", "are", "due", "expected", "on", "by", "in", "within",
    "this", "next", "later", "tomorrow", "Tomorrow's", "the", "day", "after",
    "week", "month", "weekend", "today", "Monday", "Thursday", "Sunday",
    "March", "February", "December", "January", "29", "31", "1st", "20", "2024",
    "2025", "48", "hours", "days", "weeks", "two", "a", "if", "not", "until",
    "or", "and", "“", "”", '"', "‘", "’", ",", ".", "?", "U.S.", "Mr.", "—",
    "\n\n", "of", "every", "last", "ago", "yesterday", "’ll", "may", "May",
]  # fmt: skip

news_texts = st.one_of(
    st.deferred(lambda: promising_texts()),
    st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join),
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=8)), max_size=40).map(
        " ".join
    ),
)
datelines = st.datetimes(
    min_value=datetime(1971, 1, 1), max_value=datetime(2099, 12, 1)
)

EXPRESSIONS = [
    "tomorrow", "the day after tomorrow", "on Thursday", "on Sunday", "by Monday",
    "next Friday", "this Saturday", "next week", "next month", "later this week",
    "later this month", "this weekend", "later today", "within 48 hours",
    "in 3 days", "in two weeks", "on 29 February", "on 31 December",
    "on 1 January", "on March 20th", "on 20 March 2026", "on Friday, 2 January",
]  # fmt: skip


MARKERS = ["will", "is due to", "are expected to", "said it will", "met"]


@st.composite
def promising_texts(draw):
    """Paragraphs of sentences that promise something, among other words."""
    sentences = [
        f"{draw(st.sampled_from(['The council', 'Talks', 'The court']))} "
        f"{draw(st.sampled_from(MARKERS))} meet {draw(st.sampled_from(EXPRESSIONS))}."
        for _ in range(draw(st.integers(1, 4)))
    ]
    noise = draw(st.lists(st.sampled_from(WORDS), max_size=10))
    return " ".join(sentences + noise)
