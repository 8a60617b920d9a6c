from hypothesis import given, settings

from broadsheet.followups.detection import find_promises
from broadsheet.followups.tests.strategies import datelines, news_texts


@settings(max_examples=300, deadline=None)
@given(news_texts, datelines)
def test_detection_never_fails_and_never_dates_before_the_dateline(text, dateline):
    for promise in find_promises(text, dateline):
        assert dateline.date() <= promise.due_on <= promise.due_until
        assert promise.expression.lower() in promise.sentence.lower()
        assert promise.sentence in " ".join(text.split())
