"""The demo newsroom's story: three of its city articles, grouped over time."""

from broadsheet.articles.models import Article
from broadsheet.stories.models import Story, StoryArticle

STORY = {
    "name": "Keeping Portside running",
    "slug": "keeping-portside-running",
    "description": "Bridges, water and libraries: how the city keeps its services "
    "going, and what it costs.",
}
PIECES = ["demo:harbour-bridge.md", "demo:water-rates.md", "demo:library-hours.md"]


def add_demo_stories() -> int:
    """Add the demo story if it is missing; return how many were created."""
    if Story.objects.filter(slug=STORY["slug"]).exists():
        return 0
    story = Story.objects.create(**STORY)
    for article in Article.objects.filter(import_ref__in=PIECES):
        StoryArticle.objects.create(story=story, article=article)
    return 1
