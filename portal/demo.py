"""Helpers for demo content, and the portal's own demo pages and settings.

Demo content is only ever added where it is missing: a page that exists at the
expected slug is left exactly as editors made it.
"""

from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from .models import FactOrFiction, HomePage, SiteSettings, StandardPage


def heading(text, level="h2"):
    return ("heading", {"text": text, "level": level})


def paragraph(html):
    return ("paragraph", RichText(html))


def quote(text, attribution=""):
    return ("quote", {"quote": text, "attribution": attribution})


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
    page.save_revision().publish()
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
            intro=(
                "<p>We are the country's security intelligence agency. We find and stop "
                "terrorists, hostile states and others who set out to harm the people "
                "of the United Kingdom.</p>"
            ),
            body=[
                heading("What you can do"),
                paragraph(
                    "<p>If something you see or hear worries you, trust your instincts and "
                    "report it. The numbers at the top of every page reach people who can "
                    "act at any hour.</p>"
                ),
            ],
        )
        root.add_child(instance=home)
        home.save_revision().publish()

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    else:
        site.root_page = home
        site.save()
    return home


def standard_page(title, summary, body, *, in_menu=False):
    return lambda: StandardPage(title=title, summary=summary, body=body, show_in_menus=in_menu)


def load_pages(home):
    """The standard pages every public body's site has."""
    pages = {}
    pages["contact"], _ = ensure_child(
        home,
        "contact-and-reporting",
        standard_page(
            "Contact and reporting",
            "How to reach us, and how to tell us about a possible threat.",
            [
                heading("In an emergency"),
                paragraph(
                    "<p>If there is an immediate danger to life, call 999 and ask for the "
                    "police. Do not use this website to report something urgent.</p>"
                ),
                heading("Reporting a possible threat"),
                paragraph(
                    "<p>To tell the police about suspicious activity in confidence, call the "
                    "Anti-Terrorist Hotline on 0800 789 321. You do not have to give your "
                    "name, and no detail is too small.</p>"
                ),
                heading("Writing to us"),
                paragraph(
                    "<p>We cannot reply to every message, and we never confirm or deny "
                    "whether we hold information about a person.</p>"
                ),
            ],
        ),
    )
    pages["privacy"], _ = ensure_child(
        home,
        "privacy-and-cookies",
        standard_page(
            "Privacy and cookies",
            "What this website records about your visit, and why.",
            [
                heading("What we record"),
                paragraph(
                    "<p>Our servers keep short-lived technical logs so that we can keep the "
                    "site secure and working. We do not use advertising or tracking "
                    "cookies.</p>"
                ),
                heading("Cookies"),
                paragraph(
                    "<p>This site sets a cookie only where a feature needs one to work. Each "
                    "such cookie is listed on this page with its purpose and lifetime.</p>"
                    "<p><strong>quiz_answered</strong>: set when you answer the Fact or "
                    "Fiction quiz. It lists the numbers of the statements you have answered "
                    "from this browser, so that each answer is counted only once, and holds "
                    "nothing else about you. It is signed so it cannot be altered, is never "
                    "read by scripts on the page, and expires after 90 days.</p>"
                ),
            ],
        ),
    )
    pages["accessibility"], _ = ensure_child(
        home,
        "accessibility-statement",
        standard_page(
            "Accessibility statement",
            "How accessible this website is, and how to tell us about a problem.",
            [
                heading("Our aim"),
                paragraph(
                    "<p>We want everyone to be able to use this website. It is built to "
                    "meet the Web Content Accessibility Guidelines version 2.2 at level AA, "
                    "works with a keyboard and screen readers, and does not need "
                    "JavaScript.</p>"
                ),
                heading("Reporting a problem"),
                paragraph(
                    "<p>If you find part of the site hard to use, tell us through the "
                    "contact page and say which page and what went wrong.</p>"
                ),
            ],
        ),
    )
    return pages


def load_settings(pages):
    """Site settings with their defaults, and footer links to the standard pages."""
    if SiteSettings.objects.exists():
        return SiteSettings.objects.get()
    settings = SiteSettings(
        footer_links=[
            ("link", {"label": page.title, "page": page, "url": ""})
            for page in (pages["contact"], pages["privacy"], pages["accessibility"])
        ]
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
