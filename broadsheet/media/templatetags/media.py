from django import template

register = template.Library()


@register.inclusion_tag("media/picture.html")
def picture(image, sizes="100vw", lazy=True, css_class=""):
    """A <picture> of the image's renditions: AVIF and WebP sources, a JPEG or
    PNG fallback, width and height (so nothing shifts) and lazy loading for
    pictures below the fold."""
    return {
        "image": image,
        "sizes": sizes,
        "lazy": lazy,
        "css_class": css_class,
        "fallback": image.fallback() if image else None,
    }
