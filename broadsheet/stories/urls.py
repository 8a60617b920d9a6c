from django.urls import path

from broadsheet.stories import feeds, views
from broadsheet.syndication.feeds import AtomFeed, RssFeed

app_name = "stories"
urlpatterns = [
    path("", views.story_index, name="index"),
    path("<slug:slug>/", views.story_detail, name="detail"),
    path("<slug:slug>/follow/", views.follow_story, name="follow"),
    path("<slug:slug>/feed/rss/", feeds.StoryFeed(RssFeed), name="rss"),
    path("<slug:slug>/feed/atom/", feeds.StoryFeed(AtomFeed), name="atom"),
    path("<slug:slug>/feed/json/", feeds.json_feed, name="json"),
    path("following/confirm/<str:token>/", views.confirm_following, name="confirm"),
    path("following/stop/<str:token>/", views.unfollow_story, name="unfollow"),
]
