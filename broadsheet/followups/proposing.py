"""Propose follow-ups for an article, and keep them in step with its text.

    propose_follow_ups(article)   # after every save; receivers.py calls it

What the text promises is decided by detection.py. Saving the article again
recomputes: a promise already known keeps its row (a proposed one takes the
newly resolved date, an accepted or dismissed one is the editor's and is never
changed or revived); a proposed follow-up whose sentence is gone is deleted.
"""

from datetime import datetime

from django.utils import timezone

from broadsheet.followups.detection import find_promises, plain_text
from broadsheet.followups.models import FollowUp, fingerprint


def dateline_of(article, now=None) -> datetime:
    """The moment the article's dates count from, in the site's time zone: its
    dateline, or for a draft without one, now."""
    return timezone.localtime(article.published_at or now or timezone.now())


def follow_ups_in(article, now=None) -> list[FollowUp]:
    """Unsaved follow-ups for what the article's text promises."""
    promises = find_promises(plain_text(article.body_html), dateline_of(article, now))
    return [
        FollowUp(
            article=article,
            due_on=promise.due_on,
            due_until=promise.due_until,
            expression=promise.expression[:100],
            sentence=promise.sentence,
            fingerprint=fingerprint(promise.sentence, promise.expression),
        )
        for promise in promises
    ]


def propose_follow_ups(article, *, is_new=False, now=None) -> int:
    """Bring the article's proposed follow-ups in step with its text; return
    how many were added. is_new: the article was just created, so has none."""
    found = {f.fingerprint: f for f in follow_ups_in(article, now)}
    # ignore_conflicts: a save racing this one may have added the same promise.
    if is_new:
        FollowUp.objects.bulk_create(found.values(), ignore_conflicts=True)
        return len(found)
    known = {f.fingerprint: f for f in FollowUp.objects.filter(article=article)}
    FollowUp.objects.filter(
        pk__in=[
            f.pk
            for key, f in known.items()
            if key not in found and f.status == FollowUp.Status.PROPOSED
        ]
    ).delete()
    for key, new in found.items():
        old = known.get(key)
        if old is None or old.status != FollowUp.Status.PROPOSED:
            continue
        if (old.due_on, old.due_until) != (new.due_on, new.due_until):
            old.due_on, old.due_until = new.due_on, new.due_until
            old.save(update_fields=["due_on", "due_until", "updated_at"])
    added = [f for key, f in found.items() if key not in known]
    FollowUp.objects.bulk_create(added, ignore_conflicts=True)
    return len(added)
