"""Promises in an article's text: sentences that say something will happen, and when.

    >>> from datetime import datetime
    >>> [p] = find_promises(
    ...     "The two leaders are scheduled to speak tomorrow.", datetime(2025, 3, 17)
    ... )
    >>> p.due_on.isoformat(), p.expression
    ('2025-03-18', 'tomorrow')

`dateline` is the article's date and time in the site's time zone (naive or
aware: only its local wall-clock reading is used). Our own patterns find the
candidate expressions ("tomorrow", "on Thursday", "next week", "on 20 March",
"within 48 hours", "later this month", ...); dateparser resolves those that
name a day, with the dateline as RELATIVE_BASE and PREFER_DATES_FROM="future";
spans of days ("next week") are our own arithmetic, since dateparser reads them
as a single instant seven days on. Then Broadsheet's rules keep only what is
certain, because a wrong date in an editor's calendar is worse than none:

- the sentence must say the thing *will* happen: the nearest tense marker to
  the expression (before it, else after it) is a future one ("will", "is
  scheduled to", "are due to", "’ll", ...), not a past one ("said", "was",
  "held", "yesterday", any verb in -ed);
- no questions, conditionals ("if", "unless", "could", "would", "might",
  "may") or negations ("not", "never") anywhere in the sentence;
- nothing inside quotation marks (the speaker's "tomorrow" counts from when
  they spoke, which the text rarely says), nothing possessive ("tomorrow's
  talks", "next week's summit": they name a thing, and "Tomorrow's World" is a
  programme), nothing capitalised mid-sentence ("The Day After Tomorrow");
- no ranges or alternatives ("on Thursday or Friday", "until next week");
- a weekday that is the dateline's own ("on Thursday" in a Thursday article:
  today, or a week on?) or a "next Thursday" that could be this week's or the
  following week's proposes nothing; nor does a day and month without a year
  more than half a year ahead (more likely a past date than next year's);
- the date is never before the dateline.

Every returned date is on or after the dateline's date.

The work is bounded, because it runs when an article is saved and anyone who
may write one could otherwise stall the save with a crafted body: a sentence
longer than MAX_SENTENCE characters proposes nothing (no real promise needs one
that long), at most MAX_CANDIDATES expressions of time are examined per text
(the first ones), and a sentence's tense markers are found once, so the whole is
roughly linear in the text's length.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

__all__ = [
    "MAX_CANDIDATES",
    "MAX_SENTENCE",
    "Promise",
    "find_promises",
    "plain_text",
    "sentences",
]

# Longer sentences propose nothing: precision over recall, and bounded work.
MAX_SENTENCE = 1000
# Expressions of time examined in one text; later ones are not looked at.
MAX_CANDIDATES = 200

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
WEEKDAYS.append("sunday")
_WEEKDAY = "|".join(WEEKDAYS)
_MONTH = (
    "january|february|march|april|may|june|july|august|september|october|"
    "november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
)
_NUMBERS = (
    "a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    "fourteen|twenty|thirty|forty-eight|seventy-two|\\d{1,3}"
)
_NOT_POSSESSIVE = r"(?!['’]s?\b|s\b|-)"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>\d{4})(?![\d:]))?"
_LEAD_WEEKDAY = rf"(?:(?P<wd>{_WEEKDAY}),?\s+)?"

# Each pattern names its kind; matched case-insensitively, word-bounded.
PATTERNS = [
    (
        "date",
        rf"\b(?P<lead>on|by)\s+{_LEAD_WEEKDAY}(?:the\s+)?{_DAY}(?:\s+of)?\s+"
        rf"(?P<month>{_MONTH})\b\.?{_YEAR}{_NOT_POSSESSIVE}",
    ),
    (
        "date",
        rf"\b(?P<lead>on|by)\s+{_LEAD_WEEKDAY}(?P<month>{_MONTH})\.?\s+{_DAY}\b"
        rf"{_YEAR}{_NOT_POSSESSIVE}",
    ),
    (
        "weekday",
        rf"\b(?P<lead>on|by|this|next)\s+(?P<wd>{_WEEKDAY})\b{_NOT_POSSESSIVE}",
    ),
    ("relative", rf"\b(?:the\s+day\s+after\s+)?tomorrow\b{_NOT_POSSESSIVE}"),
    (
        "duration",
        rf"\b(?P<lead>within|in)\s+(?:the\s+next\s+)?(?P<n>{_NUMBERS})\s+"
        rf"(?P<unit>hours?|days?|weeks?)\b{_NOT_POSSESSIVE}",
    ),
    (
        "span",
        r"\b(?P<span>next\s+week|next\s+month|later\s+this\s+week|"
        rf"later\s+this\s+month|this\s+weekend|later\s+today)\b{_NOT_POSSESSIVE}",
    ),
]
_PATTERNS = [(kind, re.compile(p, re.IGNORECASE)) for kind, p in PATTERNS]
# A word every pattern needs: most sentences have none, and one search skips them.
_TRIGGER = re.compile(
    rf"\b(?:tomorrow|today|week|weekend|month|hours?|days?|weeks?|{_WEEKDAY}|{_MONTH})\b",
    re.IGNORECASE,
)

_FUTURE = re.compile(
    r"\bwill\b|['’]ll\b|\bshall\b|\b(?:is|are|am|['’]s|['’]re)\s+(?:also\s+|now\s+)?"
    r"(?:scheduled|due|expected|set|slated|poised|planning|preparing|going|to)\b|"
    r"\b(?:plans?|intends?|aims?|expects?|vows?|promises?)\s+to\b"
)
_PAST_WORDS = (
    "was|were|had|did|said|told|held|met|went|came|began|spoke|wrote|took|gave|"
    "made|saw|left|won|lost|rose|fell|became|sent|spent|brought|thought|found|"
    "kept|paid|sold|stood|ran|led|fled|grew|knew|drew|threw|chose|broke|struck|"
    "sought|taught|caught|fought|bought|meant|felt|heard|stole|swore|woke|wore|"
    "yesterday|ago|last|earlier|previously|already|got|shut|quit|overnight"
)
_PAST = re.compile(rf"\b(?:{_PAST_WORDS})\b|\b(?-i:[a-z]{{2,}}ed)\b", re.IGNORECASE)
# Words in -ed that are not verbs in the past.
_NOT_PAST = {
    "need", "speed", "seed", "feed", "indeed", "proceed", "exceed", "succeed",
    "hundred", "bed", "shed", "bleed", "breed", "greed", "weed", "deed", "creed",
    "embed", "sacred", "naked", "wicked", "kindred", "red", "wed", "steed",
}  # fmt: skip
_DOUBTS = re.compile(
    r"\b(?:if|unless|whether|would|could|might|maybe|perhaps|possibly|"
    r"not|never|no\s+longer|cannot)\b|n['’]t\b|\b(?-i:may)\b(?!\s+\d)",
    re.IGNORECASE,
)
_BEFORE_EXPRESSION = re.compile(
    r"\b(?:until|till|since|from|through|after|before|than|every|each|of|"
    r"last|past|previous)\s+$",
    re.IGNORECASE,
)
_AFTER_EXPRESSION = re.compile(
    rf"^\s*(?:(?:or|to|through|till|until|-|–)\s*(?:\d|{_WEEKDAY}|{_MONTH}|next|"
    rf"the|later|tomorrow)|and\s+(?:\d|{_WEEKDAY}|{_MONTH}|tomorrow)\b)",
    re.IGNORECASE,
)
_ABBREVIATION = re.compile(
    r"^(?:(?:[A-Za-z]\.)+|Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Prof|Col|Capt|Lt|Sgt|"
    r"No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Jr|Sr|Inc|Ltd|Co|"
    r"Corp|vs|etc|approx|Mt|Ft)\.?$"
)
_SENTENCE_END = re.compile(r"[.!?…][\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
# "will be published": a participle after "be" is no past tense.
_PASSIVE = re.compile(r"\b(?:be|being)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
# How far before a participle "be" is looked for: "being " and a long adverb.
_PASSIVE_WINDOW = 40
_UNIT_DAYS = {"day": 1, "week": 7}


@dataclass(frozen=True)
class Promise:
    """A sentence's promise: the words that say when, and the days they mean
    (one day when due_on == due_until)."""

    sentence: str
    expression: str
    due_on: date
    due_until: date


def find_promises(text: str, dateline: datetime) -> list[Promise]:
    """The promises in the text (paragraphs separated by blank lines), each
    resolved against the dateline; in the order they appear, without repeats."""
    base = dateline.replace(tzinfo=None)
    found: dict[tuple[str, str], Promise] = {}
    resolved: dict[tuple[str, str], tuple[date, date] | None] = {}
    budget = MAX_CANDIDATES
    if not _TRIGGER.search(text):
        return []
    for sentence in sentences(text):
        if len(sentence) > MAX_SENTENCE or not _TRIGGER.search(sentence):
            continue
        if sentence.rstrip('”"’)] ').endswith("?") or _DOUBTS.search(sentence):
            continue
        candidates = _candidates(sentence)[:budget]
        if not candidates:
            continue
        budget -= len(candidates)
        tenses = _Tenses(sentence)
        for kind, match in candidates:
            if not _is_a_promise(sentence, match, tenses):
                continue
            # The same words resolve to the same days against one dateline.
            words = (kind, " ".join(match.group(0).lower().split()))
            if words not in resolved:
                resolved[words] = _resolve(kind, match, base)
            days = resolved[words]
            if days is None or days[0] < base.date():
                continue
            expression = " ".join(match.group(0).split()).rstrip(".")
            key = (sentence, expression.lower())
            found.setdefault(key, Promise(sentence, expression, *days))
        if budget <= 0:
            break
    return list(found.values())


def _candidates(sentence: str) -> list[tuple[str, re.Match]]:
    """Every expression of time in the sentence, in order; where two overlap,
    the one of the earlier pattern ("on Thursday, 20 March" over "on Thursday")."""
    taken: list[tuple[str, re.Match]] = []
    starts: list[int] = []  # of the taken spans, which never overlap: sorted
    ends: list[int] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            start, end = match.span()
            i = bisect.bisect_right(starts, start)
            if (i and ends[i - 1] > start) or (i < len(starts) and starts[i] < end):
                continue
            starts.insert(i, start)
            ends.insert(i, end)
            taken.insert(i, (kind, match))
    return taken


def sentences(text: str) -> list[str]:
    """The text's sentences, each on one line; "U.S." and the like kept whole."""
    result = []
    for paragraph in re.split(r"\n\s*\n", text):
        paragraph = " ".join(paragraph.split())
        start = 0
        for end in _SENTENCE_END.finditer(paragraph):
            # The last word only: "A. B. C. …" must not split ever longer runs.
            stop = end.start() + 1
            first = max(start, paragraph.rfind(" ", start, stop) + 1)
            last_word = paragraph[first:stop]
            if last_word and _ABBREVIATION.match(last_word):
                continue
            result.append(paragraph[start : end.start() + 1].strip())
            start = end.end()
        if paragraph[start:].strip():
            result.append(paragraph[start:].strip())
    return result


def plain_text(body_html: str) -> str:
    """An article's rendered body as paragraphs of plain text, leaving out
    headings, block quotes and code (quoted words keep their speaker's time)."""
    text = re.sub(
        r"<(h[1-6]|blockquote|pre|code|script|style)\b.*?</\1>",
        "\n\n",
        body_html,
        flags=re.S | re.I,
    )
    text = re.sub(
        r"</?(p|li|ul|ol|div|br|tr|table|figure|figcaption)\b[^>]*>",
        "\n\n",
        text,
        flags=re.I,
    )
    return html.unescape(re.sub(r"<[^>]*>", "", text))


def _is_a_promise(sentence: str, match: re.Match, tenses: _Tenses) -> bool:
    start, end = match.span()
    words = match.group(0).split()
    names = set(WEEKDAYS) | set(_MONTH.split("|"))
    capitals = [
        w for w in words[1:] if w[:1].isupper() and w.lower().strip(",.") not in names
    ]
    if capitals or (start > 0 and words[0][:1].isupper()):
        return False  # a title: "Tomorrow's World", "The Day After Tomorrow"
    if _BEFORE_EXPRESSION.search(sentence[:start]) or _AFTER_EXPRESSION.match(
        sentence[end:]
    ):
        return False
    if _inside_quotes(sentence, start):
        return False
    return tenses.nearest(start, end) == "future"


def _inside_quotes(sentence: str, position: int) -> bool:
    before = sentence[:position]
    if before.count("“") > before.count("”") or before.count('"') % 2:
        return True
    openings = len(re.findall(r"(?:^|(?<=[\s(\[—–-]))‘", before))
    closings = len(re.findall(r"’(?=[\s,.;:!?)\]—–-]|$)", before))
    return openings > closings


class _Tenses:
    """A sentence's tense words, found once: (start, end, "future" or "past")
    in order. None overlaps another (a past word inside a future phrase is left
    out), so their ends are in order too."""

    def __init__(self, sentence: str):
        self.markers = _markers(sentence)
        self.starts = [s for s, _, _ in self.markers]
        self.ends = [e for _, e, _ in self.markers]

    def nearest(self, start: int, end: int) -> str | None:
        """The kind of the last marker ending before start, else of the first
        one beginning after end."""
        i = bisect.bisect_right(self.ends, start)
        if i:
            return self.markers[i - 1][2]
        j = bisect.bisect_left(self.starts, end)
        return self.markers[j][2] if j < len(self.markers) else None


def _markers(sentence: str) -> list[tuple[int, int, str]]:
    future = [(m.start(), m.end(), "future") for m in _FUTURE.finditer(sentence)]
    future_starts = [s for s, _, _ in future]

    def inside_future(position: int) -> bool:
        i = bisect.bisect_right(future_starts, position) - 1
        return i >= 0 and position < future[i][1]

    past = [
        (m.start(), m.end(), "past")
        for m in _PAST.finditer(sentence)
        if m.group(0).lower() not in _NOT_PAST
        and not inside_future(m.start())
        and not _PASSIVE.search(
            sentence, max(0, m.start() - _PASSIVE_WINDOW), m.start()
        )
    ]
    return sorted(future + past)


def _resolve(kind: str, match: re.Match, base: datetime) -> tuple[date, date] | None:
    try:
        if kind == "span":
            return _span(" ".join(match.group("span").lower().split()), base.date())
        if kind == "weekday":
            return _weekday(match.group("lead").lower(), match.group("wd"), base)
        if kind == "date":
            return _day_and_month(match, base)
        if kind == "relative":
            text = (
                "day after tomorrow"
                if "after" in match.group(0).lower()
                else "tomorrow"
            )
            return _single(_parse(text, base), base, at_least=1)
        if kind == "duration":
            return _duration(match, base)
    except (OverflowError, ValueError):
        return None
    return None


def _parse(text: str, base: datetime) -> datetime | None:
    import dateparser  # loaded on first use: most saves find no candidate

    return dateparser.parse(
        text,
        languages=["en"],
        settings={
            "RELATIVE_BASE": base,
            "PREFER_DATES_FROM": "future",
            "RETURN_AS_TIMEZONE_AWARE": False,
            "DATE_ORDER": "DMY",
            "STRICT_PARSING": False,
        },
    )


def _single(
    resolved: datetime | None, base: datetime, *, at_least=0, at_most=None
) -> tuple[date, date] | None:
    if resolved is None:
        return None
    ahead = (resolved.date() - base.date()).days
    if ahead < at_least or (at_most is not None and ahead > at_most):
        return None
    return resolved.date(), resolved.date()


def _weekday(lead: str, name: str, base: datetime) -> tuple[date, date] | None:
    wanted, today = WEEKDAYS.index(name.lower()), base.weekday()
    if lead in ("on", "by") and wanted == today:
        return None  # today, or a week on?
    if lead == "this" and wanted <= today:
        return None  # "this Monday" on a Friday: last Monday, or the coming one?
    if lead == "next" and wanted > today:
        return None  # "next Thursday" on a Tuesday: in two days, or in nine?
    return _single(_parse(name, base), base, at_least=1, at_most=7)


def _day_and_month(match: re.Match, base: datetime) -> tuple[date, date] | None:
    year = match.group("year")
    base = base.replace(hour=0, minute=0, second=0, microsecond=0)
    # dateparser's "future" starts after RELATIVE_BASE's day: count from the day
    # before, so that the dateline's own date is found in its own year.
    eve = base - timedelta(days=1)
    text = f"{match.group('day')} {match.group('month')} {year or ''}".strip()
    if not year:
        resolved = _single(_parse(text, eve), base, at_most=183)
    else:
        resolved = _single(_parse(text, eve), base, at_most=2 * 366)
        if resolved and resolved[0].year != int(year):
            return None
    if resolved is None or int(match.group("day")) != resolved[0].day:
        return None  # 31 April, or dateparser's idea of a day we did not write
    weekday = match.group("wd")
    if weekday and WEEKDAYS.index(weekday.lower()) != resolved[0].weekday():
        return None  # "Thursday 21 March" on a Friday: which one is wrong?
    return resolved


def _duration(match: re.Match, base: datetime) -> tuple[date, date] | None:
    unit = match.group("unit").lower().rstrip("s")
    number = match.group("n").lower()
    if number.isdigit() and int(number) == 0:
        return None
    resolved = _parse(f"in {number} {unit}s", base)
    if resolved is None or resolved <= base:
        return None
    limit = 92 * _UNIT_DAYS.get(unit, 1) if unit != "hour" else 92
    return _single(resolved, base, at_most=limit)


def _span(words: str, today: date) -> tuple[date, date] | None:
    monday = today - timedelta(days=today.weekday())
    if words == "later today":
        return today, today
    if words == "next week":
        return monday + timedelta(days=7), monday + timedelta(days=13)
    if words == "later this week":
        sunday = monday + timedelta(days=6)
        return (today + timedelta(days=1), sunday) if today < sunday else None
    if words == "this weekend":
        if today.weekday() >= 5:
            return None  # said on a Saturday: today, or next weekend?
        return monday + timedelta(days=5), monday + timedelta(days=6)
    first_of_next = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
    if words == "later this month":
        last = first_of_next - timedelta(days=1)
        return (today + timedelta(days=1), last) if today < last else None
    if words == "next month":
        following = (first_of_next.replace(day=28) + timedelta(days=4)).replace(day=1)
        return first_of_next, following - timedelta(days=1)
    return None
