from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from core.choosing import PortalSnippetViewSet

from .models import CareerArea, Location, RoleProfilePage


@hooks.register("serving_next_content_change")
def next_role_closing():
    # A role leaves every listing at its closing time, with nothing run then.
    return RoleProfilePage.objects.next_closing_at()


@hooks.register("search_leaves_out")
def closed_roles():
    # ... and search with them.
    return RoleProfilePage.objects.closed()


class CareerAreaViewSet(PortalSnippetViewSet):
    model = CareerArea
    icon = "tag"
    menu_label = _("Career areas")
    menu_name = "career-areas"
    list_display = ["name", "slug"]
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["name"]


class LocationViewSet(PortalSnippetViewSet):
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


@hooks.register("before_copy_page")
def copies_of_roles_start_as_drafts(request, page):
    """A copy of a role profile keeps its reference, which another live role may not
    have: published at once, or made an alias (live at once, the reference shared for
    good), the copy failed its own validation inside Wagtail's copy (a 500). So a role is
    copied as a draft, given its own reference, then published."""
    if (
        request.method == "POST"
        and (request.POST.get("publish_copies") or request.POST.get("alias"))
        and isinstance(page.specific, RoleProfilePage)
    ):
        messages.error(
            request,
            _(
                "A role profile is copied as a draft: untick “Publish copies” and “Alias”, "
                "then give the copy its own reference before you publish it."
            ),
        )
        return redirect(request.get_full_path())
    return None
