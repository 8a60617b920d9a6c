"""Header and footer menus: edited in the admin, shown on every page, purged."""

import pytest
from django.contrib.auth.models import Group, User

from broadsheet.articles.tests.factories import SectionFactory
from broadsheet.caching.tests.wsgi_client import get
from broadsheet.pages.models import Menu, MenuItem, Page
from broadsheet.pages.tests.factories import PageFactory

pytestmark = pytest.mark.django_db


def nav(html, label):
    start = html.index(f'aria-label="{label}"')
    return html[start : html.index("</nav>", start)]


def test_without_a_header_menu_every_section_is_listed(client):
    SectionFactory(name="City")
    SectionFactory(name="Sport")
    html = client.get("/").content.decode()
    sections = nav(html, "Sections")
    assert "City" in sections and "Sport" in sections
    assert 'aria-label="Site"' not in html


def test_an_editor_builds_a_header_menu_in_the_admin_in_their_order(client):
    city, _ = SectionFactory(name="City"), SectionFactory(name="Sport")
    about = PageFactory(title="About us", slug="about")
    editor = User.objects.create_user("ed", password="pw", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))
    client.force_login(editor)
    response = client.post(
        "/admin/pages/menu/add/",
        {
            "place": "header",
            "items-TOTAL_FORMS": "3",
            "items-INITIAL_FORMS": "0",
            "items-0-position": "2",
            "items-0-section": city.pk,
            "items-1-position": "1",
            "items-1-page": about.pk,
            "items-2-position": "3",
            "items-2-url": "https://shop.example/",
            "items-2-label": "Shop",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    client.logout()
    header = nav(client.get("/").content.decode(), "Main")
    assert header.index("About us") < header.index("City") < header.index("Shop")
    assert "Sport" not in header
    assert 'href="https://shop.example/"' in header


def test_a_link_needs_exactly_one_target(client):
    editor = User.objects.create_user("ed", password="pw", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))
    client.force_login(editor)
    response = client.post(
        "/admin/pages/menu/add/",
        {
            "place": "footer",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-0-position": "0",
            "items-0-url": "https://shop.example/",
        },
    )
    assert response.status_code == 200
    assert "An outside link needs a label" in response.content.decode()
    assert not Menu.objects.exists()


def test_the_footer_menu_skips_draft_pages(client):
    footer = Menu.objects.create(place="footer")
    MenuItem.objects.create(menu=footer, page=PageFactory(title="Contact"))
    MenuItem.objects.create(
        menu=footer, page=PageFactory(title="Secret", status=Page.Status.DRAFT)
    )
    footer_nav = nav(client.get("/").content.decode(), "Site")
    assert "Contact" in footer_nav and "Secret" not in footer_nav


def test_changing_a_menu_purges_the_cached_pages(django_capture_on_commit_callbacks):
    footer = Menu.objects.create(place="footer")
    get("/")
    assert get("/")[1]["X-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        MenuItem.objects.create(menu=footer, url="https://x.example/", label="Shop")
    _, headers, body = get("/")
    assert headers["X-Cache"] == "MISS"
    assert "Shop" in body
