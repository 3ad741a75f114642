"""Demo content for the threats app: the mission section and both levels with history."""

import datetime

from django.utils import timezone

from demo.core import ensure_child, heading, paragraph
from threats.levels import ThreatLevel
from threats.models import (
    MissionPage,
    Scope,
    ThreatCategoryPage,
    ThreatLevelChange,
    ThreatLevelSettings,
    ThreatLevelsPage,
)

L = ThreatLevel
# Public dates of change (CONTENT.md). The first national entry is when levels were
# first published; the first Northern Ireland entry is when that level was.
NATIONAL_HISTORY = [
    ((2006, 8, 1), L.SEVERE, "Threat levels are published for the first time."),
    ((2006, 8, 10), L.CRITICAL, ""),
    ((2006, 8, 14), L.SEVERE, ""),
    ((2007, 6, 30), L.CRITICAL, ""),
    ((2007, 7, 4), L.SEVERE, ""),
    ((2009, 7, 20), L.SUBSTANTIAL, ""),
    ((2010, 1, 22), L.SEVERE, ""),
    ((2011, 7, 11), L.SUBSTANTIAL, ""),
    ((2014, 8, 29), L.SEVERE, ""),
    ((2017, 5, 23), L.CRITICAL, ""),
    ((2017, 5, 27), L.SEVERE, ""),
    ((2017, 9, 15), L.CRITICAL, ""),
    ((2017, 9, 17), L.SEVERE, ""),
    ((2019, 11, 4), L.SUBSTANTIAL, ""),
    ((2020, 11, 3), L.SEVERE, ""),
    ((2021, 2, 8), L.SUBSTANTIAL, ""),
    ((2021, 11, 15), L.SEVERE, ""),
    ((2022, 2, 9), L.SUBSTANTIAL, ""),
]
NI_HISTORY = [
    ((2010, 9, 24), L.SEVERE, "The Northern Ireland level is published for the first time."),
    ((2022, 3, 22), L.SUBSTANTIAL, "The first time this level has ever been lowered."),
    ((2023, 3, 28), L.SEVERE, ""),
    ((2024, 3, 6), L.SUBSTANTIAL, ""),
]

CATEGORIES = [
    (
        "counter-terrorism",
        "Counter-terrorism",
        "Groups that use violence, or the threat of it, to push their causes.",
        "Terrorism is the largest part of our work. We investigate people and networks "
        "planning attacks in the UK or against its interests abroad, and work with the "
        "police to disrupt them before anyone is hurt.",
    ),
    (
        "counter-espionage",
        "Counter-espionage",
        "The UK is a high-priority target for other states hunting for information.",
        "Foreign intelligence services try to obtain political, economic, military and "
        "technological secrets. We find their officers and agents and make their work "
        "harder.",
    ),
    (
        "cyber",
        "Cyber",
        "States, criminals, hacktivists and terrorists all target the UK online.",
        "Attacks on computer networks can steal secrets or damage the services people "
        "rely on. We investigate the most serious of them with our partners.",
    ),
    (
        "counter-proliferation",
        "Counter-proliferation",
        "Stopping states from developing weapons of mass destruction.",
        "Some states try to obtain the materials, equipment and expertise to build "
        "weapons of mass destruction. We work to stop them getting what they need from "
        "or through the UK.",
    ),
    (
        "protective-security",
        "Protective security",
        "Advice that helps protect people, sites and information.",
        "We advise government and the organisations that run the country's essential "
        "services on protecting their buildings, their people and their information.",
    ),
]


def seed_history(scope, entries):
    """Record past changes once; later changes come through the settings' save()."""
    if ThreatLevelChange.objects.filter(scope=scope).exists():
        return
    previous = ""
    for (year, month, day), level, note in entries:
        ThreatLevelChange.objects.create(
            scope=scope,
            level=level,
            previous_level=previous,
            changed_at=timezone.make_aware(datetime.datetime(year, month, day)),
            note=note,
        )
        previous = level


def load_levels():
    seed_history(Scope.NATIONAL, NATIONAL_HISTORY)
    seed_history(Scope.NORTHERN_IRELAND, NI_HISTORY)
    if not ThreatLevelSettings.objects.exists():
        national = ThreatLevelChange.objects.filter(scope=Scope.NATIONAL).first()
        ni = ThreatLevelChange.objects.filter(scope=Scope.NORTHERN_IRELAND).first()
        ThreatLevelSettings.objects.create(
            national_level=national.level,
            national_changed_at=national.changed_at,
            ni_level=ni.level,
            ni_changed_at=ni.changed_at,
        )


def mission_page():
    return MissionPage(
        title="What we do",
        show_in_menus=True,
        summary="We protect the United Kingdom against threats to national security.",
        headline="We protect the United Kingdom against threats to national security.",
        statutory_role=(
            "<p>Our job is set in law by the Security Service Act 1989: to protect national "
            "security, and in particular to guard against terrorism, espionage and "
            "sabotage, against the activities of agents of foreign powers, and against "
            "actions meant to overthrow or undermine parliamentary democracy by political, "
            "industrial or violent means.</p>"
        ),
        strategy_intro=(
            "<p>Our priorities follow the government's national security strategy, set out "
            "in two linked documents: the National Security Strategy and the Strategic "
            "Defence and Security Review.</p>"
        ),
        other_work=[
            heading("Counter-subversion"),
            paragraph(
                "<p>For much of the twentieth century, subversion was one of our main "
                "concerns. It fell away sharply once the Cold War ended, and we no longer "
                "investigate it.</p>"
            ),
            heading("Serious crime"),
            paragraph(
                "<p>From 1996 we supported the police against serious crime. We stopped in "
                "2006 to put more effort into counter-terrorism, and this work now belongs "
                "to the National Crime Agency.</p>"
            ),
        ],
    )


def threat_levels_page():
    return ThreatLevelsPage(
        title="Threat levels",
        summary="How likely a terrorist attack in the UK is, and what each level means.",
        intro=(
            "<p>The threat level tells the public how likely a terrorist attack in the United "
            "Kingdom is. It does not tell you to do anything differently: stay alert, and "
            "report anything that worries you.</p>"
        ),
        who_sets_the_level=[
            paragraph(
                "<p>The national threat level is set by the Joint Terrorism Analysis Centre, "
                "which brings together experts from across government. The level for "
                "Northern Ireland-related terrorism in Northern Ireland is set by this "
                "service.</p>"
            ),
            paragraph(
                "<p>Each judgement weighs the intelligence available, what terrorists intend "
                "and are able to do, and how soon an attack could come.</p>"
            ),
        ],
    )


def load(home):
    mission, _ = ensure_child(home, "what-we-do", mission_page)
    ensure_child(home, "threat-levels", threat_levels_page)
    for slug, title, summary, text in CATEGORIES:
        ensure_child(
            mission,
            slug,
            lambda title=title, summary=summary, text=text: ThreatCategoryPage(
                title=title, summary=summary, body=[paragraph(f"<p>{text}</p>")]
            ),
        )
    load_levels()
