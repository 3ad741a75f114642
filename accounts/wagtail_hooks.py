from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import PageViewRestriction
from wagtail.permission_policies import ModelPermissionPolicy

from .middleware import second_factor_step
from .models import SecurityEvent


@hooks.register("register_admin_urls")
def register_account_security_urls():
    return [path("", include("accounts.urls"))]


@hooks.register("register_account_menu_item")
def account_security_menu_item(request):
    return {
        "url": reverse("accounts_security"),
        "label": _("Account security"),
        "help_text": _("Two-factor sign-in and recovery codes."),
    }


class ViewOnlyPermissionPolicy(ModelPermissionPolicy):
    """Viewing is the only action, for superusers too: the log is append-only."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class SecurityLogViewSet(ModelViewSet):
    model = SecurityEvent
    icon = "warning"
    menu_label = _("Security log")
    menu_order = 9000
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["created_at", "kind", "username", "ip_address", "detail"]
    list_filter = ["kind"]
    search_fields = ["username", "ip_address", "detail"]
    search_backend_name = None
    list_per_page = 50
    ordering = ["-created_at", "-pk"]
    inspect_view_fields = [
        "created_at",
        "kind",
        "username",
        "user",
        "ip_address",
        "user_agent",
        "detail",
    ]

    @property
    def permission_policy(self):
        return ViewOnlyPermissionPolicy(self.model)

    def get_urlpatterns(self):
        # The list and one event: no create, edit, delete or history views at all.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]


@hooks.register("register_admin_viewset")
def register_security_log():
    return SecurityLogViewSet("security_log")


@hooks.register("before_serve_page")
def signed_in_only_pages_need_the_second_factor(page, request, serve_args, serve_kwargs):
    """A page an editor made private to signed-in users (or to groups) opens as the admin
    does: a user with a second factor, or who must have one, proves it first. Wagtail
    checks only that someone is signed in, and its sign-in leads back to the page, past
    the admin's own check (accounts.middleware, which watches the admin's addresses)."""
    return _second_factor_for_the_signed_in_only(page.get_view_restrictions, request)


@hooks.register("before_serve_document")
def signed_in_only_documents_need_the_second_factor(document, request):
    """The same for a document of a collection made private to signed-in users (or to
    groups): its file opened with the password alone."""
    return _second_factor_for_the_signed_in_only(
        lambda: document.collection.get_view_restrictions(), request
    )


def _second_factor_for_the_signed_in_only(restrictions, request):
    """`restrictions`: a function returning them, called for a signed-in user alone (a
    page's reads its ancestors at once: no query more for every visitor)."""
    if not request.user.is_authenticated:
        return None  # Wagtail sends visitors to sign in first
    signed_in_only = (PageViewRestriction.LOGIN, PageViewRestriction.GROUPS)
    if any(r.restriction_type in signed_in_only for r in restrictions()):
        return second_factor_step(request)
    return None


# Superusers are made and changed by superusers alone (Wagtail lets only them delete
# one). Wagtail lets anyone who may add or change users tick "Administrator" (hidden only
# on their own account), so a member of the Administrators group who is not a superuser
# could make one, or take a superuser's account over by its email and password.
SUPERUSERS_ONLY = _("Only a superuser may make or change a superuser.")


def _refused_unless_superuser(request):
    if request.user.is_superuser:
        return None
    messages.error(request, SUPERUSERS_ONLY)
    return redirect("wagtailusers_users:index")


@hooks.register("before_create_user")
def only_superusers_make_superusers(request):
    if request.method == "POST" and request.POST.get("is_superuser"):
        return _refused_unless_superuser(request)
    return None


@hooks.register("before_edit_user")
def only_superusers_change_superusers(request, user):
    if user.is_superuser or (request.method == "POST" and request.POST.get("is_superuser")):
        return _refused_unless_superuser(request)
    return None


@hooks.register("before_bulk_action")
def only_superusers_act_on_superusers_in_bulk(request, action_type, objects, action):
    """Wagtail's bulk actions on users (set active, assign a role, delete) go through no
    per-user hook: a superuser among those chosen is for a superuser alone."""
    model = getattr(action, "model", None)
    if model is get_user_model() and any(getattr(user, "is_superuser", False) for user in objects):
        return _refused_unless_superuser(request)
    return None
