"""An RSS feed of a search's newest results: a saved search for a topic's followers.

/search/feed/?q=ceasefire&section=world
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed

from broadsheet.articles.models import Article
from broadsheet.search.forms import SearchForm
from broadsheet.search.results import find
from broadsheet.surrogate import LISTINGS, depend_on
from broadsheet.syndication.feeds import summary_of


class SearchFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request):
        depend_on(request, LISTINGS)
        form = SearchForm(request.GET)
        form.is_valid()  # an invalid filter is left out, as the page does
        return form

    def title(self, form):
        words = form.cleaned_data.get("q", "")
        return f"{settings.SITE_NAME}: search for “{words}”"

    def link(self, form):
        query = form.data.copy()
        query.pop("page", None)
        return reverse("search:results") + "?" + query.urlencode()

    def description(self, form):
        return "The newest articles matching this search."

    def items(self, form):
        query = form.reader_query()
        if query.is_empty or form.errors:
            return []
        page = find(
            query,
            form.filters(),
            order="newest",
            size=settings.FEED_ITEMS,
            articles=Article.objects.for_listing(),
        )
        return [result.article for result in page.object_list]

    def item_title(self, article):
        return article.headline

    def item_description(self, article):
        return summary_of(article)

    def item_pubdate(self, article):
        return article.published_at

    def item_author_name(self, article):
        names = [byline.author.name for byline in article.bylines.all()]
        return ", ".join(names) or article.byline or None

    def item_categories(self, article):
        return [article.section.name]
