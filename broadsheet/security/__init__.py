"""Response hardening: cookies, and the violation reports of the CSP.

The headers themselves come from libraries configured in settings.py:
Django's SecurityMiddleware (HSTS, HTTPS redirect, nosniff, Referrer-Policy),
django-csp (Content-Security-Policy) and django-permissions-policy. This app
adds what they do not: `SecureCookiesMiddleware` marks every cookie Secure under
SECURE_COOKIES, and `views.csp_report` logs the reports browsers send.
"""
