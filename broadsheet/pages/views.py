"""The public page view: a static page by its address."""

from django.http import Http404
from django.shortcuts import render

from broadsheet.pages.models import Page
from broadsheet.surrogate import depend_on


def page_detail(request, path):
    page = Page.objects.published().filter(path=path.strip("/")).first()
    if page is None:
        raise Http404("No such page.")
    depend_on(request, f"page-{page.pk}")
    return render(request, "pages/page_detail.html", {"page": page})
