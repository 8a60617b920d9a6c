"""Keeping the index in step with the articles, in the writer's transaction.

    index_articles([article.pk])   # after any change to what an article says
    remove_articles([article.pk])  # after it is deleted
    analyse()                      # after a bulk load
    for count in rebuild(): ...    # the whole index anew (`broadsheet reindex`)

broadsheet.search.receivers calls the first two on every article, byline, tag,
section and author change, so the index never lags behind what it indexes.
"""

from django.db import connection, transaction

from broadsheet.articles.models import Article
from broadsheet.search.documents import documents_for
from broadsheet.search.engines import engine

REBUILD_BATCH = 2000


def index_articles(article_ids) -> None:
    """Write these articles' documents; an article no longer there is removed."""
    ids = set(article_ids)
    if not ids:
        return
    documents = documents_for(ids)
    index = engine()
    # One commit when called outside a transaction; inside one (an article's
    # save), part of it.
    with transaction.atomic(savepoint=False):
        index.write(documents)
        gone = ids - {document.article_id for document in documents}
        if gone:
            index.remove(gone)


def analyse() -> None:
    """Refresh the index's statistics after adding many articles at once
    (PostgreSQL's planner goes by them; autovacuum would, in its own time)."""
    engine().analyse()


def remove_articles(article_ids) -> None:
    index = engine()
    index.remove(set(article_ids))


def remove_orphans() -> None:
    """Remove the rows of articles that no longer exist (after a flush)."""
    index = engine()
    if index.TABLE in connection.introspection.table_names():
        index.remove_orphans()


def article_count() -> int:
    return Article.objects.count()


def rebuild(batch_size: int = REBUILD_BATCH):
    """Index every article anew, yielding how many each batch wrote.

    Run it inside a transaction: readers see the old index until it commits.
    """
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    batches = (
        documents_for(ids[start : start + batch_size])
        for start in range(0, len(ids), batch_size)
    )
    yield from engine().rebuild(batches)
