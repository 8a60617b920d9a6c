"""The reference article (the project's copy of ../shared/sample/seed-article.txt,
dated Mon 17 Mar 2025), imported as a newsroom would: `broadsheet import-text`."""

from io import StringIO
from pathlib import Path

from django.core.management import call_command

from broadsheet.articles.models import Article

REFERENCE = Path(__file__).parent / "data" / "reference-article.txt"
HEADLINE = "Trump and Putin to hold call on ending the war in Ukraine"


def import_reference(*options) -> Article:
    """Run `broadsheet import-text` on the reference article with these options
    (always published); return the article."""
    call_command(
        "import_text", str(REFERENCE), "--publish", *options, stdout=StringIO()
    )
    return Article.objects.get(import_ref=f"text:{REFERENCE.name}")
