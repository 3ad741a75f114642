"""Routes of the news app: its feeds."""

from django.urls import path

from .feeds import NewsAtomFeed, NewsFeed

urlpatterns = [
    path("feeds/news.atom", NewsAtomFeed(), name="news_feed_atom"),
    path("feeds/news.rss", NewsFeed(), name="news_feed_rss"),
    path("feeds/news/<slug:kind>.atom", NewsAtomFeed(), name="news_kind_feed_atom"),
    path("feeds/news/<slug:kind>.rss", NewsFeed(), name="news_kind_feed_rss"),
]
