from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

from broadsheet.signin.twofactor import device_for_code, has_second_factor


def code_field(required: bool) -> forms.CharField:
    return forms.CharField(
        label="Two-factor code",
        required=required,
        max_length=32,
        help_text=(
            "The six digits your authenticator app shows, or one of your "
            "recovery codes."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )


class StaffSignInForm(AdminAuthenticationForm):
    """The admin login: the password, then the code when the account has a device."""

    otp_token = code_field(required=False)
    otp_token.help_text += " Leave it empty if you have not set up two-factor sign-in."

    def clean(self):
        cleaned_data = super().clean()
        user = self.get_user()
        if user is not None and has_second_factor(user):
            code = cleaned_data.get("otp_token", "")
            if not code:
                raise ValidationError(
                    "This account signs in with two factors: enter the code "
                    "from your authenticator app, or a recovery code.",
                    code="code_required",
                )
            device = device_for_code(user, code)
            if device is None:
                raise ValidationError(
                    "That code is not right, or has been used already.",
                    code="wrong_code",
                )
            # django-otp marks the session verified when login() sees this.
            user.otp_device = device
        return cleaned_data


class CodeForm(forms.Form):
    """One code: to confirm a new authenticator app, or to verify this session."""

    code = code_field(required=True)
