from django.urls import path, register_converter

from broadsheet.articles import views


class FourDigitYear:
    regex = r"[0-9]{4}"
    to_python = int

    def to_url(self, value):
        return f"{int(value):04d}"


class TwoDigits:
    regex = r"[0-9]{2}"
    to_python = int

    def to_url(self, value):
        return f"{int(value):02d}"


register_converter(FourDigitYear, "yyyy")
register_converter(TwoDigits, "dd")

app_name = "articles"
urlpatterns = [
    path("", views.front_page, name="front"),
    path("section/<slug:slug>/", views.section_page, name="section"),
    path("tag/<slug:slug>/", views.tag_page, name="tag"),
    path("author/<slug:slug>/", views.author_page, name="author"),
    path("<yyyy:year>/", views.archive, name="archive_year"),
    path("<yyyy:year>/<dd:month>/", views.archive, name="archive_month"),
    path("<yyyy:year>/<dd:month>/<dd:day>/", views.archive, name="archive_day"),
    path(
        "<yyyy:year>/<dd:month>/<dd:day>/<slug:slug>/",
        views.article_detail,
        name="detail",
    ),
]
