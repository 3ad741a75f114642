from django.urls import path

from . import feeds, views

urlpatterns = [
    path("api/threat-level.json", views.threat_level_api, name="threat-level-api"),
    path("embed/threat-level.svg", views.threat_level_badge, name="threat-level-badge"),
    path("feeds/threat-level.atom", feeds.ThreatLevelAtomFeed(), name="threat-level-atom"),
    path("feeds/threat-level.rss", feeds.ThreatLevelRssFeed(), name="threat-level-rss"),
]
