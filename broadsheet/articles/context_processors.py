from broadsheet.articles.models import Section


def sections(request):
    """The sections for the site navigation, fetched only if a template shows them."""
    return {"nav_sections": Section.objects.only("name", "slug", "position")}
