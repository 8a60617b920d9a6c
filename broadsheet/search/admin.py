"""The admin's article search uses the search index instead of LIKE scans.

The articles app registers ArticleAdmin and knows nothing of search; this
module (imported by the admin's autodiscovery, after the articles app's) swaps
the registration for a subclass whose search reads the index. It finds drafts
and scheduled articles too, with the same words, phrases, -exclusions and
prefixes as the reader's search.

Reply search stays Django's: moderators look replies up by e-mail address and
IP address, which a word index does not serve.
"""

from django.contrib import admin
from django.db.models.expressions import RawSQL

from broadsheet.articles import admin as articles_admin
from broadsheet.articles.models import Article
from broadsheet.search.engines import engine
from broadsheet.search.query import read_query


class IndexedArticleAdmin(articles_admin.ArticleAdmin):
    search_help_text = (
        "Search headlines, deks, bodies, tags, sections and bylines. "
        'Use "quotes" for a phrase, -word to leave out, word* for a beginning.'
    )

    def get_search_results(self, request, queryset, search_term):
        query = read_query(search_term)
        if query.is_empty:
            if search_term.strip():
                return queryset.none(), False
            return queryset, False
        sql, params = engine().matching(query)
        return queryset.filter(pk__in=RawSQL(sql, params)), False


if admin.site.is_registered(Article):
    admin.site.unregister(Article)
admin.site.register(Article, IndexedArticleAdmin)
