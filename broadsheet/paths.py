"""Django's reverse(), remembered per process.

A page asks for the same addresses many times (an article's own in the
canonical link, Open Graph, JSON-LD and oEmbed lines; each section, author and
tag it links to), and each reverse() walks the URL patterns again: 38 of them
were a tenth of an article page's render. An address depends only on the
view's name, its arguments, the URL patterns and the script prefix, which
are all in the key (and the patterns, when a test swaps them, clear it):

    path_to("articles:section", slug)
    path_to("articles:detail", year=2025, month="03", day="17", slug=slug)
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse

REMEMBERED = 20_000


def path_to(viewname, *args, **kwargs) -> str:
    """reverse(viewname, args=args, kwargs=kwargs), once per process for
    arguments that are strings and numbers (anything else is reversed as is:
    a model instance equals another of the same pk, a list is no key)."""
    values = (*args, *kwargs.values())
    if not all(type(value) in (str, int) for value in values):
        return reverse(viewname, args=args or None, kwargs=kwargs or None)
    return _reversed(viewname, args, tuple(kwargs.items()), get_script_prefix())


@lru_cache(maxsize=REMEMBERED)
def _reversed(viewname, args, kwargs, prefix):
    return reverse(viewname, args=args or None, kwargs=dict(kwargs) or None)


@receiver(setting_changed)
def _patterns_changed(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reversed.cache_clear()
