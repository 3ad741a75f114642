"""Synonyms in the admin, beside promoted results: comms staff keep both (editorial.roles)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet

from core.choosing import PortalSnippetViewSet

from .models import Synonym


class SynonymViewSet(PortalSnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = _("Search synonyms")
    add_to_admin_menu = False
    list_display = ["word", "means"]
    search_fields = ["word", "means"]
    ordering = ["word"]


register_snippet(SynonymViewSet)
