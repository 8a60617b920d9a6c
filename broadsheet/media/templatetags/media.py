from django import template

from broadsheet.media.pictures import picture_html

register = template.Library()


@register.simple_tag
def picture(image, sizes="100vw", lazy=True, css_class="", alt=None):
    """A <picture> of the image's renditions (media/pictures.py)."""
    return picture_html(image, sizes=sizes, lazy=lazy, css_class=css_class, alt=alt)
