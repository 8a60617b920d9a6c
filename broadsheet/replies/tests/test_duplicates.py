"""A reply with a text already on the article is refused, whichever way the
first one was stored: posted, bulk-created, imported from WordPress, edited,
or stored before the texts were indexed (migration 0007)."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from broadsheet.articles.models import Article
from broadsheet.replies.models import DiscussionSettings, Reply, text_hash
from broadsheet.replies.tests.factories import ReplyFactory
from broadsheet.replies.tests.posting import post_reply

pytestmark = pytest.mark.django_db

REFUSED = "This reply is already on this article."
WORDPRESS_SITE = Path(__file__).parents[2] / "migration" / "tests" / "data" / "site.xml"


def test_the_same_text_with_other_whitespace_around_it_is_refused(client, an_article):
    post_reply(client, an_article, comment="The ferry plan sounds workable.")
    response = post_reply(
        client, an_article, comment="\n  The ferry plan sounds workable.  \n"
    )
    assert response.status_code == 400
    assert REFUSED in response.content.decode()
    assert Reply.objects.count() == 1


def test_the_same_text_on_another_article_is_posted(client, an_article):
    ReplyFactory(text="The ferry plan sounds workable.")
    response = post_reply(client, an_article, comment="The ferry plan sounds workable.")
    assert response.status_code == 302


def test_a_trashed_reply_does_not_count_as_a_duplicate(client, an_article):
    ReplyFactory(article=an_article, text="Trashed words.", status=Reply.Status.TRASH)
    assert post_reply(client, an_article, comment="Trashed words.").status_code == 302


def test_a_bulk_created_reply_is_found_as_a_duplicate(client, an_article):
    Reply.objects.bulk_create(
        [Reply(article=an_article, name="R", text="Made in bulk.", status="approved")]
    )
    response = post_reply(client, an_article, comment="Made in bulk.")
    assert response.status_code == 400
    assert REFUSED in response.content.decode()


def test_an_edited_text_is_what_counts(client, an_article):
    reply = ReplyFactory(article=an_article, text="First words.")
    reply.text = "Second words."
    reply.save(update_fields=["text"])
    assert post_reply(client, an_article, comment="First words.").status_code == 302
    response = post_reply(client, an_article, comment="Second words.")
    assert REFUSED in response.content.decode()


def test_an_imported_wordpress_comment_is_found_as_a_duplicate(
    client, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    call_command("import_wordpress", str(WORDPRESS_SITE), stdout=StringIO())
    policy = DiscussionSettings.current()
    policy.close_after_days = 0  # the export's posts are years old
    policy.save()
    article = Article.objects.get(headline="Ferry timetable changes for winter")
    imported = Reply.objects.filter(article=article)
    assert imported and all(r.text_hash == text_hash(r.text) for r in imported)
    response = post_reply(
        client, article, comment="Will the 06:30 come back in spring?"
    )
    assert response.status_code == 400
    assert REFUSED in response.content.decode()


BEFORE = [("replies", "0006_reply_pages")]
AFTER = [("replies", "0007_reply_text_hash")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_replies_stored_before_the_upgrade_get_their_text_hash(an_article):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("replies", "Reply")
    for n in range(3):
        old.objects.create(
            article_id=an_article.pk,
            name=f"Reader {n}",
            text=f" Said before the upgrade, {n}. ",
            created_at=timezone.now(),
        )
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # as the other tests expect
    stored = Reply.objects.filter(article=an_article).order_by("pk")
    assert [r.text_hash for r in stored] == [
        text_hash(f"Said before the upgrade, {n}.") for n in range(3)
    ]
