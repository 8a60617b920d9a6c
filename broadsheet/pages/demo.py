"""The demo newsroom's static pages (About, Ethics under it, Contact) and a footer
menu linking them."""

from broadsheet.pages.models import Menu, MenuItem, Page

ABOUT = """\
Broadsheet's demo newsroom covers the city of Portside: its council, its
economy and its culture. We are a small team of reporters and editors.

## Our standards

We correct mistakes openly, at the end of the story that carried them. Read
[our ethics policy](/about/ethics/).
"""
ETHICS = """\
We do not accept gifts from the people we cover. We name our sources unless
naming them would put them in danger, and we say why when we do not.
"""
CONTACT = """\
Write to the newsroom at newsroom@portside.example, or call the news desk on
weekdays between 9:00 and 18:00.
"""


def add_demo_pages() -> int:
    """Add the demo pages that are missing; return how many were created."""
    created = 0
    about, new = Page.objects.get_or_create(
        path="about",
        defaults={
            "title": "About us",
            "slug": "about",
            "body": ABOUT,
            "status": Page.Status.PUBLISHED,
        },
    )
    created += new
    for slug, title, body, parent in [
        ("ethics", "Ethics policy", ETHICS, about),
        ("contact", "Contact", CONTACT, None),
    ]:
        path = f"{parent.path}/{slug}" if parent else slug
        _, new = Page.objects.get_or_create(
            path=path,
            defaults={
                "title": title,
                "slug": slug,
                "body": body,
                "parent": parent,
                "status": Page.Status.PUBLISHED,
            },
        )
        created += new
    footer, new = Menu.objects.get_or_create(place=Menu.Place.FOOTER)
    if new:
        for position, path in enumerate(["about", "about/ethics", "contact"]):
            MenuItem.objects.create(
                menu=footer, position=position, page=Page.objects.get(path=path)
            )
    return created
