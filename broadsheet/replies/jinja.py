"""The Jinja2 environment for the replies under an article (replies/jinja2/).

Only what those templates use: URL reversing (remembered, as
broadsheet.paths does for the models), static files, the avatar
filters and the reply's time, formatted as Django's `date` filter would
("17 Mar 2025, 09:30") with its machine-readable twin. That is written here
rather than by calling the filter because it runs once per reply: measured at
half the filter's cost (109 against 204 µs a call, both on a loaded machine);
a property test holds the two to the same text.
"""

from django.templatetags.static import static
from django.utils import timezone
from django.utils.dates import MONTHS_3
from jinja2 import Environment
from markupsafe import Markup

from broadsheet.paths import path_to
from broadsheet.replies.rendering import avatar_hue, initials


def url(viewname, args=(), kwargs=None):
    """Django's reverse(), as the templates call it: url('name', args=[pk])."""
    return path_to(viewname, *args, **(kwargs or {}))


def reply_time(value):
    local = timezone.localtime(value)
    month = MONTHS_3[local.month].title()
    return Markup('<time datetime="%s">%s</time>') % (
        local.isoformat(timespec="seconds"),
        f"{local.day} {month} {local.year:04d}, {local:%H:%M}",
    )


def environment(**options):
    env = Environment(**options)
    env.globals.update(url=url, static=static)
    env.filters.update(
        reply_hue=avatar_hue, reply_initials=initials, reply_time=reply_time
    )
    return env
