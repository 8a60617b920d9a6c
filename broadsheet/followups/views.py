from django.conf import settings
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseNotFound

from broadsheet.followups.calendar import calendar_of
from broadsheet.followups.models import (
    CalendarFeed,
    FollowUp,
    may_have_calendar,
    token_digest,
)


def _unlogged(response):
    """The response, marked as logged: django.request would otherwise log
    "Not Found: /followups/calendar/<the secret>.ics" (it logs every 4xx
    with the path), putting the address in the logs at every poll."""
    response._has_been_logged = True  # what django.utils.log.log_response checks
    return response


def calendar_feed(request, token):
    """A staff member's private calendar of accepted follow-ups. Any address
    that is not a current one, or whose owner may no longer see follow-ups,
    is a 404, and nothing here is cached, shared or logged with its address."""
    if request.method not in ("GET", "HEAD"):
        return _unlogged(HttpResponseNotAllowed(["GET", "HEAD"]))
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_digest=token_digest(token))
        .first()
    )
    if feed is None or not may_have_calendar(feed.user):
        # Owners who lost the role lose the address too (receivers.py); this
        # also covers changes made without signals, such as queryset updates.
        return _unlogged(
            HttpResponseNotFound("Not found.", content_type="text/plain; charset=utf-8")
        )
    # Past ones too: calendar apps show a newsroom's record as well as its plans.
    follow_ups = FollowUp.objects.accepted().select_related("article", "assignee")
    response = HttpResponse(
        calendar_of(follow_ups, site_url=settings.SITE_URL),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="follow-ups.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
