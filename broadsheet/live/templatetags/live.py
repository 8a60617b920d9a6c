from django import template
from django.conf import settings
from django.template.loader import render_to_string

from broadsheet.live.models import coverage_for, key_events_of
from broadsheet.surrogate import depend_on, fresh_until, live_key

register = template.Library()


@register.simple_tag(takes_context=True)
def live_coverage(context, article):
    """The live updates above an article's body (nothing if it has no coverage,
    or its coverage has not started)."""
    request = context.get("request")
    depend_on(request, live_key(article.pk))
    coverage = coverage_for(article)
    if coverage is None:
        return ""
    fresh_until(request, coverage.next_change())
    if not coverage.has_started() and not context.get("is_preview"):
        return ""
    entries = list(coverage.entries.all())
    return render_to_string(
        "live/coverage.html",
        {
            "coverage": coverage,
            "is_open": coverage.is_open(),
            "entries": entries,
            "key_events": key_events_of(entries),
            "poll_seconds": settings.LIVE_POLL_SECONDS,
        },
        request=request,
    )
