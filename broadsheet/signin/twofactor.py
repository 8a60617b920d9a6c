"""The second factor for staff: TOTP apps, with recovery codes for a lost phone.

    if must_use_second_factor(user) and not user.is_verified():
        ...                                   # send them to views.two_factor
    device = device_for_code(user, "123456")  # a TOTP or a recovery code, or None

A code of six digits is checked against the authenticator app; anything else
against the recovery codes, each of which works once. django-otp throttles each
device after a wrong code (1 s, 2 s, 4 s, ...), so codes cannot be guessed fast.
"""

import re

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core.exceptions import ValidationError
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
TOTP_CODE = re.compile(r"\d{6}")


def must_use_second_factor(user) -> bool:
    """Whether the user's role (TWO_FACTOR_ROLES) requires a second factor."""
    roles = settings.TWO_FACTOR_ROLES
    if not (user.is_authenticated and user.is_staff and roles):
        return False
    if user.is_superuser and "Administrator" in roles:
        return True
    return user.groups.filter(name__in=roles).exists()


def has_second_factor(user) -> bool:
    return user_has_device(user, confirmed=True)


def device_for_code(user, code: str):
    """The user's device that accepts code (used up, if a recovery code), or None.

    Raises ValidationError while the device is throttled after wrong codes.
    """
    code = "".join(code.split()).lower()
    model = TOTPDevice if TOTP_CODE.fullmatch(code) else StaticDevice
    for device in model.objects.devices_for_user(user, confirmed=True):
        allowed, extra = device.verify_is_allowed()
        if not allowed:
            raise ValidationError(
                "Too many wrong codes: wait a few seconds and try again.",
                code="throttled",
            )
        if device.verify_token(code):
            return device
    return None


def unconfirmed_app(user) -> TOTPDevice:
    """The authenticator app being set up: a new secret until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(
        user=user, name=APP_DEVICE_NAME, confirmed=False
    )


def confirm_app(device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app with a code it shows; return fresh recovery codes, or None."""
    code = "".join(code.split())
    if not (TOTP_CODE.fullmatch(code) and device.verify_token(code)):
        return None
    device.confirmed = True
    device.save()
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    return new_recovery_codes(device.user)


def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with RECOVERY_CODES new ones."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=code) for code in codes
    )
    return codes


def qr_code_svg(text: str) -> str:
    """An inline SVG QR code of text, drawn here: nothing is fetched from outside."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage)
    return image.to_string(encoding="unicode")
