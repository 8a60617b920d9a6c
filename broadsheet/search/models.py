"""The search app's one model: the words of the index, for spelling suggestions.

The index tables themselves are not models (broadsheet/search/migrations/0001).
"""

from django.db import models

from broadsheet.search.query import MAX_WORD_CHARS


class Word(models.Model):
    """A word some indexed article contains, folded as queries are (lower case,
    no accents): a spelling a suggestion may offer (broadsheet.search.suggestions).

    Words are added as articles are indexed and only removed by a whole
    `broadsheet reindex`: a word whose articles have gone, or are drafts, is
    never shown, because a suggestion is offered only once it finds live articles.
    """

    word = models.CharField(max_length=MAX_WORD_CHARS, primary_key=True)

    class Meta:
        db_table = "search_word"

    def __str__(self):
        return self.word
