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

# Each level's colour where it is shown on its own (the embeddable badge, the level
# badge on pages): white text on it, and it as text on white, at least 5.9:1.
COLOURS = {
    ThreatLevel.LOW: "#1d5d2a",
    ThreatLevel.MODERATE: "#1f5f8b",
    ThreatLevel.SUBSTANTIAL: "#8a5a00",
    ThreatLevel.SEVERE: "#a8430b",
    ThreatLevel.CRITICAL: "#8a1c1c",
}
# A level not yet published: grey, as text on white at least 5.9:1 too.
UNPUBLISHED_COLOUR = "#45454f"


def meaning_of(level):
    return MEANINGS[ThreatLevel(level)]


def position_of(level):
    """1 for LOW up to 5 for CRITICAL."""
    return SCALE.index(ThreatLevel(level)) + 1
