"""What the text promises, sentence by sentence: a table written for Broadsheet.

Each row is (dateline, sentence, expected), the dateline a local wall-clock
time in the site's zone, expected a list of (first day, last day) or [] for
a sentence that must propose nothing.
"""

from datetime import date, datetime

import pytest

from broadsheet.followups.detection import find_promises, sentences

MON_17_MAR_2025 = datetime(2025, 3, 17, 9, 0)


def day(text):
    return date.fromisoformat(text)


def days(first, last=None):
    return (day(first), day(last or first))


PROMISES = [
    # The forms the issue names, from the reference article's Monday.
    (
        MON_17_MAR_2025,
        "The two leaders are scheduled to hold a call tomorrow.",
        [days("2025-03-18")],
    ),
    (MON_17_MAR_2025, "The council will vote on Thursday.", [days("2025-03-20")]),
    (
        MON_17_MAR_2025,
        "The report will be published next week.",
        [days("2025-03-24", "2025-03-30")],
    ),
    (MON_17_MAR_2025, "The inquiry will report on 20 March.", [days("2025-03-20")]),
    (MON_17_MAR_2025, "The inquiry will report on March 20th.", [days("2025-03-20")]),
    (
        MON_17_MAR_2025,
        "The inquiry will report on Thursday, 20 March.",
        [days("2025-03-20")],
    ),
    (
        MON_17_MAR_2025,
        "The inquiry will report on 20 March 2025.",
        [days("2025-03-20")],
    ),
    (
        MON_17_MAR_2025,
        "The company will respond within 48 hours.",
        [days("2025-03-19")],
    ),
    (
        MON_17_MAR_2025,
        "The company will respond within the next 48 hours.",
        [days("2025-03-19")],
    ),
    (
        MON_17_MAR_2025,
        "A decision is due later this month.",
        [days("2025-03-18", "2025-03-31")],
    ),
    # Similar forms.
    (
        MON_17_MAR_2025,
        "The ferry will sail again the day after tomorrow.",
        [days("2025-03-19")],
    ),
    (MON_17_MAR_2025, "Results are expected in two weeks.", [days("2025-03-31")]),
    (
        MON_17_MAR_2025,
        "The minister is to present the budget on Wednesday.",
        [days("2025-03-19")],
    ),
    (MON_17_MAR_2025, "The court will rule by Friday.", [days("2025-03-21")]),
    (
        MON_17_MAR_2025,
        "The museum will reopen later this week.",
        [days("2025-03-18", "2025-03-23")],
    ),
    (
        MON_17_MAR_2025,
        "The fair will open this weekend.",
        [days("2025-03-22", "2025-03-23")],
    ),
    (
        MON_17_MAR_2025,
        "Tomorrow, the council will set the rates.",
        [days("2025-03-18")],
    ),
    (
        MON_17_MAR_2025,
        "The new rates will apply next month.",
        [days("2025-04-01", "2025-04-30")],
    ),
    (MON_17_MAR_2025, "Talks will resume next Monday.", [days("2025-03-24")]),
    (MON_17_MAR_2025, "The mayor will speak later today.", [days("2025-03-17")]),
    (
        MON_17_MAR_2025,
        "Ministers are expected to sign the deal on Friday.",
        [days("2025-03-21")],
    ),
    (MON_17_MAR_2025, "The bridge’ll reopen tomorrow.", [days("2025-03-18")]),
    (
        MON_17_MAR_2025,
        "The new law will be debated on Wednesday.",
        [days("2025-03-19")],
    ),
    # Past and future in one sentence: only the future one.
    (
        MON_17_MAR_2025,
        "The mayor said on Monday that the bill will be published next week.",
        [days("2025-03-24", "2025-03-30")],
    ),
    (
        MON_17_MAR_2025,
        "The vote, which was delayed twice, will take place on Friday.",
        [days("2025-03-21")],
    ),
    (
        MON_17_MAR_2025,
        "Talks that broke down on Saturday will resume on Wednesday.",
        [days("2025-03-19")],
    ),
    (
        MON_17_MAR_2025,
        "The court will sit tomorrow and again on Friday.",
        [days("2025-03-18"), days("2025-03-21")],
    ),
    # Weekdays across month and year ends.
    (datetime(2025, 2, 28, 12), "The board will meet on Monday.", [days("2025-03-03")]),
    (datetime(2025, 4, 30, 12), "The board will meet on Friday.", [days("2025-05-02")]),
    (datetime(2025, 12, 30, 12), "Talks will resume on Friday.", [days("2026-01-02")]),
    (
        datetime(2025, 12, 31, 12),
        "The law will take effect tomorrow.",
        [days("2026-01-01")],
    ),
    (
        datetime(2025, 12, 29, 12),
        "The results will be published next week.",
        [days("2026-01-05", "2026-01-11")],
    ),
    (
        datetime(2025, 12, 31, 12),
        "Parliament will sit on 2 January.",
        [days("2026-01-02")],
    ),
    (
        datetime(2025, 12, 26, 12),
        "Parliament will sit next Monday.",
        [days("2025-12-29")],
    ),
    (
        datetime(2025, 12, 20, 12),
        "The shops will close later this month.",
        [days("2025-12-21", "2025-12-31")],
    ),
    (
        datetime(2026, 1, 30, 12),
        "The new rates will apply next month.",
        [days("2026-02-01", "2026-02-28")],
    ),
    (
        datetime(2025, 12, 31, 22),
        "The ministry will reply within 48 hours.",
        [days("2026-01-02")],
    ),
    # Leap days.
    (
        datetime(2024, 2, 28, 12),
        "The census will close tomorrow.",
        [days("2024-02-29")],
    ),
    (
        datetime(2025, 2, 28, 12),
        "The census will close tomorrow.",
        [days("2025-03-01")],
    ),
    (
        datetime(2024, 2, 15, 12),
        "The vote will be held on 29 February.",
        [days("2024-02-29")],
    ),
    (
        datetime(2024, 2, 26, 12),
        "The vote will be held on Thursday.",
        [days("2024-02-29")],
    ),
    # The dateline's own weekday, and "next"/"this" where they are clear.
    (
        datetime(2025, 3, 20, 12),
        "The council will vote next Thursday.",
        [days("2025-03-27")],
    ),
    (
        datetime(2025, 3, 18, 12),
        "The council will vote this Thursday.",
        [days("2025-03-20")],
    ),
    (
        datetime(2025, 3, 21, 12),
        "The council will vote next Tuesday.",
        [days("2025-03-25")],
    ),
    (
        datetime(2025, 3, 20, 12),
        "The council will vote on 20 March.",
        [days("2025-03-20")],
    ),
]

NOTHING = [
    # Past tense.
    "The festival was held yesterday.",
    "The minister said on Monday that talks had failed.",
    "On Thursday, the council voted to raise rates.",
    "The report, published on 20 March, will be debated.",
    "The company promised a reply within 48 hours.",
    "Shares fell 5 percent in 48 hours.",
    "The talks were due to resume tomorrow.",
    "The vote was scheduled for Thursday.",
    "The match had been expected next week.",
    # Conditional, uncertain, negative, asked.
    "If talks fail, a strike will begin on Friday.",
    "Unions could strike next week.",
    "The strike may begin tomorrow.",
    "The council would vote on Thursday, officials said.",
    "The talks might resume later this month.",
    "Officials hope to finish the work next month.",
    "The talks will not resume tomorrow.",
    "The talks won’t resume tomorrow.",
    "Will the talks resume tomorrow?",
    "Nobody knows whether the vote will happen on Friday.",
    # Quoted: the speaker's time, not the dateline's.
    "“We will finish the bridge tomorrow,” the engineer said in 2019.",
    'The engineer said: "The bridge will open next week."',
    "‘We will meet on Thursday,’ she said.",
    # Names and adjectives.
    "Tomorrow's World was a science programme.",
    "Tomorrow’s World will return to television.",
    "She will star in a remake of The Day After Tomorrow.",
    "Ahead of next week's summit, ministers met in Brussels.",
    "Tickets for next week’s concert will go on sale.",
    "Thursday's vote will decide the budget.",
    "The Later This Month tour will visit the city.",
    # Ranges, alternatives, ends of states, repeats.
    "The road will stay closed until next week.",
    "The vote will be held on Thursday or Friday.",
    "The hearing will run from Tuesday to Thursday.",
    "The market will open on Thursdays.",
    "The council will meet every Thursday.",
    "The museum will reopen after next week.",
    # Ambiguous dates.
    "The council will vote on Monday.",  # the dateline is a Monday
    "The council will vote next Thursday.",  # this week's, or the next?
    "The vote will be held on 3 January.",  # more than half a year on
    "The vote will be held on 16 March.",  # yesterday, or next year?
    "The vote will be held on 20 March 2024.",
    "The vote will be held on 31 April.",
    "The vote will be held on Friday, 20 March.",  # 20 March 2025 is a Thursday
    "The vote will be held within days.",
    # No time at all, or no promise.
    "The council meets tomorrow.",
    "The next week was hard for everyone.",
    "Leave a Reply",
]


@pytest.mark.parametrize(("dateline", "sentence", "expected"), PROMISES)
def test_promise_is_dated(dateline, sentence, expected):
    found = find_promises(sentence, dateline)
    assert [(p.due_on, p.due_until) for p in found] == expected
    assert all(p.sentence == sentence for p in found)


@pytest.mark.parametrize("sentence", NOTHING)
def test_sentence_proposes_nothing(sentence):
    assert find_promises(sentence, MON_17_MAR_2025) == []


def test_this_weekday_already_past_in_the_week_proposes_nothing():
    saturday = datetime(2025, 3, 22, 12)
    assert find_promises("The council will vote this Friday.", saturday) == []
    assert find_promises("The council will vote this Saturday.", saturday) == []


def test_saturday_this_weekend_and_last_day_later_this_month_propose_nothing():
    assert (
        find_promises("The fair will open this weekend.", datetime(2025, 3, 22)) == []
    )
    assert (
        find_promises("A ruling will come later this month.", datetime(2025, 3, 31))
        == []
    )
    assert (
        find_promises("The fair will open later this week.", datetime(2025, 3, 23))
        == []
    )


def test_leap_day_with_no_leap_year_near_proposes_nothing():
    late = datetime(2025, 3, 1, 12)
    assert find_promises("The vote will be held on 29 February.", late) == []
    assert find_promises("The vote will be held on 29 February 2025.", late) == []


def test_the_expression_is_kept_as_written():
    [promise] = find_promises("Talks will resume on 20 March.", MON_17_MAR_2025)
    assert promise.expression == "on 20 March"


def test_sentences_keep_abbreviations_whole():
    text = (
        "Russian President Vladimir Putin and U.S. President Donald Trump will "
        "talk tomorrow. Mr. Peskov confirmed it.\n\nA new paragraph."
    )
    assert sentences(text) == [
        "Russian President Vladimir Putin and U.S. President Donald Trump will "
        "talk tomorrow.",
        "Mr. Peskov confirmed it.",
        "A new paragraph.",
    ]


def test_one_promise_in_a_paragraph_of_several():
    text = (
        "The council met on Monday. It agreed the plan.\n\n"
        "Work will start next week. Nobody objected."
    )
    [promise] = find_promises(text, MON_17_MAR_2025)
    assert promise.sentence == "Work will start next week."
