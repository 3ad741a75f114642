from django.db.models import Max
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from core.models import HomePage

from . import admin_views
from .admin_panels import ThreatLevelPanel
from .models import ThreatCategoryPage, ThreatLevelChange, ThreatLevelsPage

admin_urlpatterns = [
    path("", admin_views.change_level, name="change"),
    path("visibility/", admin_views.change_visibility, name="visibility"),
    path("changes/<int:pk>/withdraw/", admin_views.withdraw_change, name="withdraw"),
    path("changes/<int:pk>/correct-date/", admin_views.correct_date, name="correct_date"),
]


@hooks.register("register_admin_urls")
def register_threat_level_urls():
    return [path("threat-level/", include((admin_urlpatterns, "threats_admin")))]


class ThreatLevelMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.CHANGE_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_threat_level_menu_item():
    return ThreatLevelMenuItem(
        _("Threat level"), reverse("threats_admin:change"), icon_name="warning", order=250
    )


@hooks.register("construct_homepage_panels")
def add_threat_level_panel(request, panels):
    panels.append(ThreatLevelPanel())


@hooks.register("serving_other_addresses")
def threat_level_addresses():
    names = ("threat-level-api", "threat-level-badge", "threat-level-atom", "threat-level-rss")
    return [reverse(name) for name in names]


@hooks.register("page_content_changed_at")  # core.models.BasePage.content_changed_at
def level_recorded_at(page):
    """The home page and the threat levels page feature the level (and the latter its
    history): they change with each change, withdrawal or correction recorded."""
    if isinstance(page, HomePage | ThreatLevelsPage):
        return ThreatLevelChange.objects.aggregate(newest=Max("recorded_at"))["newest"]
    return None


@hooks.register("mirror_pages_showing_threat_level")  # edge.mirror.LEVEL_PAGES_HOOK
def pages_showing_the_level():
    """The home page (its threat level card), the threat levels page and the threat
    category pages (their sidebars) show the level in their own content."""
    pages = [
        *HomePage.objects.live(),
        *ThreatLevelsPage.objects.live(),
        *ThreatCategoryPage.objects.live(),
    ]
    return [url for url in (page.get_url() for page in pages) if url and url.startswith("/")]
