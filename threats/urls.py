from django.urls import path

from core.views import only_read

from . import feeds, views

urlpatterns = [
    path("api/threat-level.json", views.threat_level_api, name="threat-level-api"),
    path("embed/threat-level.svg", views.threat_level_badge, name="threat-level-badge"),
    path(
        "feeds/threat-level.atom", only_read(feeds.ThreatLevelAtomFeed()), name="threat-level-atom"
    ),
    path("feeds/threat-level.rss", only_read(feeds.ThreatLevelRssFeed()), name="threat-level-rss"),
]
