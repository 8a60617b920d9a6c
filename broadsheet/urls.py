from django.contrib import admin
from django.urls import include, path

from broadsheet.media.views import public_file

admin.site.site_header = "Broadsheet newsroom"
admin.site.site_title = "Broadsheet"
admin.site.index_title = "Newsroom"

urlpatterns = [
    path("admin/", admin.site.urls),
    # Images. A production proxy may serve MEDIA_ROOT itself; this keeps the
    # embedded mode complete with no proxy at all. Originals are never served.
    path("media/<path:path>", public_file),
    path("replies/", include("broadsheet.replies.urls")),
    path("", include("broadsheet.syndication.urls")),
    path("", include("broadsheet.articles.urls")),
    # Last: a static page never hides another app's address.
    path("", include("broadsheet.pages.urls")),
]
