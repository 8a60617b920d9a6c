"""Helpers for the follow-up tests: the reference article, imported as usual."""

from io import StringIO
from pathlib import Path

from django.core.management import call_command

from broadsheet.articles.models import Article

DATA = Path(__file__).parent / "data"
# The project's copy of ../shared/sample/seed-article.txt (dated Mon 17 Mar 2025).
REFERENCE = (
    Path(__file__).parents[2] / "articles" / "tests" / "data" / "reference-article.txt"
)
PROMISE = (
    "In a major diplomatic development, Russian President Vladimir Putin and U.S. "
    "President Donald Trump are scheduled to hold a telephone conversation tomorrow "
    "to discuss a potential resolution to the ongoing war in Ukraine."
)


def import_reference(*extra) -> Article:
    """Run `broadsheet import-text` on the reference article; return the article."""
    call_command("import_text", str(REFERENCE), "--publish", *extra, stdout=StringIO())
    return Article.objects.get(import_ref=f"text:{REFERENCE.name}")


def followups(*args) -> tuple[str, str]:
    """Run `broadsheet followups`; return what it wrote to stdout and stderr."""
    out, err = StringIO(), StringIO()
    call_command("followups", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()
