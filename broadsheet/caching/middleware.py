"""HTTP caching headers for a CDN and for the page cache in front of Django.

A response that says what it depends on (broadsheet.surrogate) and carries
nothing of one reader gets `Cache-Control: public, s-maxage=…,
stale-while-revalidate=…`, a `Surrogate-Key` header and a `Last-Modified`;
anything else gets `private, no-cache`. s-maxage never reaches past the next scheduled
publication, so a cached listing cannot hide an article whose time has come.
"""

from django.conf import settings
from django.utils import timezone
from django.utils.http import http_date

from broadsheet.articles.models import next_publication
from broadsheet.replies.authorship import AUTHOR_COOKIE
from broadsheet.surrogate import keys_of


def personal_cookies() -> tuple[str, ...]:
    """The cookies that make a response one reader's, named by their owners:
    a staff session (Django's SESSION_COOKIE_NAME) and reply authorship (the
    author's held replies are shown to them alone)."""
    return (settings.SESSION_COOKIE_NAME, AUTHOR_COOKIE)


def is_personal(request) -> bool:
    return any(name in request.COOKIES for name in personal_cookies())


def is_shareable(request, response) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and bool(keys_of(request))
        and not is_personal(request)
        # A form with a CSRF token is one visitor's (the token is theirs).
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not response.cookies
        and "cookie" not in response.get("Vary", "").lower()
    )


def seconds_until_next_publication(now=None) -> int | None:
    now = now or timezone.now()
    upcoming = next_publication(now)
    return None if upcoming is None else max(1, int((upcoming - now).total_seconds()))


class CacheHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Cache-Control" in response:
            return response
        if is_shareable(request, response):
            max_age = settings.PAGE_CACHE_SECONDS
            upcoming = seconds_until_next_publication()
            if upcoming is not None:
                max_age = min(max_age, upcoming)
            until = getattr(request, "fresh_until", None)
            if until is not None:
                left = (until - timezone.now()).total_seconds()
                max_age = max(1, min(max_age, int(left)))
            response["Cache-Control"] = (
                f"public, max-age=0, s-maxage={max_age}, "
                f"stale-while-revalidate={settings.PAGE_CACHE_STALE_SECONDS}"
            )
            response["Surrogate-Key"] = " ".join(keys_of(request))
            if "Last-Modified" not in response:
                # A page is rendered from what is current: it changed at the
                # latest now (feeds say when their newest item changed).
                response["Last-Modified"] = http_date()
        elif request.method in ("GET", "HEAD"):
            response["Cache-Control"] = "private, no-cache"
        return response
