import html
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from broadsheet.articles.models import Article, Author, Section

DATA = Path(__file__).parent / "data"
REFERENCE = DATA / "reference-article.txt"
HEADLINE = "Trump and Putin to hold call on ending the war in Ukraine"


def import_text(*args):
    out, err = StringIO(), StringIO()
    call_command("import_text", *map(str, args), stdout=out, stderr=err)
    return out.getvalue()


def text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def source_paragraphs(path):
    text = path.read_text(encoding="utf-8")
    return [block.strip() for block in text.split("\n\n") if block.strip()]


@pytest.fixture
def reference_page(db, client):
    import_text(REFERENCE, "--headline", HEADLINE, "--publish", "--section", "World")
    article = Article.objects.get()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return article, response.content.decode()


def test_reference_article_is_published_at_its_dated_url(reference_page):
    article, _ = reference_page
    assert article.get_absolute_url().startswith("/2025/03/17/")
    assert article.headline == HEADLINE
    assert article.section.name == "World"


def test_reference_article_shows_its_dateline(reference_page):
    _, page = reference_page
    assert re.search(r'<time datetime="2025-03-17T[^"]*">17 Mar 2025, Mon</time>', page)


def test_reference_article_has_four_headings_in_order(reference_page):
    _, page = reference_page
    body = page[page.index('class="story__body"') :]
    headings = [text_of(h) for h in re.findall(r"<h2[^>]*>.*?</h2>", body, re.S)]
    assert headings[:4] == [
        "High-Stakes Diplomacy",
        "Russia’s Stance",
        "Global Reactions",
        "What’s at Stake",
    ]


def test_reference_checklist_is_one_list_of_three_items(reference_page):
    _, page = reference_page
    lists = re.findall(r'<ul class="checklist">(.*?)</ul>', page, re.S)
    assert len(lists) == 1
    assert [text_of(li) for li in re.findall(r"<li>.*?</li>", lists[0], re.S)] == [
        "Ceasefire negotiations",
        "Humanitarian aid for Ukraine",
        "Long-term security guarantees for the region",
    ]


def test_reference_keeps_every_paragraph_and_quote_verbatim(reference_page):
    _, page = reference_page
    body = page[page.index('class="story__body"') : page.index("</article>")]
    shown = html.unescape(body)
    for block in source_paragraphs(REFERENCE)[1:]:
        for line in block.splitlines():
            line = line.removeprefix("✅").strip()
            if line.startswith(("Leave a Reply", "Your email address")):
                assert line not in shown
            else:
                assert line in shown, line
    assert "“prepared to explore all diplomatic options" in shown
    assert "Trump’s return to office." in shown


def test_reference_footer_boilerplate_is_dropped(reference_page):
    article, _ = reference_page
    assert "Leave a Reply" not in article.body_html
    assert "Required fields are marked" not in article.body_html


def test_reimporting_updates_instead_of_duplicating(db):
    import_text(REFERENCE, "--headline", HEADLINE, "--publish")
    out = import_text(REFERENCE, "--headline", HEADLINE, "--publish")
    assert Article.objects.count() == 1
    assert "0 created, 0 updated, 1 skipped" in out
    out = import_text(REFERENCE, "--headline", "A new headline", "--publish")
    assert "1 updated" in out
    assert Article.objects.get().headline == "A new headline"


def test_import_without_publish_makes_a_draft_the_public_cannot_see(db, client):
    import_text(REFERENCE, "--headline", HEADLINE)
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert client.get(article.get_absolute_url()).status_code == 404


def test_headline_is_derived_from_a_short_first_line(db):
    import_text(DATA / "wire-story.txt", "--publish")
    article = Article.objects.get()
    assert article.headline == "Grain Corridor Reopens"
    assert article.dateline_place == "KYIV"
    assert "Grain Corridor Reopens" not in article.body_html


def test_headline_is_derived_from_the_first_sentence(db):
    import_text(REFERENCE)
    headline = Article.objects.get().headline
    assert headline.startswith("In a major diplomatic development, Russian President")
    assert len(headline) <= 100
    assert headline.endswith("…")


def test_author_and_section_are_created_once(db):
    import_text(REFERENCE, "--author", "Olena Kovalenko", "--section", "World")
    import_text(
        DATA / "wire-story.txt", "--author", "olena kovalenko", "--section", "world"
    )
    assert Author.objects.count() == 1
    assert Section.objects.filter(name__iexact="world").count() == 1
    assert all(a.authors.count() == 1 for a in Article.objects.all())


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.txt", "empty.txt: the file is empty"),
        ("no-dateline.txt", "no-dateline.txt:1: the first line must be a dateline"),
        ("latin1.txt", "latin1.txt:3: is not UTF-8 text (byte 0xe9)"),
        ("binary.txt", "binary.txt:3: is a binary file"),
        ("only-boilerplate.txt", "only-boilerplate.txt:1: there is no article text"),
        ("missing.txt", "missing.txt: cannot be read"),
    ],
)
def test_bad_file_is_named_with_line_and_reason_and_nothing_is_saved(db, name, message):
    err = StringIO()
    with pytest.raises(CommandError, match="0 created, 0 updated, 0 skipped, 1 failed"):
        call_command(
            "import_text",
            str(DATA / name),
            "--section",
            "Brand New",
            "--author",
            "X",
            stdout=StringIO(),
            stderr=err,
        )
    assert message in err.getvalue()
    assert not Article.objects.exists()
    assert not Section.objects.exists()
    assert not Author.objects.exists()


def test_one_bad_file_does_not_stop_the_good_ones(db):
    err = StringIO()
    with pytest.raises(CommandError, match="1 created, 0 updated, 0 skipped, 1 failed"):
        call_command(
            "import_text",
            str(DATA / "empty.txt"),
            str(REFERENCE),
            stdout=StringIO(),
            stderr=err,
        )
    assert Article.objects.count() == 1


def test_weekday_that_does_not_match_the_date_is_refused(db, tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("17 Mar 2025, Tue\n\nA paragraph.\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_text", str(story), stdout=StringIO(), stderr=err)
    assert "story.txt:1:" in err.getvalue()
    assert "was a Monday, not Tue" in err.getvalue()


def test_headline_with_several_files_is_refused(db):
    with pytest.raises(CommandError, match="--headline applies to one file"):
        import_text(REFERENCE, DATA / "wire-story.txt", "--headline", "One")


def test_future_dateline_with_publish_schedules(db, tmp_path, client):
    story = tmp_path / "future.txt"
    story.write_text("2099-01-01\n\nNot yet.\n", encoding="utf-8")
    import_text(story, "--publish")
    article = Article.objects.get()
    assert article.status == Article.Status.SCHEDULED
    assert client.get(article.get_absolute_url()).status_code == 404
