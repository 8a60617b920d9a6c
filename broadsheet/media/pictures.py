"""An image's <picture> element, written in Python.

    picture_html(image, sizes="(min-width: 40rem) 38rem, 100vw", lazy=False)

AVIF and WebP sources, a JPEG or PNG fallback, width and height (so nothing
shifts), and lazy loading for pictures below the fold (lazy=False for the first
one on a page). Written here rather than in a template: every card and story
render shows one, and the template engine's include, loops and filters cost
several times the markup they write (docs/performance.md).
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


def picture_html(image, *, sizes="100vw", lazy=True, css_class="", alt=None):
    """The <picture>, or "" for no image or one without renditions yet."""
    fallback = image.fallback() if image else None
    if fallback is None:
        return ""
    sources = format_html_join(
        "",
        '<source type="{}" srcset="{}" sizes="{}">',
        ((kind, srcset, sizes) for kind, srcset in image.sources()),
    )
    return format_html(
        '<picture>{}<img{} src="{}" srcset="{}" sizes="{}" alt="{}" width="{}" '
        'height="{}"{} decoding="async"></picture>',
        sources,
        format_html(' class="{}"', css_class) if css_class else "",
        image.fallback_url(),
        image.fallback_srcset(),
        sizes,
        image.alt if alt is None else alt,
        fallback["width"],
        fallback["height"],
        mark_safe(' loading="lazy"') if lazy else "",
    )
