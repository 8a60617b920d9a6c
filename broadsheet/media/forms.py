"""The admin's upload forms: one image with its description, or several at once."""

from django import forms
from django.core.exceptions import ValidationError

from broadsheet.media.models import Image
from broadsheet.media.uploads import UploadRefused, inspect_upload


class ImageForm(forms.ModelForm):
    # A plain file field: inspect_upload gives the reasons, which say more than
    # Django's "Upload a valid image".
    file = forms.FileField(
        label="Image",
        required=False,  # on a new image only: the original never changes
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
        help_text="JPEG, PNG, WebP, AVIF or a still GIF.",
    )

    class Meta:
        model = Image
        fields = [
            "file",
            "alt_text",
            "is_decorative",
            "caption",
            "credit",
            "focal_x",
            "focal_y",
        ]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if self.instance.pk is None and not upload:
            raise ValidationError("Choose an image to upload.")
        if (
            self.instance.pk is None
            and upload
            and not getattr(upload, "_committed", False)
        ):
            try:
                self.upload_info = inspect_upload(upload)
            except UploadRefused as refused:
                raise ValidationError(str(refused)) from refused
        return upload


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class UploadSeveralForm(forms.Form):
    files = MultipleImageField(label="Images")
    alt_texts = forms.CharField(
        label="Alt texts",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="One line per image, in the order of the files: what each shows.",
    )
    is_decorative = forms.BooleanField(
        label="These images are decorative (no alt text needed)", required=False
    )
    credit = forms.CharField(max_length=150, required=False)

    def clean(self):
        cleaned = super().clean()
        files = cleaned.get("files") or []
        problems = []
        self.infos = []
        for upload in files:
            try:
                self.infos.append(inspect_upload(upload))
            except UploadRefused as refused:
                problems.append(str(refused))
        if problems:
            raise ValidationError(problems)
        lines = [line.strip() for line in cleaned.get("alt_texts", "").splitlines()]
        lines = [line for line in lines if line]
        if not cleaned.get("is_decorative") and len(lines) != len(files):
            raise ValidationError(
                f"{len(files)} images but {len(lines)} alt texts: write one line "
                "for each image, or mark them decorative."
            )
        cleaned["alt_lines"] = lines or [""] * len(files)
        return cleaned
