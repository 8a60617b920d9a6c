from django.urls import path

from broadsheet.live import views

app_name = "live"

urlpatterns = [
    path("<int:article_id>/entries.json", views.entries_json, name="entries"),
]
