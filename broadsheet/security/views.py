import json
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from broadsheet.replies.abuse import client_ip

logger = logging.getLogger("broadsheet.security.csp")
MAX_REPORT_BYTES = 16 * 1024


@csrf_exempt  # browsers send reports without a token, and they change nothing
@require_POST
def csp_report(request):
    """Log a Content-Security-Policy violation report; 204, or 429 past the limit."""
    key = f"csp-reports:{client_ip(request)}"
    cache.add(key, 0, timeout=60)
    if cache.incr(key) > settings.CSP_REPORTS_PER_MINUTE:
        return HttpResponse(status=429)
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_REPORT_BYTES:
        return HttpResponse(status=413)
    try:
        report = json.loads(request.body or b"null")
    except ValueError:
        return HttpResponse("The report is not JSON.", status=400)
    # report-uri sends {"csp-report": {...}}; the Reporting API a list of them.
    for entry in report if isinstance(report, list) else [report]:
        if isinstance(entry, dict):
            body = entry.get("csp-report") or entry.get("body") or entry
            logger.warning("CSP violation: %s", json.dumps(body, sort_keys=True))
    return HttpResponse(status=204)
