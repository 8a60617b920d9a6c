"""The site's language (LANGUAGE_CODE) decides how words are stemmed.

SQLite's FTS5 ships one stemmer, Porter's for English; other languages are
matched word for word, without stemming, with case and accents still ignored.
A stemming tokenizer for another language (a loadable FTS5 extension such as a
Snowball tokenizer) plugs in by adding its name to FTS5_TOKENIZERS and running
`broadsheet reindex`, which rebuilds the table with the tokenizer of the day.

PostgreSQL has Snowball stemmers for many languages: each gets its own text
search configuration, `broadsheet_<language>`, made by the search app's
migration as a copy of the built-in one that also removes accents (unaccent).
"""

from django.conf import settings

FTS5_TOKENIZERS = {
    "en": "porter unicode61 remove_diacritics 2",
}
FTS5_DEFAULT_TOKENIZER = "unicode61 remove_diacritics 2"

# LANGUAGE_CODE's language -> PostgreSQL's built-in text search configuration.
POSTGRES_CONFIGURATIONS = {
    "ar": "arabic",
    "ca": "catalan",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "eu": "basque",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nb": "norwegian",
    "ne": "nepali",
    "nl": "dutch",
    "nn": "norwegian",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}


def language() -> str:
    """The site's language without its region: "en-gb" -> "en"."""
    return settings.LANGUAGE_CODE.lower().replace("_", "-").split("-")[0]


def fts5_tokenizer() -> str:
    return FTS5_TOKENIZERS.get(language(), FTS5_DEFAULT_TOKENIZER)


def postgres_configuration() -> str:
    """The name of our text search configuration for the site's language."""
    return "broadsheet_" + POSTGRES_CONFIGURATIONS.get(language(), "simple")
