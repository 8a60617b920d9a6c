"""/favicon.ico: browsers ask for it on every site, whatever the page links."""

from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

ONE_WEEK = 7 * 24 * 3600


@require_safe
def favicon(request):
    path = finders.find("broadsheet/favicon.ico")
    if path is None:
        raise Http404("no icon")
    response = FileResponse(open(path, "rb"), content_type="image/x-icon")  # noqa: SIM115
    # The same bytes for everyone, and no page depends on them: no surrogate keys.
    response["Cache-Control"] = f"public, max-age={ONE_WEEK}"
    return response
