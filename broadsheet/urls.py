from django.contrib import admin
from django.urls import include, path

from broadsheet.favicon import favicon
from broadsheet.media.views import public_file
from broadsheet.signin.forms import StaffSignInForm

admin.site.login_form = StaffSignInForm  # asks for the two-factor code

urlpatterns = [
    path("admin/two-factor/", include("broadsheet.signin.urls")),
    path("admin/", admin.site.urls),
    path("security/", include("broadsheet.security.urls")),
    path("favicon.ico", favicon, name="favicon"),
    # Images. A production proxy may serve MEDIA_ROOT itself; this keeps the
    # embedded mode complete with no proxy at all. Originals are never served.
    path("media/<path:path>", public_file),
    path("replies/", include("broadsheet.replies.urls")),
    path("stories/", include("broadsheet.stories.urls")),
    path("followups/", include("broadsheet.followups.urls")),
    path("live/", include("broadsheet.live.urls")),
    path("", include("broadsheet.syndication.urls")),
    path("", include("broadsheet.search.urls")),
    path("", include("broadsheet.articles.urls")),
    # Last: a static page never hides another app's address.
    path("", include("broadsheet.pages.urls")),
]
