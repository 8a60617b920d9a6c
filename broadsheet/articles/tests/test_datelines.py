from datetime import UTC, datetime

import pytest
from django.utils import timezone, translation
from hypothesis import given

from broadsheet.articles.datelines import DatelineError, format_dateline, parse_dateline
from broadsheet.articles.tests.strategies import dates


@pytest.mark.parametrize(
    "line",
    [
        "17 Mar 2025, Mon",
        "17 March 2025",
        "Monday, 17 March 2025",
        "March 17, 2025",
        "Mar. 17, 2025",
        "Mon, Mar 17, 2025",
        "2025-03-17",
        "  17   Mar 2025 ,  Mon  ",
    ],
)
def test_accepted_forms_all_mean_the_same_day(line):
    assert parse_dateline(line, tz=UTC).at == datetime(2025, 3, 17, tzinfo=UTC)


def test_iso_date_time_keeps_its_offset():
    at = parse_dateline("2025-03-17T09:30+01:00", tz=UTC).at
    assert at.isoformat() == "2025-03-17T09:30:00+01:00"


def test_place_before_a_dash_is_the_dateline_place():
    dateline = parse_dateline("KYIV — 17 Mar 2025, Mon", tz=UTC)
    assert dateline.place == "KYIV"
    assert dateline.at.day == 17


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("17 Mar 2025, Tue", "was a Monday, not Tue"),
        ("31 Feb 2025", "is not a real date"),
        ("17 Smarch 2025", "is not a month name"),
        ("High-Stakes Diplomacy", "is not a dateline"),
        ("2025-13-45", "is not a valid ISO date"),
        ("   ", "the dateline is empty"),
    ],
)
def test_lines_that_are_not_datelines_say_why(line, reason):
    with pytest.raises(DatelineError, match=reason):
        parse_dateline(line, tz=UTC)


def test_default_format_matches_the_reference(settings):
    settings.TIME_ZONE = "UTC"
    assert format_dateline(datetime(2025, 3, 17, 12, tzinfo=UTC)) == "17 Mar 2025, Mon"


@given(dates)
def test_formatted_dateline_parses_back_to_the_same_day(day):
    at = datetime(day.year, day.month, day.day, tzinfo=UTC)
    assert parse_dateline(format_dateline(at), tz=UTC).at == at


def test_a_remembered_dateline_follows_the_zone_and_the_format(settings):
    # Late on the 17th in UTC is the 18th in Kyiv: the same instant, asked
    # for in each zone and format, is written for each.
    settings.TIME_ZONE = "UTC"
    at = datetime(2025, 3, 17, 23, 30, tzinfo=UTC)
    assert format_dateline(at) == format_dateline(at) == "17 Mar 2025, Mon"
    with timezone.override("Europe/Kyiv"):
        assert format_dateline(at) == "18 Mar 2025, Tue"
    settings.DATELINE_FORMAT = "Y-m-d"
    assert format_dateline(at) == "2025-03-17"
    settings.DATELINE_FORMAT = "j M Y"
    assert format_dateline(at) == "17 Mar 2025"
    with translation.override("de"):
        assert format_dateline(at) == "17 Mär 2025"


def test_a_dateline_with_the_time_shows_each_article_s_own(settings):
    """Datelines that show the day alone are remembered by the day; one
    that shows the time is written for each time."""
    settings.TIME_ZONE = "Europe/Kyiv"
    morning = datetime(2025, 3, 17, 7, 5, tzinfo=UTC)
    evening = datetime(2025, 3, 17, 20, 40, tzinfo=UTC)
    with timezone.override("Europe/Kyiv"):
        assert format_dateline(morning) == "17 Mar 2025, Mon"
        assert format_dateline(evening) == "17 Mar 2025, Mon"
        settings.DATELINE_FORMAT = "j M Y, H:i"
        assert format_dateline(morning) == "17 Mar 2025, 09:05"
        assert format_dateline(evening) == "17 Mar 2025, 22:40"
        settings.DATELINE_FORMAT = "j M Y, D"
        assert format_dateline(evening) == "17 Mar 2025, Mon"
    settings.DATELINE_FORMAT = "j M Y, H:i T"
    with timezone.override("Europe/Kyiv"):
        assert format_dateline(morning) == "17 Mar 2025, 09:05 EET"
    with timezone.override("UTC"):
        assert format_dateline(morning) == "17 Mar 2025, 07:05 UTC"
