"""The "Follow this story" form."""

from django import forms

from broadsheet.replies.forms import AddressField, ShowsErrors


class FollowForm(ShowsErrors, forms.Form):
    email = AddressField(label="Your email address")
