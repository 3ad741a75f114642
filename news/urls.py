"""Routes of the news app: its feeds."""

from django.urls import path

from core.views import only_read

from .feeds import NewsAtomFeed, NewsFeed

urlpatterns = [
    path("feeds/news.atom", only_read(NewsAtomFeed()), name="news_feed_atom"),
    path("feeds/news.rss", only_read(NewsFeed()), name="news_feed_rss"),
    path("feeds/news/<slug:kind>.atom", only_read(NewsAtomFeed()), name="news_kind_feed_atom"),
    path("feeds/news/<slug:kind>.rss", only_read(NewsFeed()), name="news_kind_feed_rss"),
]
