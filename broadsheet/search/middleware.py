"""WordPress's search address, `/?s=words`, sent on to `/search/?q=words`.

Old links, bookmarks and browsers' search shortcuts made for the WordPress
site use it; without this they would silently land on the front page.
"""

from urllib.parse import urlencode

from django.http import HttpResponsePermanentRedirect
from django.urls import reverse


class WordPressSearchMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/" and "s" in request.GET:
            query = urlencode({"q": request.GET.get("s", "")})
            return HttpResponsePermanentRedirect(f"{reverse('search:results')}?{query}")
        return self.get_response(request)
