"""Whatever an entry's text holds, readers get sanitised markup and valid JSON."""

import json
import re

from hypothesis import given, settings
from hypothesis.extra.django import TestCase

from broadsheet.live.tests.factories import CoverageFactory, EntryFactory
from broadsheet.live.tests.strategies import entry_texts

HANDLER = re.compile(r"<[^>]*\son\w+\s*=", re.I)


class EntryTextTests(TestCase):
    @settings(max_examples=25, deadline=None)
    @given(text=entry_texts)
    def test_no_script_survives_into_the_json_or_the_structured_data(self, text):
        # Committed, as the admin's request would: the purge tells every
        # process (covered_article_ids) that this article is covered now.
        with self.captureOnCommitCallbacks(execute=True):
            coverage = CoverageFactory()
            EntryFactory(coverage=coverage, text=text)
        answer = self.client.get(f"/live/{coverage.pk}/entries.json")
        assert answer.status_code == 200
        html = answer.json()["entries"][0]["html"]
        assert "<script" not in html.lower() and "<style" not in html.lower()
        assert not HANDLER.search(html)
        assert not re.search(r"href=\"\s*javascript:", html, re.I)
        page = self.client.get(coverage.article.get_absolute_url()).content.decode()
        block = re.search(
            r'<script type="application/ld\+json">(.*?)</script>', page, re.S
        )
        # Nothing typed can close the script element: every < is escaped.
        assert "<" not in block.group(1)
        update = json.loads(block.group(1))[0]["liveBlogUpdate"][0]
        assert "<script" not in update["articleBody"].lower()
