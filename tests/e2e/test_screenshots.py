"""Screenshots of the reference article: desktop and phone, light and dark.

They go to test-artifacts/ (ignored by git) on every run; docs/screenshots/
holds the current ones, copied from there by `make screenshots`.
"""

import pytest
from PIL import Image

from tests.e2e.pages import HEADLINE

pytestmark = pytest.mark.browser

SIZES = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 375, "height": 740},
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", SIZES)
def test_screenshot_of_the_reference_article(browser, site, artifacts, size, scheme):
    context = browser.new_context(
        base_url=site.url,
        viewport=SIZES[size],
        color_scheme=scheme,
        device_scale_factor=1,
    )
    page = context.new_page()
    page.goto("/section/world/")
    page.get_by_role("link", name=HEADLINE).click()
    path = artifacts / f"article-{size}-{scheme}.png"
    page.screenshot(path=path, full_page=True)
    context.close()
    with Image.open(path) as image:
        assert image.width == SIZES[size]["width"]
        assert image.height > SIZES[size]["height"]  # the whole story, not one screen
        corner = image.convert("RGB").getpixel((2, image.height // 2))
    assert (sum(corner) < 200) == (scheme == "dark"), corner
