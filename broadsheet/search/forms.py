"""The reader's search form: the words, and the filters that narrow them."""

import datetime

from django import forms
from django.utils import timezone

from broadsheet.articles.models import Author, Section
from broadsheet.search.engines import Filters
from broadsheet.search.query import MAX_QUERY_CHARS, ReaderQuery, clean_text, read_query
from broadsheet.search.results import ORDERS

EARLIEST_YEAR, LATEST_YEAR = 1800, 2999


class SearchForm(forms.Form):
    q = forms.CharField(label="Search for", required=False, strip=True)
    section = forms.ModelChoiceField(
        Section.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="All sections",
    )
    author = forms.ModelChoiceField(
        Author.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="All authors",
    )
    since = forms.DateField(
        label="From",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = forms.DateField(
        label="To",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    order = forms.ChoiceField(
        label="Order",
        choices=[("relevance", "Best match"), ("newest", "Newest first")],
        required=False,
    )

    def clean_q(self):
        # A query too long or with control characters is cut, not refused:
        # the reader still gets the results for what can be read of it.
        return clean_text(self.cleaned_data["q"])[:MAX_QUERY_CHARS]

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        for name, day in (("since", since), ("until", until)):
            if day and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
                self.add_error(
                    name, f"Give a year from {EARLIEST_YEAR} to {LATEST_YEAR}."
                )
                data[name] = None
        if since and until and since > until:
            self.add_error("until", "The end date is before the start date.")
        return data

    def reader_query(self) -> ReaderQuery:
        return read_query(self.cleaned_data.get("q", ""))

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            section_id=data["section"].pk if data.get("section") else None,
            author_id=data["author"].pk if data.get("author") else None,
            since=_start_of(data.get("since")),
            until=_start_of(data["until"] + datetime.timedelta(days=1))
            if data.get("until")
            else None,
        )

    def ordering(self) -> str:
        return self.cleaned_data.get("order") or ORDERS[0]

    def has_filters(self) -> bool:
        data = self.cleaned_data
        return any(data.get(name) for name in ("section", "author", "since", "until"))


def _start_of(day: datetime.date | None):
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
