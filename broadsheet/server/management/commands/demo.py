from django.core.management.base import BaseCommand
from django.db import transaction

from broadsheet.articles.demo import ARTICLES, add_demo_newsroom
from broadsheet.pages.demo import add_demo_pages
from broadsheet.replies.demo import add_demo_replies
from broadsheet.stories.demo import add_demo_stories


class Command(BaseCommand):
    help = (
        "Add the demo newsroom: three sections, three authors, a handful of "
        "original stories, a few threaded reader replies, an About page and a "
        "developing story grouping three of the articles, so a "
        "new site has something to show. What exists already is left alone, so "
        "running it twice is harmless."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            created = add_demo_newsroom()
            replies = add_demo_replies()
            pages = add_demo_pages()
            stories = add_demo_stories()
        self.stdout.write(
            f"demo: {created} created, {len(ARTICLES) - created} skipped; "
            f"{replies} replies added; {pages} pages added; {stories} stories added"
        )
