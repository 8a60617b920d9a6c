"""import-text --replies sets the article's discussion, and the README's steps
end with the reply form under the reference article."""

import re
import shlex
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from broadsheet.articles.models import Article

ROOT = Path(__file__).resolve().parents[3]
REFERENCE = ROOT / "broadsheet/articles/tests/data/reference-article.txt"


def import_reference(*options):
    call_command(
        "import_text", str(REFERENCE), "--publish", *options, stdout=StringIO()
    )
    return Article.objects.get()


@pytest.mark.django_db
def test_an_old_article_imported_with_replies_open_shows_the_form(client):
    page = client.get(import_reference("--replies", "open").get_absolute_url())
    assert "Leave a Reply" in page.content.decode()


@pytest.mark.django_db
def test_replies_site_follows_the_closing_period_and_closed_closes(client):
    article = import_reference("--replies", "site")
    assert (
        "Replies are closed." in client.get(article.get_absolute_url()).content.decode()
    )
    import_reference("--replies", "closed")
    article.discussion.refresh_from_db()
    assert not article.discussion.is_open


def readme_import_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8").replace("\\\n", " ")
    return [
        shlex.split(line.split("broadsheet ", 1)[1])
        for line in readme.splitlines()
        if re.search(r"broadsheet import-text ", line)
    ]


@pytest.mark.django_db
def test_the_readme_steps_end_with_the_reply_form_under_each_article(
    client, monkeypatch
):
    monkeypatch.chdir(ROOT)
    commands = readme_import_commands()
    assert len(commands) == 2  # the example article, then the reference article
    for command, *args in commands:
        call_command(command.replace("-", "_"), *args, stdout=StringIO())
    assert Article.objects.count() == 2
    for article in Article.objects.all():
        page = client.get(article.get_absolute_url())
        assert page.status_code == 200
        assert "Leave a Reply" in page.content.decode(), article.headline


@pytest.mark.django_db
def test_a_closed_thread_without_replies_shows_no_reply_count_link(client):
    closed = import_reference("--replies", "closed")
    page = client.get(closed.get_absolute_url()).content.decode()
    assert "0 replies" not in page and "Replies are closed." in page
    import_reference("--replies", "open")
    page = client.get(closed.get_absolute_url()).content.decode()
    assert '<a href="#replies">0 replies</a>' in page
