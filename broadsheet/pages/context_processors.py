from django.utils.functional import SimpleLazyObject

from broadsheet.pages.models import Menu
from broadsheet.pages.navigation import menu_links
from broadsheet.surrogate import NAVIGATION, depend_on


def menus(request):
    """The header and footer menus, fetched only if a template shows them, and
    then at most once between two purges (a menu's or a page's change purges)."""
    depend_on(request, NAVIGATION)
    return {
        "site_menus": SimpleLazyObject(
            lambda: {place: menu_links(place) for place in Menu.Place.values}
        )
    }
