from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from broadsheet.syndication import jsonfeed, views
from broadsheet.syndication.feeds import (
    ArticleFeed,
    AtomFeed,
    LiveFeed,
    ReplyFeed,
    RssFeed,
)
from broadsheet.syndication.sitemaps import SITEMAPS

app_name = "syndication"

FORMATS = {"rss": RssFeed, "atom": AtomFeed}

urlpatterns = [
    path("feeds/json/", jsonfeed.json_feed, name="json"),
    path(
        "sitemap.xml",
        views.listing(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "syndication:sitemap"},
        name="sitemap_index",
    ),
    path(
        "sitemap-<section>.xml",
        views.listing(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("news-sitemap.xml", views.news_sitemap, name="news_sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("oembed/", views.oembed, name="oembed"),
]
for name, feed_type in FORMATS.items():
    articles, replies = ArticleFeed(feed_type), ReplyFeed(feed_type)
    urlpatterns += [
        path(f"feeds/{name}/", articles, name=name),
        path(
            f"feeds/section/<slug:slug>/{name}/",
            articles,
            {"scope": "section"},
            name=f"section_{name}",
        ),
        path(
            f"feeds/tag/<slug:slug>/{name}/",
            articles,
            {"scope": "tag"},
            name=f"tag_{name}",
        ),
        path(
            f"feeds/author/<slug:slug>/{name}/",
            articles,
            {"scope": "author"},
            name=f"author_{name}",
        ),
        path(f"feeds/replies/{name}/", replies, name=f"replies_{name}"),
        path(
            f"feeds/live/<int:article_id>/{name}/",
            LiveFeed(feed_type),
            name=f"live_{name}",
        ),
        path(
            f"feeds/replies/<int:article_id>/{name}/",
            replies,
            name=f"article_replies_{name}",
        ),
    ]
