"""The header and footer menus as templates show them.

`menu_links(place)` returns the links of one menu, or None when editors have
not made that menu (then base.html keeps its default: every section in the
header, nothing extra in the footer). A draft page is never linked.
"""

from dataclasses import dataclass

from broadsheet.generation import remembered
from broadsheet.pages.models import Menu, MenuItem, Page
from broadsheet.surrogate import NAVIGATION, SECTIONS


@dataclass(frozen=True)
class Link:
    text: str
    href: str
    section_id: int | None = None
    is_outside: bool = False


def menu_links(place: str) -> list[Link] | None:
    return remembered("menus", _all_links, keys=[NAVIGATION, SECTIONS]).get(place)


def _all_links() -> dict[str, list[Link]]:
    # One query when no menu was made (the usual case), two otherwise.
    menus = {place: [] for place in Menu.objects.values_list("place", flat=True)}
    if not menus:
        return {}
    items = (
        MenuItem.objects.select_related("menu", "section", "page")
        .exclude(page__status=Page.Status.DRAFT)
        .filter(menu__place__in=list(menus))
    )
    for item in items:
        menus[item.menu.place].append(
            Link(
                text=item.text(),
                href=item.href(),
                section_id=item.section_id,
                is_outside=bool(item.url),
            )
        )
    return menus
