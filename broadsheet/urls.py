from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from broadsheet.favicon import favicon
from broadsheet.signin.forms import StaffSignInForm

admin.site.login_form = StaffSignInForm  # asks for the two-factor code

urlpatterns = [
    path("admin/two-factor/", include("broadsheet.signin.urls")),
    path("admin/", admin.site.urls),
    path("security/", include("broadsheet.security.urls")),
    path("favicon.ico", favicon, name="favicon"),
    # Featured images. A production proxy may serve MEDIA_ROOT itself; this keeps
    # the embedded mode complete with no proxy at all.
    path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}),
    path("replies/", include("broadsheet.replies.urls")),
    path("", include("broadsheet.syndication.urls")),
    path("", include("broadsheet.search.urls")),
    path("", include("broadsheet.articles.urls")),
]
