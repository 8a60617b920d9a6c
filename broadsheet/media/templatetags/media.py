from django import template

register = template.Library()


@register.inclusion_tag("media/picture.html")
def picture(image, sizes="100vw", lazy=True, css_class="", alt=None):
    """A <picture> of the image's renditions: AVIF and WebP sources, a JPEG or
    PNG fallback, width and height (so nothing shifts), and lazy loading for
    pictures below the fold (lazy=False for the first one on the page)."""
    return {
        "image": image,
        "sizes": sizes,
        "lazy": lazy,
        "css_class": css_class,
        "alt": image.alt if alt is None and image else alt,
        "fallback": image.fallback() if image else None,
    }
