"""Helpers for the follow-up tests: the reference article's promise, the command."""

from io import StringIO
from pathlib import Path

from django.core.management import call_command

DATA = Path(__file__).parent / "data"
PROMISE = (
    "In a major diplomatic development, Russian President Vladimir Putin and U.S. "
    "President Donald Trump are scheduled to hold a telephone conversation tomorrow "
    "to discuss a potential resolution to the ongoing war in Ukraine."
)


def followups(*args) -> tuple[str, str]:
    """Run `broadsheet followups`; return what it wrote to stdout and stderr."""
    out, err = StringIO(), StringIO()
    call_command("followups", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()
