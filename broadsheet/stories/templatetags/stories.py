from django import template

from broadsheet.stories.banners import current_banner
from broadsheet.stories.timelines import boxes_for
from broadsheet.surrogate import depend_on, story_key

register = template.Library()


@register.simple_tag(takes_context=True)
def story_boxes(context, article):
    """The boxes for the stories this article is part of; the page depends on them."""
    boxes = boxes_for(article)
    depend_on(context.get("request"), *(story_key(box.story.pk) for box in boxes))
    return boxes


@register.simple_tag(takes_context=True)
def site_banner(context):
    """The breaking-news banner to show now, or None (banners.current_banner)."""
    return current_banner(context.get("request"))
