"""Signals the replies app sends; other apps (caching, search) listen.

reply_posted(sender=Reply, reply)
    A reader's or a staff member's reply was saved, whatever its status.

reply_changed(sender=Reply, reply, from_status, to_status)
    A reply's status or text changed: moderation, an author's edit or deletion,
    an erasure. from_status equals to_status when only the text changed.
"""

from django.dispatch import Signal

reply_posted = Signal()
reply_changed = Signal()
