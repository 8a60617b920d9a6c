from django.shortcuts import redirect
from django.utils.http import urlencode

from broadsheet.paths import path_to
from broadsheet.signin.twofactor import must_use_second_factor


class TwoFactorRequiredMiddleware:
    """Staff whose role needs a second factor reach the admin only after using one.

    Until they have set up an authenticator app (or, with one, entered a code in
    this session) every admin page sends them to the two-factor page; logging
    out still works. Needs django_otp's OTPMiddleware before it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(path_to("admin:index")):
            return self.get_response(request)  # a reader's page
        allowed = (
            path_to("signin:two_factor"),
            path_to("admin:logout"),
            path_to("admin:login"),
        )
        user = request.user
        if (
            not request.path.startswith(allowed)
            and must_use_second_factor(user)
            and not user.is_verified()
        ):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{path_to('signin:two_factor')}?{query}")
        return self.get_response(request)
