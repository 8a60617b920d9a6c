from django.urls import path

from broadsheet.search import feeds, views

app_name = "search"
urlpatterns = [
    path("search/", views.search, name="results"),
    path("search/feed/", feeds.SearchFeed(), name="feed"),
    path("search/opensearch.xml", views.opensearch, name="opensearch"),
]
