"""`broadsheet generate-data`: bulk articles and replies for benchmarks."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Sum

from broadsheet.articles.models import Article
from broadsheet.articles.tests.factories import AuthorFactory, SectionFactory
from broadsheet.replies.models import Discussion, Reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(db):
    return SectionFactory(name="City"), AuthorFactory(name="Ada Reporter")


def generate(*args, verbosity=0):
    out, err = StringIO(), StringIO()
    call_command("generate_data", *args, verbosity=verbosity, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_adds_published_articles_with_bylines_and_shares_the_replies(
    client, newsroom, settings
):
    out, _ = generate("--articles", "30", "--replies", "95")
    assert "Added 30 articles and 95 replies" in out
    articles = Article.objects.filter(slug__startswith="generated-")
    assert articles.count() == 30
    assert not articles.exclude(status=Article.Status.PUBLISHED).exists()
    assert not articles.filter(bylines=None).exists()
    per_article = articles.annotate(n=Count("replies")).values_list("n", flat=True)
    assert sorted(set(per_article)) == [3, 4]  # 95 = 30 × 3 + 5
    assert Reply.objects.filter(status=Reply.Status.APPROVED).count() == 95
    # The counts readers see agree with the replies stored.
    assert Discussion.objects.aggregate(total=Sum("reply_count"))["total"] == 95
    settings.ARTICLES_PER_PAGE = 12
    newest = articles.first()
    page = client.get("/").content.decode()
    assert newest.headline in page and 'rel="next" href="?page=2"' in page
    assert client.get("/?page=3").status_code == 200
    assert client.get("/?page=4").status_code == 404
    story = client.get(newest.get_absolute_url()).content.decode()
    assert "✅" in story or "checklist" in story


def test_draws_a_progress_bar_on_stderr(newsroom):
    _, err = generate("--articles", "10", "--replies", "10", verbosity=1)
    assert "articles" in err and "10/10" in err and "100%" in err


def test_runs_twice_without_clashing(newsroom):
    generate("--articles", "5", "--replies", "0")
    generate("--articles", "5", "--replies", "0")
    assert Article.objects.filter(slug__startswith="generated-").count() == 10


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--articles", "-1"], "cannot be negative"),
        (["--articles", "0", "--replies", "5"], "need articles"),
    ],
)
def test_refuses_impossible_counts(newsroom, args, message):
    with pytest.raises(CommandError, match=message):
        generate(*args)
    assert not Article.objects.exists()


def test_needs_sections_and_authors_first(db):
    with pytest.raises(CommandError, match="broadsheet setup"):
        generate("--articles", "3")
    assert not Article.objects.exists()


def test_generated_articles_are_varied_and_searchable(client, newsroom):
    generate("--articles", "60", "--replies", "0")
    articles = Article.objects.filter(slug__startswith="generated-")
    assert articles.values("headline").distinct().count() > 30
    assert articles.values("body").distinct().count() == 60
    newest = articles.first()
    longest_word = max(newest.headline.split(), key=len).strip(":")
    search = {"q": longest_word, "order": "newest"}
    page = client.get("/search/", search).content.decode()
    assert newest.get_absolute_url() in page
