"""Demo content for the threats app: the mission section and the threat level."""

import datetime

from portal.demo import ensure_child, heading, paragraph, standard_page

from .levels import ThreatLevel
from .models import ThreatLevelSettings
from .queries import THREAT_LEVELS_SLUG


def load(home):
    ensure_child(
        home,
        "what-we-do",
        standard_page(
            "What we do",
            "We protect the United Kingdom against threats to national security.",
            [
                heading("Our role"),
                paragraph(
                    "<p>The Security Service Act 1989 sets out our job: to protect national "
                    "security, in particular against terrorism, espionage, sabotage, the "
                    "activities of agents of foreign powers, and attempts to overthrow or "
                    "undermine parliamentary democracy by political, industrial or violent "
                    "means.</p>"
                ),
            ],
            in_menu=True,
        ),
    )
    ensure_child(
        home,
        THREAT_LEVELS_SLUG,
        standard_page(
            "Threat levels",
            "What the national threat level is, what each level means and who sets it.",
            [
                paragraph(
                    "<p>Threat levels tell the public how likely a terrorist attack in the "
                    "United Kingdom is. There are five levels, from LOW, where an attack is "
                    "highly unlikely, to CRITICAL, where an attack is highly likely in the "
                    "near future.</p>"
                ),
            ],
        ),
    )
    if not ThreatLevelSettings.objects.exists():
        ThreatLevelSettings.objects.create(
            national_level=ThreatLevel.SUBSTANTIAL,
            national_level_since=datetime.date(2022, 2, 9),
        )
