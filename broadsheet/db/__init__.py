"""What Broadsheet adds to Django's database layer: the SQLite backend
(`broadsheet.db.sqlite`), and reading rows as the database gives them."""

import datetime

from django.utils import timezone


def aware(value):
    """A value read without the ORM's converters, a time made aware: SQLite
    gives naive times, in UTC (as Django's own converters read them);
    PostgreSQL's are aware already, and anything else is left as it is."""
    if isinstance(value, datetime.datetime) and timezone.is_naive(value):
        return timezone.make_aware(value, datetime.UTC)
    return value
