"""301s from the addresses a WordPress site served to their new homes.

Like Django's FlatpageFallbackMiddleware, it answers only where Broadsheet
itself found nothing (a 404), so it never shadows a real page; the one
exception is the front page with WordPress's `?p=`, `?page_id=` or
`?attachment_id=`, which would otherwise show the front page. Any other query
string (`?s=`, `?page=`) passes through untouched.
"""

from django.http import HttpResponsePermanentRedirect

from broadsheet.migration.models import OldAddress
from broadsheet.text import whole_number

ID_PARAMETERS = ("p", "page_id", "attachment_id")


def old_address_key(path: str, query) -> str | None:
    """The `OldAddress.path` a front-page request with a WordPress ID asks for."""
    for name in ID_PARAMETERS:
        number = whole_number(query.get(name, ""))
        if number is not None:
            return f"{path}?{name}={number}"
    return None


def find_destination(path: str) -> str | None:
    old = (
        OldAddress.objects.filter(path=path)
        .select_related("article", "section", "tag", "author", "page")
        .first()
    )
    return old.destination() if old else None


class OldAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and request.GET:
            key = old_address_key(request.path, request.GET)
            destination = key and find_destination(key)
            if destination:
                return HttpResponsePermanentRedirect(destination)
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        # Because this is a middleware, errors here are not caught elsewhere:
        # the lookup is one indexed query and raises nothing of its own.
        path = request.path
        alternatives = [path, path + "/"] if not path.endswith("/") else [path]
        for candidate in alternatives:
            destination = find_destination(candidate)
            if destination:
                return HttpResponsePermanentRedirect(destination)
        return response
