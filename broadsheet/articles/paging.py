"""Page numbers from the query string, read one way everywhere.

    >>> page_number(None), page_number("2")
    (1, 2)

Only plain ASCII digits name a page: `int()` would also take " 1", "+1" and
"１" (full-width), giving one page several addresses, each cached apart.
"""

from django.http import Http404

# No listing has this many pages: past it, the offset would overflow a
# database integer (SQLite's and PostgreSQL's bigint) instead of finding nothing.
MAX_PAGE = 1_000_000


def page_number(raw: str | None, maximum: int = MAX_PAGE) -> int:
    """The page a query parameter names (1 when it is absent), or a 404."""
    if raw is None or raw == "":
        return 1
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= maximum:
        raise Http404("No such page.")
    return int(raw)
