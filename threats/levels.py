"""The five UK threat levels, lowest first, and what each means."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ThreatLevel(models.TextChoices):
    LOW = "LOW", _("LOW")
    MODERATE = "MODERATE", _("MODERATE")
    SUBSTANTIAL = "SUBSTANTIAL", _("SUBSTANTIAL")
    SEVERE = "SEVERE", _("SEVERE")
    CRITICAL = "CRITICAL", _("CRITICAL")


MEANINGS = {
    ThreatLevel.LOW: _("an attack is highly unlikely"),
    ThreatLevel.MODERATE: _("an attack is possible but not likely"),
    ThreatLevel.SUBSTANTIAL: _("an attack is likely"),
    ThreatLevel.SEVERE: _("an attack is highly likely"),
    ThreatLevel.CRITICAL: _("an attack is highly likely in the near future"),
}

SCALE = list(ThreatLevel)


def meaning_of(level):
    return MEANINGS[ThreatLevel(level)]


def position_of(level):
    """1 for LOW up to 5 for CRITICAL."""
    return SCALE.index(ThreatLevel(level)) + 1
