"""An editor finds the reference article's promised follow-up, accepts it, and
reads it in the newsroom's calendar, through the real server."""

import urllib.request
from datetime import date

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from tests.e2e.pages import enrol, violations

pytestmark = pytest.mark.browser
PROMISE = "are scheduled to hold a telephone conversation tomorrow"


def test_an_editor_accepts_the_reference_follow_up_and_it_reaches_the_calendar(
    page,
    site,
    an_editor,
):
    listed = site.manage("followups", "--all")
    assert listed.startswith("2025-03-18\tTrump and Putin to hold call")
    assert PROMISE in listed

    enrol(page, an_editor)
    page.goto("/admin/followups/")
    page.get_by_role("link", name="Follow-ups", exact=True).last.click()
    expect(page.get_by_role("row").filter(has_text=PROMISE)).to_have_count(0)
    page.get_by_role("link", name="Any date").click()
    row = page.get_by_role("row").filter(has_text=PROMISE)
    expect(row).to_contain_text("Tue 18 Mar 2025")

    row.get_by_role("checkbox").check()
    page.get_by_role("combobox", name="Action").select_option(
        label="Accept (add to the calendar)"
    )
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_text("1 follow-up(s) accepted.")).to_be_visible()

    page.get_by_role("link", name="Your calendar address").click()
    page.get_by_role("button", name="Make my calendar address").click()
    address = page.get_by_label("Your new address", exact=False).input_value()
    # Our own page; the list is Django's changelist, whose search box (labelled by
    # a title only) and filter links (under 24 px) axe flags on every admin list.
    assert violations(page) == []

    with urllib.request.urlopen(address, timeout=10) as answer:  # no cookies
        assert answer.headers["Cache-Control"] == "private, no-store"
        calendar = Calendar.from_ical(answer.read())
    [event] = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == date(2025, 3, 18)
    assert PROMISE in str(event["DESCRIPTION"])
