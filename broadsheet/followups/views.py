from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from broadsheet.followups.calendar import calendar_of
from broadsheet.followups.models import CalendarFeed, FollowUp, token_digest


@require_safe
def calendar_feed(request, token):
    """A staff member's private calendar of accepted follow-ups. Any address
    that is not a current one, or whose owner may no longer see follow-ups,
    is a 404, and nothing here is cached or shared."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_digest=token_digest(token))
        .first()
    )
    user = feed.user if feed else None
    if not (user and user.is_active and user.is_staff):
        raise Http404
    if not user.has_perm("followups.view_followup"):
        raise Http404
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
