from django.conf import settings


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
