"""An editor illustrates a story from the media library; readers see renditions."""

import io
import re
import urllib.request
import uuid

import pytest
from PIL import Image, ImageDraw

from tests.e2e.pages import story_path, turn_on_two_factor

pytestmark = pytest.mark.browser
EDITOR = ("picture-editor", "pictures-are-news-too")
MAKE_EDITOR = f"""
from django.contrib.auth.models import Group, User
user = User.objects.create_user({EDITOR[0]!r}, password={EDITOR[1]!r}, is_staff=True)
user.groups.add(Group.objects.get(name="Editor"))
"""


def drawn_jpeg() -> bytes:
    picture = Image.new("RGB", (1600, 1000), (30, 60, 120))
    draw = ImageDraw.Draw(picture)
    draw.rectangle([200, 500, 1400, 560], fill=(240, 200, 80))
    draw.ellipse([1100, 100, 1300, 300], fill=(255, 240, 200))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def pictures_with_alt(html: str, alt: str) -> list[str]:
    """Each <picture> whose <img> has this alt text."""
    found = re.findall(r"<picture>.*?</picture>", html, re.S)
    return [p for p in found if f'alt="{alt}"' in p]


def test_an_editor_illustrates_and_pins_a_story_and_readers_see_renditions(
    browser, site
):
    site.manage("shell", "--no-imports", "-c", MAKE_EDITOR)
    alt = f"Night ferry crossing under the lit bridge {uuid.uuid4().hex[:6]}"
    desk = browser.new_context(base_url=site.url)
    page = desk.new_page()
    page.set_default_timeout(20_000)
    page.goto("/admin/")
    page.get_by_label("Username").fill(EDITOR[0])
    page.get_by_label("Password").fill(EDITOR[1])
    page.get_by_role("button", name="Log in").click()
    turn_on_two_factor(page)  # editors sign in with two factors

    page.goto("/admin/media/image/add/")
    page.get_by_label("Image").set_input_files(
        {"name": "ferry.jpg", "mimeType": "image/jpeg", "buffer": drawn_jpeg()}
    )
    page.get_by_label("Alt text").fill(alt)
    page.get_by_label("Credit").fill("Photo: E2E desk")
    page.get_by_role("button", name="Save", exact=True).click()
    page.locator("#result_list").get_by_role("link", name=alt).click()
    image_id = re.search(r"/media/image/(\d+)/change/", page.url).group(1)

    path = story_path(site, "harbour-bridge")
    page.goto("/admin/articles/article/?q=Harbour+Bridge")
    page.get_by_role("link", name="Harbour Bridge to close to cars").first.click()
    page.locator("#id_featured_image").fill(image_id)
    body = page.get_by_label("Body")
    body.fill(body.input_value() + f"\n\n![]({'image:' + image_id})\n")
    page.get_by_role("button", name="Save", exact=True).click()
    page.locator(".messagelist .success").wait_for()

    page.goto("/admin/articles/article/?q=Harbour+Bridge")
    page.locator("input[name=_selected_action]").first.check()
    page.locator("select[name=action]").select_option("pin_as_lead")
    page.get_by_role("button", name="Go").click()
    page.locator(".messagelist .success").wait_for()
    desk.close()

    reader = browser.new_context(base_url=site.url)
    view = reader.new_page()
    view.goto("/")
    lead = view.get_by_role("region", name="Lead story")
    lead_picture = lead.locator("picture img")
    assert lead_picture.get_attribute("alt") == alt
    assert " 1600w" in lead_picture.get_attribute("srcset")
    assert lead_picture.evaluate("img => img.complete && img.naturalWidth > 0")
    front = view.content()
    assert len(pictures_with_alt(front, alt)) == 1

    view.goto(path)
    article = view.content()
    shown = pictures_with_alt(article, alt)
    assert len(shown) == 2  # the featured image and the one in the body
    assert all('srcset="/media/renditions/' in p for p in shown)
    assert all('type="image/webp"' in p for p in shown)
    og = view.locator('meta[property="og:image"]').get_attribute("content")
    # Absolute addresses come from SITE_URL, which follows the server's port.
    public = site.env.get("SITE_URL") or site.url
    assert og.startswith(public + "/media/renditions/") and og.endswith("og.jpg")
    reader.close()

    rss = urllib.request.urlopen(site.url + "/feeds/rss/").read().decode()
    key = re.search(r"/media/renditions/(\w+)/", shown[0]).group(1)
    enclosures = re.findall(r"<enclosure [^>]*>", rss)
    expected = f"{public}/media/renditions/{key}/"
    assert any(expected in e for e in enclosures), enclosures
