"""Signals the articles app sends; apps that point at Article listen.

discussion_requested(sender=Article, article, state)
    An importer was asked to set the article's discussion: state is "open"
    (replies open and never close by age), "closed", or "site" (follow the
    discussion settings). Sent inside the import's transaction; the replies app
    owns discussions and acts on it.

articles_created_in_bulk(sender=Article, articles)
    Articles were inserted with bulk_create, which sends no post_save (the
    WordPress importer does this); `articles` is the list, saved, with their
    pks and body_html. Sent inside the import's transaction; apps that act on
    every new article (follow-ups) listen to this as well as to post_save.
"""

from django.dispatch import Signal

discussion_requested = Signal()
articles_created_in_bulk = Signal()

DISCUSSION_STATES = ("open", "closed", "site")
