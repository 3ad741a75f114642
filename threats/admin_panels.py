"""The threat level panel on the admin dashboard, shown to every editor."""

from wagtail.admin.ui.components import Component

from .admin_views import CHANGE_PERMISSION
from .models import ThreatLevelChange, ThreatLevelSettings

LAST_CHANGES = 5


class ThreatLevelPanel(Component):
    name = "threat_level"
    template_name = "threats/admin/dashboard_panel.html"
    # Before Wagtail's own panels (moderation from 210): the level is what matters most.
    order = 50

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        levels = ThreatLevelSettings.load()
        return {
            "levels": [levels.national, levels.northern_ireland],
            "ni_hidden": not levels.show_ni_level,
            "recent_changes": ThreatLevelChange.objects.history(limit=LAST_CHANGES),
            "can_change": request.user.has_perm(CHANGE_PERMISSION),
        }
