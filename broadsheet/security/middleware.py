from csp.middleware import CSPMiddleware
from django.conf import settings

from broadsheet.paths import path_to


class SecureCookiesMiddleware:
    """Under SECURE_COOKIES, every cookie any layer sets is sent over HTTPS only.

    Django's own settings cover the session and CSRF cookies; this covers the
    rest (the reply author's and the remembered reader's, the messages cookie),
    including cookies that are added later. Keep it first in MIDDLEWARE so its
    response pass runs after every other layer's.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.SECURE_COOKIES:
            for morsel in response.cookies.values():
                morsel["secure"] = True
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's own policy under the admin.

    The admin's policy is the site's plus ADMIN_CONTENT_SECURITY_POLICY_UPDATE:
    django-simple-history's history page has an inline style attribute. No
    public page needs it, and no page of either needs inline scripts.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(path_to("admin:index")):
            parts.update = {
                **settings.ADMIN_CONTENT_SECURITY_POLICY_UPDATE,
                **(parts.update or {}),
            }
        return parts
