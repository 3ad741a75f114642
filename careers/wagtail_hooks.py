from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import CareerArea, Location, RoleProfilePage


@hooks.register("serving_next_content_change")
def next_role_closing():
    # A role leaves every listing at its closing time, with nothing run then.
    return RoleProfilePage.objects.next_closing_at()


class CareerAreaViewSet(SnippetViewSet):
    model = CareerArea
    icon = "tag"
    menu_label = _("Career areas")
    menu_name = "career-areas"
    list_display = ["name", "slug"]
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["name"]


class LocationViewSet(SnippetViewSet):
    model = Location
    icon = "site"
    menu_label = _("Locations")
    menu_name = "locations"
    list_display = ["name", "slug"]
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["name"]


class CareersViewSetGroup(SnippetViewSetGroup):
    items = (CareerAreaViewSet, LocationViewSet)
    menu_icon = "group"
    menu_label = _("Careers")
    menu_name = "careers"
    menu_order = 310


register_snippet(CareersViewSetGroup)
