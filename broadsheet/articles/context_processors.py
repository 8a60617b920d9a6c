from django.utils.functional import SimpleLazyObject

from broadsheet.articles.models import Section
from broadsheet.generation import remembered
from broadsheet.surrogate import SECTIONS, depend_on


def sections(request):
    """The sections for the site navigation, fetched only if a template shows them,
    and then at most once between two purges (a section's change purges)."""
    depend_on(request, SECTIONS)
    return {"nav_sections": SimpleLazyObject(nav_sections)}


def nav_sections():
    """Every section, in navigation order: read once between two purges."""
    return remembered("nav", _nav, keys=[SECTIONS])


def _nav():
    return list(Section.objects.only("name", "slug", "position", "front_position"))
