from django.urls import path

from broadsheet.pages import views

app_name = "pages"
# Mounted last in broadsheet/urls.py: every other app's address wins over a page.
urlpatterns = [
    path("<path:path>/", views.page_detail, name="page"),
]
