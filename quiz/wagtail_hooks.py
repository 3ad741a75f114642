from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet

from core.choosing import PortalSnippetViewSet

from .models import FactOrFiction


class FactOrFictionViewSet(PortalSnippetViewSet):
    model = FactOrFiction
    icon = "help"
    menu_label = _("Fact or Fiction")
    menu_name = "fact-or-fiction"
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["statement", "answer", "active", "activated_at"]
    list_filter = ["active", "answer"]
    search_fields = ["statement", "explanation"]
    search_backend_name = None
    ordering = ["-active", "-activated_at", "-pk"]


register_snippet(FactOrFictionViewSet)
