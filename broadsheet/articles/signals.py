"""Signals the articles app sends; apps that point at Article listen.

discussion_requested(sender=Article, article, state)
    An importer was asked to set the article's discussion: state is "open"
    (replies open and never close by age), "closed", or "site" (follow the
    discussion settings). Sent inside the import's transaction; the replies app
    owns discussions and acts on it.
"""

from django.dispatch import Signal

discussion_requested = Signal()

DISCUSSION_STATES = ("open", "closed", "site")
