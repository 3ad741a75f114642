"""Demo content for the threats app: the mission section, the threat categories, and both
levels with their history."""

import datetime

from django.utils import timezone
from wagtail.models import Page

from careers.roles import CAREERS_SLUG
from demo.core import (
    REPORT_SLUG,
    editors_have_it,
    ensure_child,
    heading,
    named,
    paragraph,
    phone_number,
    publish_change,
    stream_content,
)
from demo.news import NEWS_SLUG, TRANSCRIPTS_SLUG
from reports.models import ReportPage
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

# (slug, title, summary), in the order the mission page lists them.
CATEGORIES = [
    (
        "counter-terrorism",
        "Counter-terrorism",
        "Groups that use violence, or the threat of it, to push their causes.",
    ),
    (
        "counter-espionage",
        "Counter-espionage",
        "The UK is a high-priority target for other states hunting for information.",
    ),
    (
        "cyber",
        "Cyber",
        "States, criminals, hacktivists and terrorists all target the UK online.",
    ),
    (
        "counter-proliferation",
        "Counter-proliferation",
        "Stopping states from developing weapons of mass destruction.",
    ),
    (
        "protective-security",
        "Protective security",
        "Advice that helps protect people, sites and information.",
    ),
]

# Each category's body in earlier versions: one paragraph. A page still exactly like
# this is given its full sections by --refresh.
ONE_PARAGRAPH_BODIES = {
    "counter-terrorism": (
        "Terrorism is the largest part of our work. We investigate people and networks "
        "planning attacks in the UK or against its interests abroad, and work with the "
        "police to disrupt them before anyone is hurt."
    ),
    "counter-espionage": (
        "Foreign intelligence services try to obtain political, economic, military and "
        "technological secrets. We find their officers and agents and make their work "
        "harder."
    ),
    "cyber": (
        "Attacks on computer networks can steal secrets or damage the services people "
        "rely on. We investigate the most serious of them with our partners."
    ),
    "counter-proliferation": (
        "Some states try to obtain the materials, equipment and expertise to build "
        "weapons of mass destruction. We work to stop them getting what they need from "
        "or through the UK."
    ),
    "protective-security": (
        "We advise government and the organisations that run the country's essential "
        "services on protecting their buildings, their people and their information."
    ),
}


def one_paragraph_body(slug):
    return [paragraph(f"<p>{ONE_PARAGRAPH_BODIES[slug]}</p>")]


def page_link(page, words):
    """Rich text linking `words` to `page`; the words alone where the page is missing."""
    return f'<a linktype="page" id="{page.pk}">{words}</a>' if page is not None else words


def phone_link(which, words):
    """Rich text linking `words` to a number the site settings hold ("hotline", "emergency")."""
    return f'<a linktype="phone-setting" id="{which}">{words}</a>'


WHAT = "What the threat is"
HOW = "How we work against it"
YOU = "What you can do"


def counter_terrorism_body(report, levels):
    return [
        heading(WHAT),
        paragraph(
            "<p>Terrorists use violence, or the threat of it, to further their causes. The "
            "Security Service Act 1989 names terrorism first among the threats we guard the "
            "country against, and in 2006 we stopped supporting the police on serious crime "
            "so that we could put more of our effort into this work.</p>"
            "<p>The threat changes quickly. Speaking in October 2017, the Director General, "
            "Andrew Parker, described the fastest tempo of threat he had seen in a career of "
            "34 years, and warned that some attackers now go from an idea to an attack in a "
            "matter of days. That leaves very little time to find them.</p>"
            "<p>Terrorism linked to Northern Ireland is a threat of its own, and the public "
            "has been told its level separately since 2010. We set that level; the national "
            "level is set by the Joint Terrorism Analysis Centre.</p>"
        ),
        heading(HOW),
        paragraph(
            "<p>We look for the people and networks planning attacks, investigate them and "
            "judge how close their plans are to being carried out. In the same 2017 speech, "
            "the Director General said that more than 500 live operations were running, "
            "involving about 3,000 people, with a pool of more than 20,000 former subjects "
            "of interest beyond them, and that 20 attacks in the UK had been foiled in the "
            "previous four years.</p>"
            "<p>Intelligence protects people only when someone can act on it, so we work "
            "side by side with the police: counter-terrorism policing, the Police Service "
            "of Northern Ireland and Police Scotland. We have led intelligence work against "
            "Irish republican terrorism in Great Britain since 1992, and national security "
            "intelligence work in Northern Ireland since 2007.</p>"
            "<p>Plots are seldom confined to one country. The Secret Intelligence Service, "
            "which gathers intelligence overseas, and GCHQ work with us every day; Border "
            "Force helps at the border; and the Home Office is the government department "
            "we work with most closely. In Europe, about 30 security services cooperate "
            "through the Counter Terrorism Group, which has a joint operational centre in "
            "the Netherlands.</p>"
        ),
        heading(YOU),
        paragraph(
            "<p>If you believe an attack is about to happen, or someone's life is in danger "
            "now, do not wait and do not go online: call the emergency services.</p>"
        ),
        phone_number("emergency"),
        paragraph(
            "<p>If you have seen or heard something that could be linked to terrorism, ring "
            "the hotline. You do not need to be sure: a small detail can matter.</p>"
        ),
        phone_number("hotline"),
        paragraph(
            f"<p>When it is not urgent, you can also {page_link(report, 'use our online form')}"
            ". Organisations can help by making sure their staff know how to raise a "
            "concern, and by checking the current threat level when they review their "
            "security.</p>"
        ),
    ]


def counter_espionage_body(report, levels):
    return [
        heading(WHAT),
        paragraph(
            "<p>Espionage is the work of states that try to get hold of secrets they have "
            "no right to. The United Kingdom is a high-priority target for other states "
            "seeking information, and the Security Service Act 1989 names espionage, and the "
            "activities of agents of foreign powers, among the threats we exist to "
            "counter. The same law asks us to guard against sabotage.</p>"
            "<p>Those who spy for another state may want to know what the government is "
            "planning, to obtain research and technology, or to learn about the people who "
            "hold sensitive posts. They rarely announce themselves: an approach can look "
            "like friendship, a business opportunity or an offer of help.</p>"
            "<p>This is one of our oldest tasks. In the First World War the service found "
            "and arrested enemy agents sent to Britain; in the Second, the Double-Cross "
            "System turned captured agents and used them to mislead the enemy.</p>"
        ),
        heading(HOW),
        paragraph(
            "<p>We work to identify the intelligence officers of other states and the "
            "people they recruit, to understand what they are after, and to make their work "
            "harder. Much of this has to stay out of public view: if the people we "
            "investigate knew how we work, they would find ways round it.</p>"
            "<p>The Secret Intelligence Service gathers intelligence overseas, which helps "
            "us understand what hostile services intend before their officers act here, and "
            "GCHQ is a close partner too. When action under the law is needed, we work with "
            "the police, including counter-terrorism policing, the Police Service of "
            "Northern Ireland and Police Scotland.</p>"
            "<p>Government departments hold much of what other states want, so we work "
            "closely with them, and with the Home Office above all, on protecting that "
            "information and the people trusted with it.</p>"
        ),
        heading(YOU),
        paragraph(
            "<p>Anyone can be approached, not only people who work in government. If "
            "someone takes an unusual interest in your work, asks for information you "
            "should not share, or offers money or favours in return for it, write down what "
            f"happened and tell us through {page_link(report, 'our online form')}. You "
            "do not need proof, and you can stay anonymous.</p>"
            "<p>Organisations should know which of their information others might want, "
            "limit who can see it, and make it easy for staff to report an approach without "
            "fear of blame. If you believe someone is in danger now, "
            f"{phone_link('emergency', 'call the emergency services')}.</p>"
        ),
    ]


def cyber_body(report, levels):
    return [
        heading(WHAT),
        paragraph(
            "<p>Computer networks carry much of what the country depends on, and the "
            "United Kingdom is targeted online by states, criminals, hacktivists and "
            "terrorists. An attack can steal secrets, or damage the services people rely "
            "on every day.</p>"
            "<p>Each kind of attacker is after something different. A state may want "
            "information or an advantage over the UK; criminals usually want money; "
            "hacktivists want to make a point; terrorists may want to cause disruption or "
            "spread their message.</p>"
            "<p>The online world also changes our other work. More and more of the people "
            "we investigate plan and talk online, and encryption can hide what they say. In "
            "the video Being MI5, the Director General, Andrew Parker, explains why working "
            "online, encryption and communications data matter so much to us.</p>"
        ),
        heading(HOW),
        paragraph(
            "<p>Our part is the national security side of the threat: investigating the "
            "most serious attacks, above all those that other states or terrorists are "
            "behind, and working out who is responsible and what they want.</p>"
            "<p>We do it with partners. GCHQ and the Secret Intelligence Service, which "
            "gathers intelligence overseas, work with us; the police act on what we find; "
            "and government departments, the Home Office most closely, draw on what we "
            "learn. When an attack is the work of criminals rather than a state, it "
            "is a matter of serious crime, which sits with the National Crime Agency rather "
            "than with us.</p>"
            "<p>Keeping pace takes people as well as tools. Graduates in our technology and "
            "specialist roles work on new technology against threats that change quickly; "
            "the links at the foot of this page show what that work is like.</p>"
        ),
        heading(YOU),
        paragraph(
            "<p>Good habits close many doors: keep your software up to date, use a "
            "different strong password for each account, and be wary of unexpected messages "
            "that ask you to open a link or a file.</p>"
            "<p>Organisations should know which of their systems matter most, limit who can "
            "reach them, and plan what they would do if an attack got through. If you "
            "believe your organisation has been targeted by another state or by terrorists, "
            f"tell us through {page_link(report, 'our online form')}. If people are in "
            f"danger, {phone_link('emergency', 'call the emergency services')}.</p>"
        ),
    ]


def counter_proliferation_body(report, levels):
    return [
        heading(WHAT),
        paragraph(
            "<p>Weapons of mass destruction can kill and injure people on a vast scale. "
            "Some states are trying to develop them, and to do so they need materials, "
            "equipment and expertise they cannot produce on their own.</p>"
            "<p>Much of what such a programme needs also has ordinary, peaceful uses. That "
            "means it can be sought from companies, laboratories and universities in this "
            "country, or sent through the UK on its way somewhere else, without anyone "
            "realising what it is really for.</p>"
            "<p>Those buying for these programmes rarely say who they are. They may hide "
            "the real buyer behind someone else, or send goods by a roundabout route, so "
            "that a sale looks harmless to the person making it.</p>"
        ),
        heading(HOW),
        paragraph(
            "<p>We investigate attempts to obtain what these programmes need from or "
            "through the UK, and work to stop them before anything leaves the country.</p>"
            "<p>No single agency can do this alone. The Secret Intelligence Service "
            "gathers intelligence overseas about the programmes themselves, and GCHQ works "
            "alongside us. Border Force can stop goods at the border, and the police and "
            "the National Crime Agency act where the law has been broken. Government "
            "departments, with the Home Office the closest of them to our work, draw on "
            "what we learn.</p>"
            "<p>Much of what we do is advice. We help organisations recognise when they may "
            "be a target, so that they can turn down a sale or an approach before it goes "
            "any further.</p>"
        ),
        heading(YOU),
        paragraph(
            "<p>If you work for a company, university or laboratory that makes, sells or "
            "studies goods or knowledge with a possible military use, look closely at "
            "unusual orders and approaches: a customer who will not say what something is "
            "for, asks for more than makes sense, or wants it delivered by an odd "
            "route.</p>"
            "<p>If something does not add up, tell us through "
            f"{page_link(report, 'our online form')}, with as much detail as you can. You do "
            "not need to be certain: trained officers assess every report, and a small "
            "detail can complete a picture.</p>"
        ),
    ]


def protective_security_body(report, levels):
    return [
        heading(WHAT),
        paragraph(
            "<p>Protective security means making people, sites and information harder to "
            "attack in the first place. Terrorists, hostile states and others who want to "
            "cause harm look for weak points: a building that is easy to get into, "
            "information left unguarded, or someone with access who could be persuaded to "
            "help them.</p>"
            "<p>Good protection works in layers that support each other: the security of "
            "buildings and sites, of the people who work in them, and of the information "
            "they handle. A weakness in one layer can undo the strength of the others, so "
            "all three need attention together.</p>"
            "<p>The threats described on our other pages all meet here. The Security "
            "Service Act 1989 asks us to guard against sabotage as well as terrorism and "
            "espionage, and good protective security makes all three harder to carry "
            "out.</p>"
        ),
        heading(HOW),
        paragraph(
            "<p>We advise government and the organisations that run the country's "
            "essential services on protecting their buildings, their people and their "
            "information. Our advice draws on what our investigations teach us about how "
            "attackers choose their targets and prepare.</p>"
            "<p>We do not do this alone. We work with the police, among them "
            "counter-terrorism policing, the Police Service of Northern Ireland and Police "
            "Scotland, and with government departments, the Home Office most closely, so "
            "that an organisation hears consistent advice wherever it turns.</p>"
            "<p>Protecting information is part of everyday work inside the service too. "
            "Colleagues in corporate roles help teams across the organisation handle and "
            "protect what they hold, and make their work run more smoothly.</p>"
        ),
        heading(YOU),
        paragraph(
            "<p>Organisations: decide what you most need to protect, whether people, places "
            "or information; control who can get in and who can see what; and make sure "
            "staff know how to report anything unusual. Look at the "
            f"{page_link(levels, 'current threat level')} when you review your plans.</p>"
            "<p>Everyone: if you notice someone taking an unusual interest in how a building "
            "is protected, such as filming its entrances or asking about its guards, "
            f"{phone_link('hotline', 'ring the hotline')} or tell us through "
            f"{page_link(report, 'our online form')}. If you believe an attack is about to "
            f"happen, {phone_link('emergency', 'call the emergency services')} straight "
            "away.</p>"
        ),
    ]


CATEGORY_BODIES = {
    "counter-terrorism": counter_terrorism_body,
    "counter-espionage": counter_espionage_body,
    "cyber": cyber_body,
    "counter-proliferation": counter_proliferation_body,
    "protective-security": protective_security_body,
}

# What each category links to, in order: (section's slug, page's slug, label).
BEING_MI5 = (TRANSCRIPTS_SLUG, "being-mi5", "Being MI5 (video transcript)")
WHAT_WE_ARE = (TRANSCRIPTS_SLUG, "what-we-are", "What we are (video transcript)")
TECHNOLOGY_ROLES = "technology-graduate-development-programme-technology-and-specialist-roles"
RELATED = {
    "counter-terrorism": [
        (
            NEWS_SLUG,
            "director-general-andrew-parker-speech-october-2017",
            "Director General Andrew Parker's speech, October 2017",
        ),
        BEING_MI5,
    ],
    "counter-espionage": [BEING_MI5, WHAT_WE_ARE],
    "cyber": [
        (
            CAREERS_SLUG,
            TECHNOLOGY_ROLES,
            "Technology Graduate Development Programme: technology and specialist roles",
        ),
        (TRANSCRIPTS_SLUG, TECHNOLOGY_ROLES, "Technology and specialist roles (video transcript)"),
        BEING_MI5,
    ],
    "counter-proliferation": [BEING_MI5, WHAT_WE_ARE],
    "protective-security": [
        (CAREERS_SLUG, "alex-business-enabler", "Alex, Business Enabler (staff story)"),
        (CAREERS_SLUG, "administrative-assistants", "Administrative Assistants (role profile)"),
    ],
}


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
    # A row no manager has set (made by a page read before the demo was loaded) gives
    # way to the levels of the demo's history; one that was set is left as it is.
    ThreatLevelSettings.objects.filter(national_level="", ni_level="").delete()
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
            heading("Counter-subversion", "h3"),  # under the page's "Other work"
            paragraph(
                "<p>For much of the twentieth century, subversion was one of our main "
                "concerns. It fell away sharply once the Cold War ended, and we no longer "
                "investigate it.</p>"
            ),
            heading("Serious crime", "h3"),  # under the page's "Other work"
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
    ensure_child(home, "what-we-do", mission_page)
    ensure_child(home, "threat-levels", threat_levels_page)
    load_levels()


def load_last(home):
    """The threat categories, once every section and the report form exist: they link to
    pages across the site."""
    mission, links = category_links(home)
    if mission is None:
        return  # editors made something else of /what-we-do/: leave it alone
    for slug, title, summary in CATEGORIES:
        ensure_child(
            mission,
            slug,
            lambda slug=slug, title=title, summary=summary: ThreatCategoryPage(
                title=title,
                summary=summary,
                body=category_body(slug, links),
                related_links=related_links(home, slug),
            ),
        )


def category_links(home):
    """(the mission page or None, what category bodies link to: the report form and the
    threat levels page, each None where missing)."""
    sections = {page.slug: page for page in Page.objects.child_of(home).specific()}
    mission = sections.get("what-we-do")
    report = sections.get(REPORT_SLUG)
    levels = sections.get("threat-levels")
    return (
        mission if isinstance(mission, MissionPage) else None,
        {
            "report": report if isinstance(report, ReportPage) else None,
            "levels": levels if isinstance(levels, ThreatLevelsPage) else None,
        },
    )


def category_body(slug, links):
    return CATEGORY_BODIES[slug](links["report"], links["levels"])


def related_links(home, slug):
    """The category's demo related links, to the live pages among them."""
    wanted = RELATED[slug]
    sections = Page.objects.child_of(home).filter(slug__in={section for section, *_ in wanted})
    found = {
        (section.slug, page.slug): page
        for section in sections
        for page in Page.objects.child_of(section)
        .live()
        .filter(slug__in={page_slug for _section, page_slug, _label in wanted})
    }
    return [
        ("link", {"label": label, "page": found[section, page_slug], "url": ""})
        for section, page_slug, label in wanted
        if (section, page_slug) in found
    ]


def refresh(home, report):
    """Category pages still exactly as earlier versions made them (one paragraph) get
    their full sections, and the demo's related links where they have none, in a new
    published revision. Pages editors have changed or are working on are left alone."""
    mission, links = category_links(home)
    if mission is None:
        return
    pages = {page.slug: page for page in ThreatCategoryPage.objects.child_of(mission)}
    for slug, _title, _summary in CATEGORIES:
        page = pages.get(slug)
        if page is None:
            continue
        current = stream_content(page.body)
        full = category_body(slug, links)
        if current == stream_content(ThreatCategoryPage(body=full).body):
            continue
        if current != stream_content(ThreatCategoryPage(body=one_paragraph_body(slug)).body):
            report(f"Left {named(page)} alone: editors have changed it.")
        elif editors_have_it(page):
            report(f"Left {named(page)} alone: editors are working on it.")
        else:
            page.body = full
            if not page.related_links:
                page.related_links = related_links(home, slug)
            publish_change(page, report, "it has its full sections and related links")
