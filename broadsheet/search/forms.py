"""The reader's search form: the words, and the filters that narrow them."""

import datetime

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from broadsheet.articles.models import Author, Section
from broadsheet.generation import remembered
from broadsheet.search.engines import Filters
from broadsheet.search.query import MAX_QUERY_CHARS, ReaderQuery, clean_text, read_query
from broadsheet.search.results import ORDERS
from broadsheet.surrogate import SECTIONS

EARLIEST_YEAR, LATEST_YEAR = 1800, 2999


class Options(forms.Select):
    """A <select> written in Python, as Django's template for it would write it.

    Every uncached results page shows three of them: through the template
    engine (a template included per option) they cost about a millisecond.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (choice, " selected" if str(choice) in chosen else "", label)
                for choice, label in self.choices
            ),
        )
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>{}</select>', name, attrs, options)


class Day(forms.DateInput):
    """An <input type="date"> written in Python, as Django's template for it
    would write it (a results page shows two: three templates each)."""

    input_type = "date"

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        shown = format_html(' value="{}"', value) if value is not None else ""
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html(
            '<input type="{}" name="{}"{}{}>', self.input_type, name, shown, attrs
        )


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    """The section and author filters' options (slug, name): read once per
    purge of `sections` (a section's or an author's change), not once a page."""

    def read():
        return {
            "section": list(Section.objects.values_list("slug", "name")),
            "author": list(Author.objects.values_list("slug", "name")),
        }

    return remembered("search-filter-choices", read, keys=[SECTIONS])


class SearchForm(forms.Form):
    q = forms.CharField(label="Search for", required=False, strip=True)
    section = forms.ModelChoiceField(
        Section.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="All sections",
        widget=Options,
    )
    author = forms.ModelChoiceField(
        Author.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="All authors",
        widget=Options,
    )
    since = forms.DateField(
        label="From",
        required=False,
        widget=Day,
    )
    until = forms.DateField(
        label="To",
        required=False,
        widget=Day,
    )
    order = forms.ChoiceField(
        label="Order",
        choices=[("relevance", "Best match"), ("newest", "Newest first")],
        required=False,
        widget=Options,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in filter_choices().items():
            field = self.fields[name]
            field.widget.choices = [("", field.empty_label), *choices]

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
