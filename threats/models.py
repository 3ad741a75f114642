"""The national threat level: a site-wide setting with its own permission."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from .levels import ThreatLevel, meaning_of, position_of


@register_setting(icon="warning")
class ThreatLevelSettings(BaseGenericSetting):
    """Kept apart from the site settings so that only its managers may change it."""

    national_level = models.CharField(
        _("national threat level"),
        max_length=16,
        choices=ThreatLevel.choices,
        default=ThreatLevel.SUBSTANTIAL,
    )
    national_level_since = models.DateField(
        _("in force since"),
        default=timezone.localdate,
        help_text=_("The date the national threat level took effect."),
    )

    panels = [FieldPanel("national_level"), FieldPanel("national_level_since")]

    class Meta:
        verbose_name = _("threat level")
        verbose_name_plural = _("threat levels")

    def __str__(self):
        return f"{self.get_national_level_display()}"

    @property
    def national_meaning(self):
        return meaning_of(self.national_level)

    @property
    def national_position(self):
        return position_of(self.national_level)
