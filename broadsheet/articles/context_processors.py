from broadsheet.articles.models import Section
from broadsheet.surrogate import SECTIONS, depend_on


def sections(request):
    """The sections for the site navigation, fetched only if a template shows them."""
    depend_on(request, SECTIONS)
    return {"nav_sections": Section.objects.only("name", "slug", "position")}
