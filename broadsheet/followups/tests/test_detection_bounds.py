"""Detection runs when an article is saved, so a crafted body must not stall
the save: long sentences propose nothing, the expressions examined per text
are capped, and the work grows about linearly with the text.

Work is counted as the lines of detection.py that run (sys.settrace), never
as time; the regular expressions' own work is bounded by the sentence limit.
"""

import sys
from datetime import date, datetime

import pytest
from django.contrib.auth.models import Group, User

from broadsheet.articles.models import Article
from broadsheet.articles.tests.factories import SectionFactory
from broadsheet.articles.tests.forms import form_data
from broadsheet.followups import detection
from broadsheet.followups.detection import MAX_CANDIDATES, MAX_SENTENCE, find_promises

MON_17_MAR_2025 = datetime(2025, 3, 17, 9, 0)
TUESDAY = date(2025, 3, 18)


def crafted(n):
    """The security review's sentence: n past-tense words, n/10 promises."""
    return (
        "The council will meet " + "walked " * n + "and will act tomorrow " * (n // 10)
    )


def lines_run(text):
    """How many lines of detection.py run to find the text's promises."""
    count = 0

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return local

    def calls(frame, event, arg):
        if frame.f_code.co_filename == detection.__file__:
            return local
        return None

    previous = sys.gettrace()
    sys.settrace(calls)
    try:
        find_promises(text, MON_17_MAR_2025)
    finally:
        sys.settrace(previous)
    return count


def test_a_sentence_longer_than_the_limit_proposes_nothing():
    def sentence(k):
        return "The council will vote tomorrow" + ", with members from every ward" * k

    short = max(k for k in range(100) if len(sentence(k)) + 1 <= MAX_SENTENCE)
    [promise] = find_promises(sentence(short) + ".", MON_17_MAR_2025)
    assert promise.due_on == TUESDAY
    assert find_promises(sentence(short + 1) + ".", MON_17_MAR_2025) == []


def test_at_most_max_candidates_are_examined_the_first_ones():
    text = " ".join(f"Item {i} will be ready tomorrow." for i in range(1, 300))
    promises = find_promises(text, MON_17_MAR_2025)
    assert len(promises) == MAX_CANDIDATES
    assert promises[0].sentence == "Item 1 will be ready tomorrow."
    assert promises[-1].sentence == f"Item {MAX_CANDIDATES} will be ready tomorrow."


def test_work_on_one_sentence_grows_linearly_not_cubically():
    # Both under the sentence limit: before the fix the larger took ~8 times
    # the work (markers found again for each of its n/10 expressions).
    small, large = crafted(50), crafted(100)
    assert len(large) <= MAX_SENTENCE
    assert lines_run(large) < 3 * lines_run(small)


def test_a_200_kb_crafted_body_finds_the_real_promise_with_bounded_work():
    real = "The council will vote tomorrow."
    huge = crafted(22_000) + "\n\n" + real
    assert len(huge) > 200_000
    [promise] = find_promises(huge, MON_17_MAR_2025)
    assert (promise.sentence, promise.due_on) == (real, TUESDAY)
    # Many crafted sentences under the limit: ten times the text, not ten
    # times the work, because the candidate cap is reached early.
    paragraphs = [crafted(100).replace("council", f"council {i}") for i in range(220)]
    assert lines_run("\n\n".join(paragraphs)) < 2 * lines_run(
        "\n\n".join(paragraphs[:22])
    )


@pytest.mark.django_db
def test_saving_a_200_kb_crafted_body_in_the_admin_proposes_the_real_promise(client):
    editor = User.objects.create_user("editor", password="pw", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))
    client.force_login(editor)
    body = crafted(22_000) + "\n\nThe council will vote tomorrow.\n"
    response = client.post(
        "/admin/articles/article/add/", form_data(SectionFactory(), body=body)
    )
    assert response.status_code == 302
    [follow_up] = Article.objects.get().follow_ups.all()
    assert follow_up.sentence == "The council will vote tomorrow."
    assert follow_up.due_on == TUESDAY
