"""Page numbers from the query string, read one way everywhere.

    >>> page_number(None), page_number("2")
    (1, 2)

Only plain ASCII digits name a page (`broadsheet.text.whole_number`): `int()`
would also take " 1", "+1" and "１" (full-width), giving one page several
addresses, each cached apart, and refuses more than 4,300 digits.
"""

from django.http import Http404

from broadsheet.text import whole_number

# No listing has this many pages: past it, the offset would overflow a
# database integer (SQLite's and PostgreSQL's bigint) instead of finding nothing.
MAX_PAGE = 1_000_000


def page_number(raw: str | None, maximum: int = MAX_PAGE) -> int:
    """The page a query parameter names (1 when it is absent), or a 404."""
    if raw is None or raw == "":
        return 1
    number = whole_number(raw)
    if number is None or not 1 <= number <= maximum:
        raise Http404("No such page.")
    return number
