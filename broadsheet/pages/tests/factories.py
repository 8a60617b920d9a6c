import factory

from broadsheet.pages.models import Page


class PageFactory(factory.django.DjangoModelFactory):
    """A published top-level page."""

    class Meta:
        model = Page

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    body = "We are a **small** newsroom."
    status = Page.Status.PUBLISHED
