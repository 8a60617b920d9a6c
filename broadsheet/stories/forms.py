"""The "Follow this story" form."""

from django import forms

from broadsheet.replies.forms import REQUIRED, AddressField, ShowsErrors


class FollowForm(ShowsErrors, forms.Form):
    email = AddressField(
        label="Your email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", **REQUIRED}),
        error_messages={
            "required": "Please give your email address. It will not be published.",
            "invalid": "Please give a valid email address, like name@example.com.",
            "max_length": "That email address is too long: at most %(limit_value)d "
            "characters.",
        },
    )
