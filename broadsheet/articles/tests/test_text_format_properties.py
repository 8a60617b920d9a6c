"""Whatever article text is written in the plain-text format survives import intact."""

import tempfile
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from broadsheet.articles.models import Article
from broadsheet.articles.tests.strategies import article_blocks, article_text, dates


class BodyBlocks(HTMLParser):
    """Collect the paragraphs, headings and checklists of an article body, in order."""

    def __init__(self):
        super().__init__()
        self.blocks, self.text, self.items, self.in_checklist = [], "", [], False

    def handle_starttag(self, tag, attrs):
        if tag == "ul" and ("class", "checklist") in attrs:
            self.in_checklist, self.items = True, []
        if tag in {"p", "h2", "li"}:
            self.text = ""

    def handle_endtag(self, tag):
        text = " ".join(self.text.split())
        if tag == "p":
            self.blocks.append(("paragraph", text))
        elif tag == "h2":
            self.blocks.append(("heading", text))
        elif tag == "li" and self.in_checklist:
            self.items.append(text)
        elif tag == "ul" and self.in_checklist:
            self.blocks.append(("checklist", self.items))
            self.in_checklist = False

    def handle_data(self, data):
        self.text += data


def expected_blocks(blocks):
    result = []
    for kind, lines in blocks:
        if kind == "checklist":
            result.append((kind, [" ".join(item.split()) for item in lines]))
        else:
            result.append((kind, " ".join(" ".join(lines).split())))
    return result


class ImportedTextTests(TestCase):
    @settings(max_examples=60, deadline=None)
    @given(day=dates, blocks=article_blocks(), lead_in=st.booleans())
    def test_every_block_survives_import_and_rendering_in_order(
        self, day, blocks, lead_in
    ):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "story.txt"
            path.write_text(article_text(day, blocks, lead_in), encoding="utf-8")
            # As committed: its purge tells what this process keeps of the
            # last example's article (the same slug, perhaps the same id).
            with self.captureOnCommitCallbacks(execute=True):
                call_command(
                    "import_text",
                    str(path),
                    "--headline",
                    "Property",
                    "--publish",
                    stdout=StringIO(),
                    stderr=StringIO(),
                )
        article = Article.objects.get()
        self.assertEqual(article.get_absolute_url()[:12], f"/{day:%Y/%m/%d}/")

        page = self.client.get(article.get_absolute_url()).content.decode()
        body = page[page.index('<div class="story__body">') : page.index("</article>")]
        parser = BodyBlocks()
        parser.feed(body[: body.index("</div>")])
        self.assertEqual(parser.blocks, expected_blocks(blocks))
