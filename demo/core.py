"""Helpers for demo content, and the portal's own demo pages and settings.

Demo content is only ever added where it is missing: a page that exists at the
expected slug is left exactly as editors made it. The one exception is `--refresh`
(`refresh_pages`, `number_links`): a demo page still exactly as an earlier version made
it, that no editor is working on, is brought up to date in a new published revision.
"""

import datetime

from django.utils import timezone
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from core.models import SITE_NAME, HomePage, SiteSettings, StandardPage
from quiz.models import FactOrFiction
from reports.models import ReportPage


def heading(text, level="h2"):
    return ("heading", {"text": text, "level": level})


def paragraph(html):
    return ("paragraph", RichText(html))


def quote(text, attribution=""):
    return ("quote", {"quote": text, "attribution": attribution})


def phone_number(which, label=""):
    """A number from the site settings ("hotline", "emergency"), as a link to call it."""
    return ("phone_number", {"number": which, "label": label})


CONTACT_SLUG = "contact-and-reporting"
PRIVACY_SLUG = "privacy-and-cookies"


HOME_INTRO = (
    "<p>We are the country's security intelligence agency. We find and stop "
    "terrorists, hostile states and others who set out to harm the people "
    "of the United Kingdom.</p>"
)


def legacy_home_body(report_page=None):
    """The home page's body before it was made of blocks; with `report_page`, as it was
    once the report form existed."""
    return [
        heading("What you can do"),
        paragraph(
            "<p>If something you see or hear worries you, trust your instincts and "
            "report it. The numbers at the top of every page reach people who can "
            "act at any hour.</p>"
            + (
                f'<p>You can also <a linktype="page" id="{report_page.pk}">report '
                "information online</a>, anonymously if you wish.</p>"
                if report_page is not None
                else ""
            )
        ),
    ]


def migrated_home_body(report_page=None):
    """What core's migration 0006 made of an earlier demo home page."""
    return [
        ("hero", {"heading": "", "text": HOME_INTRO, "image": None}),
        *legacy_home_body(report_page),
        ("latest_news", {"heading": "Latest news", "count": 3}),
        ("quiz", None),
    ]


def demo_picture(key, **look):
    """A picture block's value: the demo's artwork for `key`, with alt text that says
    what it shows."""
    from demo.pictures import describe, picture

    return {"image": picture(key, **look), "decorative": False, "alt_text": describe(key, **look)}


def signpost(page, text):
    return {"page": page, "title": "", "text": text}


def home_body(home):
    """The home page in blocks: what the service is for, the threat level, where to go
    next, the news, careers, a video and the quiz. Sections missing from the tree are left
    out of the signposts."""
    from careers.models import CareersIndexPage
    from news.models import VideoTranscriptPage
    from threats.models import MissionPage, ThreatLevelsPage

    sections = {type(page): page for page in Page.objects.child_of(home).live().specific()}
    # Report information, or Contact until the report form exists.
    report = sections.get(ReportPage) or (
        Page.objects.child_of(home).live().filter(slug=CONTACT_SLUG).first()
    )
    wanted = [
        (sections.get(MissionPage), "How we protect the country, and the threats we work against."),
        (
            sections.get(ThreatLevelsPage),
            "The five levels, what each one means, and their history.",
        ),
        (sections.get(CareersIndexPage), "Roles across the service, and what the work is like."),
        (report, "Tell us about something that worries you, anonymously if you wish."),
    ]
    careers = sections.get(CareersIndexPage)
    being_mi5 = VideoTranscriptPage.objects.live().filter(slug="being-mi5").first()
    body = [
        (
            "hero",
            {
                "heading": "",
                "text": HOME_INTRO,
                "image": demo_picture("home-hero", motif="hills", ground="navy", accent="gold"),
            },
        ),
        ("threat_level", {"heading": "Current national threat level"}),
        (
            "signposts",
            {
                "heading": "What people come to us for",
                "signposts": [signpost(page, text) for page, text in wanted if page is not None],
            },
        ),
        ("latest_news", {"heading": "Latest news", "count": 3}),
    ]
    if careers is not None:
        body.append(
            (
                "promotion",
                {
                    "heading": "Careers with us",
                    "text": (
                        "Analysts, technologists, psychologists, administrators and more: "
                        "work that matters, and which never comes home with you."
                    ),
                    "page": careers,
                    "link_text": "Find a role",
                    "image": demo_picture(
                        "home-careers", motif="windows", ground="deep blue", accent="amber"
                    ),
                },
            )
        )
    if being_mi5 is not None:
        body.append(
            (
                "promotion",
                {
                    "heading": "Being MI5",
                    "text": (
                        "The Director General on what the service does and why some of "
                        "it has to stay secret: read the video's full transcript."
                    ),
                    "page": being_mi5,
                    "link_text": "Read the transcript of Being MI5",
                    "image": None,
                },
            )
        )
    body.append(("quiz", None))
    return body


def fill_home_page(home, report, *, created, refresh):
    """Give the home page its demo blocks: as it is created, or with --refresh where it is
    still exactly as an earlier version of the demo (migrated to blocks) left it."""
    home = Page.objects.get(pk=home.pk).specific
    if not created:
        if not refresh:
            return
        current = stream_content(home.body)
        report_page = Page.objects.child_of(home).filter(slug=REPORT_SLUG).first()
        earlier = [migrated_home_body(None)]
        if report_page is not None:
            earlier.append(migrated_home_body(report_page))
        if current not in [stream_content(HomePage(body=body).body) for body in earlier]:
            return
        if editors_have_it(home):
            report(f"Left {named(home)} alone: editors are working on it.")
            return
    home.body = home_body(home)
    if created:
        home.save_revision(log_action=True).publish()
    else:
        publish_change(home, report, "it is made of blocks: threat level, signposts, news, careers")


# The sections every version of the demo's contact page has had.
CONTACT_BODY_UNCHANGED = [
    heading("What happens next"),
    paragraph(
        "<p>Trained officers assess every report. You may not hear back, and we "
        "cannot tell you what was done with the information, but every report "
        "is read and some have helped to stop attacks. If the police need to "
        "know more, they will contact you.</p>"
    ),
    heading("Other questions"),
    paragraph(
        "<p>We cannot answer every message we receive, and we never confirm or "
        "deny whether we hold information about any person. Questions about "
        "careers are answered in the careers section.</p>"
    ),
]


def contact_body(report_page=None):
    """The contact page's body: its numbers come from the site settings, and it links to
    the report form (without `report_page`: the version before the form existed)."""
    return [
        heading("If a life is in danger now"),
        paragraph(
            "<p>Call the emergency services straight away and ask for the police. A "
            "website or an email is never the way to report an emergency.</p>"
        ),
        phone_number("emergency"),
        heading("Reporting something suspicious"),
        paragraph(
            "<p>If you have seen or heard something that could be linked to terrorism, "
            "ring the hotline. The line is answered by specialist police officers, the "
            "call is free, and you can stay anonymous. Small details matter: trust your "
            "instincts.</p>"
        ),
        phone_number("hotline"),
        heading("Reporting online"),
        paragraph(
            (
                f'<p>You can <a linktype="page" id="{report_page.pk}">report information '
                "online</a> with our secure form. What you send is locked as soon as it "
                "reaches us, and you can stay anonymous. For anything urgent, "
                '<a linktype="phone-setting" id="hotline">call the hotline</a> instead.</p>'
            )
            if report_page is not None
            else (
                "<p>For now, reports made online go through the police's online reporting "
                "service, and the police share them with us where there is a threat to "
                "national security. You can also "
                '<a linktype="phone-setting" id="hotline">call the hotline</a>.</p>'
            )
        ),
        *CONTACT_BODY_UNCHANGED,
    ]


# Earlier versions typed the numbers, which went out of date when the settings changed:
# a contact page still exactly like this is brought up to date by --refresh.
CONTACT_BODY_WITH_TYPED_NUMBERS = [
    heading("If a life is in danger now"),
    paragraph(
        "<p>Call 999 straight away and ask for the police. A website or an email "
        "is never the way to report an emergency.</p>"
    ),
    heading("Reporting something suspicious"),
    paragraph(
        "<p>If you have seen or heard something that could be linked to "
        "terrorism, ring the Anti-Terrorist Hotline on 0800 789 321. The line "
        "is answered by specialist police officers, the call is free, and you "
        "can stay anonymous. Small details matter: trust your instincts.</p>"
    ),
    heading("Reporting online"),
    paragraph(
        "<p>There is no reporting form on this website. Reports made online go "
        "through the police, who share them with us where there is a threat to "
        "national security. Use the police's online reporting service, or the "
        "hotline above.</p>"
    ),
    *CONTACT_BODY_UNCHANGED,
]


def ensure_child(parent, slug, build):
    """The child of `parent` at `slug`; created from `build()` and published if missing.

    A childless StandardPage standing where a section of its own type now belongs is an
    earlier version's placeholder: it is replaced, in the same place among its siblings.
    """
    page = build()
    existing = Page.objects.child_of(parent).filter(slug=slug).first()
    left_sibling = None
    if existing is not None:
        existing = existing.specific
        placeholder = type(existing) is StandardPage and existing.numchild == 0
        if isinstance(existing, type(page)) or not placeholder:
            return existing, False
        left_sibling = existing.get_prev_sibling()
        existing.delete()
    page.slug = slug
    parent.add_child(instance=page)
    page.save_revision(log_action=True).publish()
    if existing is not None:
        page.move(left_sibling, pos="right") if left_sibling else page.move(
            parent, pos="first-child"
        )
    return page, True


def ensure_home_page():
    """The HomePage at the root of the default site, replacing Wagtail's welcome page."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None and isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific

    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's first migration makes a bare placeholder page; it has nothing under it.
        for placeholder in Page.objects.child_of(root).filter(slug="home"):
            if type(placeholder.specific) is Page and placeholder.numchild == 0:
                placeholder.delete()
        home = HomePage(
            title="Keeping the country safe",
            slug="home",
            summary=(
                "The Security Service protects the United Kingdom, its people and its "
                "interests against threats to national security."
            ),
        )
        root.add_child(instance=home)
        home.save_revision(log_action=True).publish()

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    else:
        site.root_page = home
        site.save()
    return home


REPORTS_PRIVACY = [
    heading("Reports sent through our online form"),
    paragraph(
        "<p>What you write and attach in the report form is locked (encrypted) the moment "
        "it reaches our servers, with a key that only exists on a computer that is never "
        "connected to the internet. Nothing on the website's servers can unlock it.</p>"
        "<p>With each locked report we store a random reference and the hour it arrived. "
        "We do not store your internet address, your browser or the exact time with "
        "it, and the form sets no cookie. To limit misuse, the number of reports sent "
        "from one internet address is counted for an hour in a form that cannot be traced "
        "back to the address, and then forgotten.</p>"
        "<p>A report is deleted from the website 90 days after it has been passed to the "
        "team who reads reports. Copies of our database kept for recovery (backups) are "
        "deleted after 35 days, so a report can stay, still locked, in a backup for up to "
        "35 days more.</p>"
    ),
]


def privacy_body(with_reports=True):
    """The privacy page's body (without the report form's section: before it existed)."""
    return [
        heading("No tracking"),
        paragraph(
            "<p>This website does not use analytics, advertising or tracking "
            "cookies, does not load anything from other websites, and does not "
            "build a profile of you. Our servers keep short-lived technical logs "
            "(such as the address a request came from) only to keep the site "
            "secure and working.</p>"
        ),
        heading("Cookies"),
        paragraph(
            "<p>A cookie is set only when a feature needs one to work. Browsing "
            "the public pages sets none.</p>"
            "<p><strong>quiz_answered</strong>: set when you answer the Fact or "
            "Fiction quiz. It lists the numbers of the statements you have answered "
            "from this browser, so that each answer is counted only once, and holds "
            "nothing else about you. It is signed so it cannot be altered, is never "
            "read by scripts on the page, and expires after 90 days.</p>"
        ),
        heading("Cookies for our staff"),
        paragraph(
            "<p>A few more cookies are set only for people who sign in to the "
            "site's editing area, never for visitors to the public pages.</p>"
            "<p><strong>sessionid</strong>: keeps a member of staff signed in. It "
            "ends when the browser closes, or after 30 minutes without use.</p>"
            "<p><strong>csrftoken</strong>: protects the editing forms against "
            "requests forged by other websites. It holds a random value and nothing "
            "about the person.</p>"
            "<p><strong>messages</strong>: carries a confirmation such as \u201cPage "
            "published\u201d from one editing screen to the next, then is removed.</p>"
        ),
        *(REPORTS_PRIVACY if with_reports else []),
    ]


def standard_page(title, summary, body, *, in_menu=False):
    return lambda: StandardPage(title=title, summary=summary, body=body, show_in_menus=in_menu)


REPORT_SLUG = "report-information"


def report_page():
    return ReportPage(
        title="Report information",
        summary=(
            "Tell us about something that could threaten national security, safely and "
            "anonymously if you wish."
        ),
        intro=(
            "<p>Use this form to tell us about something you have seen, heard or found "
            "that could be linked to terrorism, espionage or another threat to national "
            "security. Every report is read by trained officers.</p>"
            "<p>You do not have to give your name. Tell us as much as you can: even a small "
            "detail can matter.</p>"
        ),
        after_sending=(
            "<p>Thank you. Trained officers assess every report. You may not hear back, "
            "and we cannot tell you what was done with the information. If you gave us a "
            "way to reach you and we need to know more, we will contact you.</p>"
            "<p>If you see or hear something more, or the situation becomes urgent, "
            '<a linktype="phone-setting" id="hotline">call the hotline</a>.</p>'
        ),
    )


def load_pages(home):
    """The standard pages every public body's site has, and the report form."""
    pages = {}
    pages["report"], report_created = ensure_child(home, REPORT_SLUG, report_page)
    if report_created:
        link_report_page(home, pages["report"], footer=True)
    pages["contact"], _ = ensure_child(
        home,
        CONTACT_SLUG,
        standard_page(
            "Contact and reporting",
            "The numbers to call, how to report information, and what happens after you do.",
            contact_body(pages["report"]),
        ),
    )
    pages["privacy"], _ = ensure_child(
        home,
        PRIVACY_SLUG,
        standard_page(
            "Privacy and cookies",
            "What this website stores on your device and on our servers, and why.",
            privacy_body(with_reports=True),
        ),
    )
    pages["accessibility"], _ = ensure_child(
        home,
        "accessibility-statement",
        standard_page(
            "Accessibility statement",
            "How accessible this website is, how we test it, and how to tell us about a problem.",
            [
                heading("Our aim"),
                paragraph(
                    "<p>We want everyone to be able to use this website. It is built to "
                    "meet the Web Content Accessibility Guidelines (WCAG) version 2.2 at "
                    "level AA. You should be able to:</p>"
                    "<ul><li>use every page with a keyboard alone, with a visible focus "
                    "indicator</li><li>zoom to 400% with the text reflowing to fit the "
                    "screen</li><li>use the site with a screen reader or speech "
                    "recognition</li><li>use every feature, including the quiz and search, "
                    "without JavaScript</li></ul>"
                ),
                heading("How we test"),
                paragraph(
                    "<p>Every type of page is checked automatically with an accessibility "
                    "testing engine on desktop and narrow mobile layouts, and keyboard-only "
                    "journeys are tested in a real browser. Automated tests cannot find "
                    "every problem, so we also check pages by hand.</p>"
                ),
                heading("Known problems"),
                paragraph(
                    "<p>Some older documents linked from news articles may not be fully "
                    "accessible. Ask us for a version in another format.</p>"
                ),
                heading("Reporting a problem"),
                paragraph(
                    "<p>If you find part of the site hard to use, write to us at PO Box "
                    "3255, London SW1P 1AE: say which page, what you were trying to do and "
                    "what went wrong. If you are not happy with our reply, you can contact "
                    "the Equality Advisory and Support Service.</p>"
                ),
            ],
        ),
    )
    return pages


def load_settings(pages):
    """Site settings with their defaults, footer links to the standard pages, and the
    contact page as the security contact (security.txt) for the year ahead."""
    if SiteSettings.objects.exists():
        return SiteSettings.objects.get()
    settings = SiteSettings(
        security_contact_page=pages["contact"],
        security_txt_expires=timezone.localdate() + datetime.timedelta(days=364),
        footer_links=[
            ("link", {"label": page.title, "page": page, "url": ""})
            for page in (
                pages["report"],
                pages["contact"],
                pages["privacy"],
                pages["accessibility"],
            )
        ],
    )
    settings.save()
    return settings


# Oldest first: the last one is activated last, so it is the one pages show by default.
QUIZ_STATEMENTS = [
    (
        "Security Service officers can arrest people they suspect of plotting an attack.",
        FactOrFiction.Answer.FICTION,
        "Our officers have no power of arrest. We gather and assess intelligence; when "
        "someone has to be detained, the police make the arrest, often working closely "
        "with us.",
    ),
    (
        "You can ask the Security Service whether a relative worked for it more than 50 years ago.",
        FactOrFiction.Answer.FACT,
        "Families researching their history may write to us about a relative whose "
        "service ended long ago. We will try to confirm whether they worked for us, though "
        "we cannot say anything about more recent staff.",
    ),
    (
        "Films and television give an accurate picture of the Security Service's work.",
        FactOrFiction.Answer.FICTION,
        "Screen spies make for good stories, but most of our work is patient research, "
        "analysis and teamwork with partners such as the police, and it rarely involves "
        "car chases or gadgets.",
    ),
]


def load_quiz():
    """The demo Fact or Fiction statements, each created only if its text is missing."""
    created = []
    for statement, answer, explanation in QUIZ_STATEMENTS:
        if FactOrFiction.objects.filter(statement=statement).exists():
            continue
        item = FactOrFiction.objects.create(
            statement=statement, answer=answer, explanation=explanation, active=True
        )
        item.save_revision()
        created.append(item)
    return created


def stream_content(body):
    """A StreamField value's blocks as (type, stored value): comparable whatever the ids."""
    return [(child.block_type, child.block.get_prep_value(child.value)) for child in body]


def editors_have_it(page):
    """True when publishing a new revision would override an editor: the page has a
    draft, is unpublished, or is locked."""
    return page.has_unpublished_changes or not page.live or page.locked


def named(page):
    """A page as a report names it: titles alone can be shared (a role and its video)."""
    return f"“{page.title}” ({page.url or page.url_path})"


def publish_change(page, report, what):
    page.save_revision(log_action=True).publish()
    report(f"Refreshed {named(page)}: {what}.")


def number_links(page, relation, report):
    """Give the page's links the order they were made in, and publish that, where earlier
    demo versions saved them without one. The admin always saves a sort order, so a page
    whose links have one is left as it is."""
    links = sorted(getattr(page, relation).all(), key=lambda link: link.pk)
    if not links or any(link.sort_order is not None for link in links):
        return
    if editors_have_it(page):
        report(f"Left {named(page)} alone: editors are working on it.")
        return
    for number, link in enumerate(links):
        link.sort_order = number
    setattr(page, relation, links)
    publish_change(page, report, "its related links are in order")


OLD_SITE_NAME = "MI5 - The Security Service"


def refresh_pages(home, report):
    """The contact page of earlier versions, with typed numbers, takes them from the
    settings; the home, contact and privacy pages of versions before the report form
    point to it; the site name of earlier versions loses its hyphen. Pages and names
    editors have changed are left alone."""
    site_settings = SiteSettings.objects.first()
    if site_settings is not None and site_settings.site_name == OLD_SITE_NAME:
        site_settings.site_name = SITE_NAME
        site_settings.save()
        report(f"The site name is now “{SITE_NAME}”.")
    report_page = Page.objects.child_of(home).filter(slug=REPORT_SLUG).specific().first()
    page = Page.objects.child_of(home).filter(slug=CONTACT_SLUG).specific().first()
    if isinstance(page, StandardPage):
        current = stream_content(page.body)
        typed = stream_content(StandardPage(body=CONTACT_BODY_WITH_TYPED_NUMBERS).body)
        if current == typed and editors_have_it(page):
            report(f"Left {named(page)} alone: editors are working on it.")
        elif current == typed:
            page.body = contact_body(report_page if isinstance(report_page, ReportPage) else None)
            publish_change(page, report, "its numbers come from the site settings")
    if isinstance(report_page, ReportPage):
        link_report_page(home, report_page, report)


def link_report_page(home, report_page, report=lambda message: None, *, footer=False):
    """Point the home, contact and privacy pages at the report form where they are still
    exactly as the demo made them before it existed; with `footer`, add the form to the
    footer links (only as the form is created: an editor may have removed it since)."""
    pages = {page.slug: page for page in Page.objects.child_of(home).specific()}
    pages[home.slug] = Page.objects.get(pk=home.pk).specific
    updates = [
        (CONTACT_SLUG, contact_body(), contact_body(report_page), "it links to the report form"),
        (PRIVACY_SLUG, privacy_body(False), privacy_body(True), "it covers the report form"),
    ]
    for slug, before, after, what in updates:
        page = pages.get(slug)
        if not isinstance(page, (HomePage, StandardPage)):
            continue
        current = stream_content(page.body)
        if current == stream_content(type(page)(body=after).body):
            continue
        if current != stream_content(type(page)(body=before).body):
            report(f"Left {named(page)} alone: editors have changed it.")
        elif editors_have_it(page):
            report(f"Left {named(page)} alone: editors are working on it.")
        else:
            page.body = after
            publish_change(page, report, what)
    settings = SiteSettings.objects.first()
    linked = [link.value["page"] for link in settings.footer_links] if settings else []
    if footer and settings is not None and report_page.pk not in {p.pk for p in linked if p}:
        settings.footer_links.insert(
            0, ("link", {"label": report_page.title, "page": report_page, "url": ""})
        )
        settings.save()
