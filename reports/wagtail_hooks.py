from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from . import admin_views
from .models import Report

admin_urlpatterns = [
    path("", admin_views.index, name="index"),
    path("export/", admin_views.export, name="export"),
    path("handled/", admin_views.mark_handled, name="handled"),
]


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("received-reports/", include((admin_urlpatterns, "reports_admin")))]


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.VIEW)


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    return ReportsMenuItem(
        _("Received reports"), reverse("reports_admin:index"), icon_name="mail", order=260
    )


class ReportsPanel(Component):
    """How many reports wait, on the dashboard of those who handle them."""

    name = "reports"
    template_name = "reports/admin/dashboard_panel.html"
    order = 60

    def get_context_data(self, parent_context):
        return {
            "new": Report.objects.filter(handled_at__isnull=True, exported_at__isnull=True).count(),
            "waiting_too_long": Report.objects.waiting_too_long().count(),
        }


@hooks.register("construct_homepage_panels")
def add_reports_panel(request, panels):
    if request.user.has_perm(admin_views.VIEW):
        panels.append(ReportsPanel())
