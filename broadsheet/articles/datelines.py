"""Datelines: the date (and optional place) a story carries at its top.

    >>> parse_dateline("17 Mar 2025, Mon", tz=UTC).at.isoformat()
    '2025-03-17T00:00:00+00:00'
    >>> parse_dateline("KYIV — March 17, 2025", tz=UTC).place
    'KYIV'

Accepted forms: "17 Mar 2025, Mon", "17 March 2025", "Monday, 17 March 2025",
"March 17, 2025", "Mon, Mar 17, 2025", and ISO 8601 dates or date-times
("2025-03-17", "2025-03-17T09:30+01:00"), each optionally preceded by a place
and a dash ("KYIV — "). Month and weekday names are English whatever the locale;
a weekday that does not match the date is an error, not a guess.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo
from functools import lru_cache

from django.conf import settings
from django.utils import dateformat, timezone, translation

__all__ = ["UTC", "Dateline", "DatelineError", "format_dateline", "parse_dateline"]

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = {
    name: number
    for number, names in enumerate(
        [
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        ]
    )
    for name in names
}
WEEKDAY_NAMES = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
]

_WORD = r"[A-Za-z]+\.?"
_DAY_FIRST = re.compile(
    rf"^(?:(?P<wd1>{_WORD}),?\s+)?(?P<day>\d{{1,2}})\s+(?P<month>{_WORD})\s+(?P<year>\d{{4}})"
    rf"(?:\s*,?\s*(?P<wd2>{_WORD}))?$"
)
_MONTH_FIRST = re.compile(
    rf"^(?:(?P<wd1>{_WORD}),?\s+)?(?P<month>{_WORD})\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})"
    rf"(?:\s*,?\s*(?P<wd2>{_WORD}))?$"
)
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$")
_PLACE = re.compile(r"^(?P<place>[^\d—–-][^—–]*?)\s+[—–-]{1,2}\s+(?P<rest>.+)$")


class DatelineError(ValueError):
    """The line is not a dateline; the message says why."""


@dataclass(frozen=True)
class Dateline:
    at: datetime
    place: str = ""


def parse_dateline(line: str, tz: tzinfo | None = None) -> Dateline:
    """Return the dateline on this line; a date alone means midnight in tz."""
    tz = tz or timezone.get_current_timezone()
    text = " ".join(line.split())
    if not text:
        raise DatelineError("the dateline is empty")
    place = ""
    if not _looks_like_date(text) and (match := _PLACE.match(text)):
        place, text = match["place"].strip(" ,"), match["rest"].strip()
    if _ISO.match(text):
        return Dateline(_parse_iso(text, tz), place)
    for pattern in (_DAY_FIRST, _MONTH_FIRST):
        if match := pattern.match(text):
            day = _build_date(match, text)
            return Dateline(datetime.combine(day, time(0, 0), tzinfo=tz), place)
    raise DatelineError(
        f"{line.strip()!r} is not a dateline; expected a date such as "
        "'17 Mar 2025, Mon', 'March 17, 2025' or '2025-03-17'"
    )


def format_dateline(at: datetime) -> str:
    """Return the date as the site shows it: DATELINE_FORMAT, in the site's zone."""
    dateline_format = settings.DATELINE_FORMAT
    zone = timezone.get_current_timezone_name()
    language = translation.get_language()
    if _shows_the_day_only(dateline_format):
        # Every article of a day is written alike: a listing or a results
        # page of articles not shown before finds its days remembered.
        day = timezone.localtime(at).date()
        return _formatted(day, dateline_format, zone, language)
    return _formatted(at, dateline_format, zone, language)


@lru_cache(maxsize=4096)
def _formatted(at, dateline_format, zone, language) -> str:
    # Remembered per process: a results or listing page writes a dozen, each
    # 20-30 µs through Django's dateformat; the zone and the language (the
    # month's and the day's names) are in the key, and `at` is the instant,
    # or the day in that zone.
    if isinstance(at, datetime):
        at = timezone.localtime(at)
    return dateformat.format(at, dateline_format)


# Django's format letters for a time of day (and U, the Unix time).
_TIME_LETTERS = frozenset("aABcefgGhHiIOPrsTuUZ")


@lru_cache(maxsize=64)
def _shows_the_day_only(dateline_format: str) -> bool:
    return not _TIME_LETTERS.intersection(dateline_format)


def _looks_like_date(text: str) -> bool:
    return bool(_ISO.match(text) or _DAY_FIRST.match(text) or _MONTH_FIRST.match(text))


def _parse_iso(text: str, tz: tzinfo) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError as error:
        raise DatelineError(f"{text!r} is not a valid ISO date: {error}") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return value


def _build_date(match: re.Match, text: str) -> date:
    month_word = match["month"].rstrip(".").lower()
    if month_word not in MONTHS:
        raise DatelineError(f"{match['month']!r} in {text!r} is not a month name")
    try:
        day = date(int(match["year"]), MONTHS[month_word], int(match["day"]))
    except ValueError as error:
        raise DatelineError(f"{text!r} is not a real date: {error}") from None
    for weekday_word in (match["wd1"], match["wd2"]):
        if weekday_word is None:
            continue
        weekday = WEEKDAYS.get(weekday_word.rstrip(".").lower())
        if weekday is None:
            raise DatelineError(f"{weekday_word!r} in {text!r} is not a weekday")
        if weekday != day.weekday():
            raise DatelineError(
                f"{day:%d %b %Y} was a {WEEKDAY_NAMES[day.weekday()]}, "
                f"not {weekday_word}"
            )
    return day
