"""The reader's reply form and the privacy request form."""

from django import forms
from django.forms.renderers import Jinja2

from broadsheet.replies import abuse
from broadsheet.replies.addresses import normalise
from broadsheet.replies.models import Reply
from broadsheet.text import without_control_characters, without_invisible_marks

REQUIRED = {"required": True, "aria-required": "true"}


class AddressField(forms.EmailField):
    """An email address in the one form replies keep (replies/addresses.py),
    with the site's messages, field and length for it."""

    default_error_messages = {
        "required": "Please give your email address. It will not be published.",
        "invalid": "Please give a valid email address, like name@example.com.",
        "max_length": "That email address is too long: at most %(limit_value)d "
        "characters.",
    }

    def __init__(self, **options):
        options.setdefault("max_length", 254)
        options.setdefault(
            "widget", forms.EmailInput(attrs={"autocomplete": "email", **REQUIRED})
        )
        super().__init__(**options)

    def to_python(self, value):
        return normalise(super().to_python(value))


class TextField(forms.CharField):
    """Typed text, less the control characters no page or feed can carry."""

    def to_python(self, value):
        return super().to_python(
            without_control_characters(value) if isinstance(value, str) else value
        )


class NameField(TextField):
    """A reader's name, less the invisible marks that could disguise it."""

    def to_python(self, value):
        return super().to_python(
            without_invisible_marks(value) if isinstance(value, str) else value
        )


class ShowsErrors:
    """Marks fields with errors for assistive technology, and lists the errors
    for the summary at the top of the form (replies/form_parts.html)."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"id_{name}-error"}
                )

    def error_list(self):
        """(field id, message) pairs for the error summary at the top of the form."""
        return [
            (f"id_{name}", message)
            for name, errors in self.errors.items()
            for message in errors
        ]


class ReplyForm(ShowsErrors, forms.Form):
    comment = TextField(
        label="Comment",
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 8, "cols": 45, **REQUIRED}),
        error_messages={
            "required": "Please write your comment.",
            "max_length": "Your comment is too long: at most %(limit_value)d "
            "characters (it has %(show_value)d).",
        },
    )
    name = NameField(
        label="Name",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name", **REQUIRED}),
        error_messages={
            "required": "Please give your name.",
            "max_length": "Your name is too long: at most %(limit_value)d characters.",
        },
    )
    email = AddressField(label="Email")
    website = forms.URLField(
        label="Website",
        max_length=200,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
        error_messages={
            "invalid": "Please give a valid web address, like https://example.org, "
            "or leave it empty.",
            "max_length": "That web address is too long: at most %(limit_value)d "
            "characters.",
        },
    )
    remember = forms.BooleanField(
        label="Save my name, email, and website in this browser for the next time "
        "I comment.",
        required=False,
    )
    notify = forms.BooleanField(
        label="Notify me of follow-up replies by email.", required=False
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    started = forms.CharField(required=False, widget=forms.HiddenInput)
    # The honeypot: hidden from people (and from screen readers), filled by bots.
    homepage = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    # Its widgets are drawn on every article page: Django's Jinja2 widget
    # templates draw the same HTML faster (docs/performance.md).
    default_renderer = Jinja2()

    def __init__(self, *args, article, **kwargs):
        self.article = article
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = abuse.form_started_token(article)

    def clean(self):
        data = super().clean()
        # Problems that are not one field's are shown at the comment, whose text
        # is what the reader would lose.
        parent_id = data.get("parent")
        if parent_id is not None:  # 0 too: no reply has it, so it is refused
            data["parent"] = (
                Reply.objects.approved()
                .filter(pk=parent_id, article=self.article)
                .first()
            )
            if data["parent"] is None:
                self.add_error(
                    "comment",
                    "The reply you were answering is not on this article any more. "
                    "Your text is kept: post it as a new reply.",
                )
        if not self.errors and abuse.is_duplicate(self.article, data["comment"]):
            self.add_error("comment", "This reply is already on this article.")
        return data


class EditReplyForm(ShowsErrors, forms.Form):
    comment = ReplyForm.base_fields["comment"]


class PrivacyRequestForm(ShowsErrors, forms.Form):
    email = AddressField(
        label="Email address you replied with",
        error_messages={"required": "Please give the email address you replied with."},
    )
