from base64 import b32encode

import django_otp
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from broadsheet.signin.forms import CodeForm
from broadsheet.signin.twofactor import (
    confirm_app,
    device_for_code,
    has_second_factor,
    must_use_second_factor,
    qr_code_svg,
    unconfirmed_app,
)


def locked_out(request, response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in: the login page's look, 429."""
    context = {
        **admin.site.each_context(request),
        "lockout_minutes": settings.LOGIN_LOCKOUT_MINUTES,
    }
    # Rendered now: axes returns it from a middleware, past the rendering phase.
    return render(request, "signin/locked_out.html", context, status=429)


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(url, {request.get_host()}):
        return url
    return reverse("admin:index")


@never_cache
@staff_member_required
def two_factor(request):
    """Set up an authenticator app, or enter a code to verify this session."""
    user = request.user
    context = {
        **admin.site.each_context(request),
        "title": "Two-factor sign-in",
        "next": _next_url(request),
        "required": must_use_second_factor(user),
    }
    form = CodeForm(request.POST or None)
    if has_second_factor(user):
        if user.is_verified():
            return TemplateResponse(request, "signin/two_factor_on.html", context)
        if form.is_valid():
            try:
                device = device_for_code(user, form.cleaned_data["code"])
            except ValidationError as error:
                form.add_error("code", error)
            else:
                if device is not None:
                    django_otp.login(request, device)
                    return redirect(context["next"])
                form.add_error("code", "That code is not right, or has been used.")
        context["form"] = form
        return TemplateResponse(request, "signin/verify.html", context)

    device = unconfirmed_app(user)
    if form.is_valid():
        codes = confirm_app(device, form.cleaned_data["code"])
        if codes is not None:
            django_otp.login(request, device)
            context["recovery_codes"] = codes
            return TemplateResponse(request, "signin/recovery_codes.html", context)
        form.add_error(
            "code", "That code is not right: check the app shows this account."
        )
    context.update(
        form=form,
        qr_code=qr_code_svg(device.config_url),
        secret=_spaced(b32encode(device.bin_key).decode()),
    )
    return TemplateResponse(request, "signin/enrol.html", context)


def _spaced(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
