"""Library images named in Markdown bodies, drawn as <figure><picture>.

Authors write `![Alt text](image:12 "Optional caption")`; the Markdown renderer
(broadsheet.articles.rendering) lets the `image:` address through its
sanitiser, and `embed_library_images` replaces each such <img> in the
sanitised HTML with the image's renditions. An image alone in its paragraph
becomes a figure with caption and credit; one inside text stays inline. An
empty alt text takes the library's; a number with no library image is dropped.
"""

import html
import re

from django.template.loader import render_to_string

# nh3 writes attributes double-quoted and escaped, so a pattern is enough here.
IMAGE_TAG = re.compile(r'(<p>\s*)?<img ([^>]*?)src="image:(\d+)"([^>]*)>(\s*</p>)?')
ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')
BODY_SIZES = "(min-width: 40rem) 38rem, 100vw"  # the measure of .story


def embed_library_images(body_html: str) -> str:
    """Return the HTML with every image:N reference drawn from the library."""
    if "image:" not in body_html:
        return body_html
    from broadsheet.media.models import Image

    wanted = {int(match.group(3)) for match in IMAGE_TAG.finditer(body_html)}
    images = Image.objects.in_bulk(wanted)

    def draw(match):
        image = images.get(int(match.group(3)))
        if image is None or not image.renditions:
            return ""
        attributes = dict(ATTRIBUTE.findall(match.group(2) + match.group(4)))
        alone = bool(match.group(1) and match.group(5))
        context = {
            "image": image,
            "alt": html.unescape(attributes.get("alt", "")) or image.alt,
            "caption": html.unescape(attributes.get("title", "")) or image.caption,
            "sizes": BODY_SIZES,
        }
        if alone:
            return render_to_string("media/figure.html", context).strip()
        return render_to_string("media/inline.html", context).strip()

    return IMAGE_TAG.sub(draw, body_html)
