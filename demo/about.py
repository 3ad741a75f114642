"""Demo content for the "Who we are" section: the about page, our history, oversight and
the law, and the frequently asked questions.

The pages link to others of the site where they exist when the section is made. The
report form is made after the sections (demo.core.load_pages), so on a first load the FAQ
reaches it by its address; `refresh()` (--refresh) makes that a link to the page itself.
"""

from django.utils.html import escape
from wagtail.models import Page
from wagtail.rich_text import RichText

from about.models import AboutPage, FAQPage
from careers.roles import CAREERS_SLUG
from demo.core import (
    REPORT_SLUG,
    editors_have_it,
    ensure_child,
    heading,
    named,
    paragraph,
    publish_change,
    stream_content,
)

ABOUT_SLUG = "who-we-are"
HISTORY_SLUG = "our-history"
OVERSIGHT_SLUG = "oversight-and-the-law"
FAQ_SLUG = "frequently-asked-questions"
MISSION_SLUG = "what-we-do"
THREAT_LEVELS_SLUG = "threat-levels"


def link(page, text, *, href=None):
    """Rich text linking `text` to `page`; to `href` without the page; else the words."""
    if page is not None:
        return f'<a linktype="page" id="{page.pk}">{text}</a>'
    if href:
        return f'<a href="{escape(href)}">{text}</a>'
    return text


def top_level(home, slug):
    return Page.objects.child_of(home).filter(slug=slug).first()


def timeline(*entries):
    return (
        "timeline",
        {
            "entries": [
                {"year": year, "title": title, "text": RichText(f"<p>{text}</p>")}
                for year, title, text in entries
            ]
        },
    )


def question(text, answer_html):
    return ("question", {"question": text, "answer": RichText(answer_html)})


def about_page(mission=None):
    return AboutPage(
        title="Who we are",
        show_in_menus=True,
        summary=(
            "The Security Service, known as MI5, has protected the United Kingdom against "
            "threats to its national security since 1909."
        ),
        body=[
            heading("Our name and our motto"),
            paragraph(
                "<p>We began in October 1909 as the home section of the Secret Service "
                "Bureau. In 1916 we took the name MI5, short for Military Intelligence, "
                "section 5. We have been known as MI5 ever since, although officially we are "
                "the Security Service.</p>"
                "<p>Our motto is <em>Regnum Defende</em>, which means “Defend the Realm”. "
                "More than a century on, it still describes the job.</p>"
            ),
            heading("What we do"),
            paragraph(
                "<p>We protect the United Kingdom against threats to its national "
                "security. Parliament set out our role in the Security Service Act 1989: "
                "above all, to guard the country against terrorism, espionage and sabotage, "
                "against the work of agents of foreign powers, and against attempts to "
                "overthrow or undermine parliamentary democracy by political, industrial "
                "or violent means.</p>"
                "<p>Day to day, that means countering terrorism and espionage, defending "
                "against attacks on computer networks, working to stop the spread of "
                "weapons of mass destruction, and advising organisations on how to protect "
                f"their people, sites and information. "
                f"{link(mission, 'Read more about what we do')}.</p>"
            ),
            heading("Where we work"),
            paragraph(
                "<p>Our headquarters is Thames House, in London. More than 5,000 people work "
                "for us, in roles that range from technology specialists and psychologists "
                "to administrators and the business teams that keep the organisation "
                "running.</p>"
            ),
            heading("Who we work with"),
            paragraph(
                "<p>We never work alone. Our closest partners include:</p>"
                "<ul>"
                "<li>the Secret Intelligence Service (SIS) and GCHQ</li>"
                "<li>the police, above all counter-terrorism policing, the Police Service "
                "of Northern Ireland and Police Scotland</li>"
                "<li>the National Crime Agency and Border Force</li>"
                "<li>government departments, and the Home Office most of all</li>"
                "</ul>"
            ),
            heading("Writing to us"),
            paragraph(
                "<p>You can write to us at PO Box 3255, London SW1P 1AE. Please allow time "
                "for your letter to reach us: post sent within the UK can take up to a "
                "week. Never use the post for anything urgent.</p>"
            ),
        ],
    )


def history_page():
    return AboutPage(
        title="Our history",
        summary=(
            "From the section founded in 1909 to a service of more than 5,000 people: the "
            "moments that shaped us."
        ),
        body=[
            paragraph(
                "<p>Our story spans more than a century. The threats we face have changed "
                "many times over those years, and so have the laws that govern us. These "
                "are some of the moments that made us the service we are today.</p>"
            ),
            heading("Our history at a glance"),
            timeline(
                (
                    "1909",
                    "The service is founded",
                    "In October, the Secret Service Bureau set up a home section. That "
                    "section is where our story starts.",
                ),
                (
                    "1916",
                    "The name MI5",
                    "The section became Military Intelligence, section 5: MI5 for short. "
                    "The name has stayed with us ever since.",
                ),
                (
                    "First World War",
                    "Enemy agents caught",
                    "The service identified enemy agents sent to Britain, and they were arrested.",
                ),
                (
                    "Second World War",
                    "The Double-Cross System",
                    "Captured enemy agents were turned and then used to feed the enemy "
                    "misleading information.",
                ),
                (
                    "20th century",
                    "Subversion",
                    "Countering subversion was one of our main tasks for much of the "
                    "century. The threat dropped sharply once the Cold War was over, and "
                    "we no longer do this work.",
                ),
                (
                    "1989",
                    "A role set in law",
                    "The Security Service Act 1989 gave the service a statutory footing "
                    "and set out what it is for.",
                ),
                (
                    "1992",
                    "Irish republican terrorism",
                    "We took the lead for intelligence work against Irish republican "
                    "terrorism in Great Britain.",
                ),
                (
                    "1996",
                    "Helping against serious crime",
                    "The Security Service Act 1996 let us support the police and other law "
                    "enforcement bodies against serious crime. That work is currently "
                    "suspended.",
                ),
                (
                    "2006",
                    "Threat levels made public",
                    "On 1 August, the national threat level was published for the first time.",
                ),
                (
                    "2007",
                    "Northern Ireland",
                    "We took the lead for national security intelligence work in Northern Ireland.",
                ),
                (
                    "2010",
                    "A threat level for Northern Ireland",
                    "The threat level for Northern Ireland-related terrorism was published "
                    "for the first time.",
                ),
                (
                    "2013",
                    "Andrew Parker becomes Director General",
                    "He led the service until 2020.",
                ),
                (
                    "2020",
                    "Ken McCallum becomes Director General",
                    "He has led the service since 2020.",
                ),
            ),
            heading("Our Directors General"),
            paragraph(
                "<p>The Director General leads the service and is answerable for it to the "
                "Home Secretary. Andrew Parker held the post from 2013 to 2020. He was "
                "followed by Ken McCallum, Director General since 2020.</p>"
            ),
        ],
    )


def oversight_page():
    return AboutPage(
        title="Oversight and the law",
        summary=(
            "The laws that set out our work, and the ministers, Parliament, commissioners "
            "and tribunal who hold us to account."
        ),
        body=[
            paragraph(
                "<p>A service that works in secret must still answer for what it does. "
                "Our role is set in law, and others check how we carry it out: a minister, "
                "a committee of Parliament, a commissioner and a tribunal.</p>"
            ),
            heading("Our role in law"),
            paragraph(
                "<p>The Security Service Act 1989 put us on a statutory footing for the "
                "first time. It makes our task the protection of national security, in "
                "particular against terrorism, espionage and sabotage, against the "
                "activities of agents of foreign powers, and against actions meant to "
                "overthrow or undermine parliamentary democracy by political, industrial "
                "or violent means.</p>"
                "<p>A second law, the Security Service Act 1996, allowed us to support the "
                "police and other law enforcement bodies against serious crime. That work "
                "is currently suspended.</p>"
            ),
            heading("Ministers"),
            paragraph(
                "<p>The Director General, who leads the service, is accountable to the Home "
                "Secretary.</p>"
            ),
            heading("Parliament"),
            paragraph(
                "<p>The Intelligence and Security Committee of Parliament oversees our "
                "policy, administration, expenditure and operations. The committee was set "
                "up by the Intelligence Services Act 1994, and the Justice and Security Act "
                "2013 gave it wider powers.</p>"
            ),
            heading("The Investigatory Powers Commissioner"),
            paragraph(
                "<p>Under the Investigatory Powers Act 2016, the Investigatory Powers "
                "Commissioner oversees how we use investigatory powers.</p>"
            ),
            heading("Complaints"),
            paragraph(
                "<p>Complaints about the service are heard by the Investigatory Powers "
                "Tribunal, under the Regulation of Investigatory Powers Act 2000.</p>"
            ),
            heading("Working with partners"),
            paragraph(
                "<p>Much of our work is done alongside others: the Secret Intelligence "
                "Service and GCHQ; the police, notably counter-terrorism policing, the "
                "Police Service of Northern Ireland and Police Scotland; the National "
                "Crime Agency and Border Force; and government departments, the Home "
                "Office above all.</p>"
            ),
        ],
    )


def faq_body(*, oversight=None, mission=None, threat_levels=None, careers=None, report=None):
    """The questions and answers; each page given is linked, the report form in any case
    (by its address while it does not exist yet)."""
    report_link = link(report, "report information online", href=f"/{REPORT_SLUG}/")
    return [
        heading("About us"),
        question(
            "What does MI5 stand for?",
            "<p>Military Intelligence, section 5. We have been called MI5 since 1916, "
            "although our official name is the Security Service.</p>",
        ),
        question(
            "How is MI5 different from SIS and GCHQ?",
            "<p>We protect the United Kingdom against threats to its national security, "
            "working at home and overseas. The Secret Intelligence Service (SIS) gathers "
            "intelligence overseas. SIS and GCHQ are separate organisations from us, and "
            "both are among our closest partners.</p>"
            f"<p>{link(mission, 'Find out more about what we do')}.</p>",
        ),
        question(
            "Who does MI5 answer to?",
            "<p>Our Director General is accountable to the Home Secretary. The "
            "Intelligence and Security Committee of Parliament oversees our policy, "
            "administration, expenditure and operations; the Investigatory Powers "
            "Commissioner oversees how we use investigatory powers; and the Investigatory "
            "Powers Tribunal hears complaints about us. "
            f"{link(oversight, 'Read about oversight and the law')}.</p>",
        ),
        question(
            "Does MI5 investigate ordinary crime?",
            "<p>No. Our work is national security. From 1996 the law allowed us to support "
            "the police against serious crime, but that work is suspended and now sits "
            "with the National Crime Agency. To report a crime, contact the police.</p>",
        ),
        question(
            "How are threat levels set?",
            "<p>The national threat level is set by the Joint Terrorism Analysis Centre "
            "(JTAC). We set the level for Northern Ireland-related terrorism in Northern "
            f"Ireland. {link(threat_levels, 'See the current threat levels')}.</p>",
        ),
        question(
            "Is there a museum, or can I visit?",
            "<p>No. We have no museum and we do not run tours of our buildings.</p>",
        ),
        heading("Getting in touch"),
        question(
            "How do I report information?",
            "<p>If an attack could happen at any moment, or a life is in danger, "
            '<a linktype="phone-setting" id="emergency">call the emergency services</a> '
            "straight away.</p>"
            "<p>If you have seen or heard something that could be linked to terrorism, "
            '<a linktype="phone-setting" id="hotline">call the Anti-Terrorist Hotline</a>. '
            f"You can also {report_link}, and you need not give your name.</p>",
        ),
        question(
            "Do you keep a file on me, and can I ask to see it?",
            "<p>You can ask. We consider every request under the law that governs our "
            "work. Some information can be neither confirmed nor denied, so a reply may "
            "not say whether we hold anything about you.</p>"
            "<p>Write to us at PO Box 3255, London SW1P 1AE. Post sent within the UK can "
            "take up to a week to reach us.</p>",
        ),
        heading("Working for us"),
        question(
            "How do I apply to work for MI5?",
            "<p>Every vacancy we advertise has a role profile that explains the job and "
            "how to apply. "
            f"{link(careers, 'Browse our current vacancies')}.</p>",
        ),
        question(
            "Should I tell people that I have applied?",
            "<p>Be discreet. The fewer people who know about your application, the "
            "better, and we will help you keep it discreet as you go through the "
            "process.</p>",
        ),
    ]


def faq_page(body):
    return FAQPage(
        title="Frequently asked questions",
        summary=(
            "Short answers to the questions we are asked most: who we are, who we answer "
            "to, how to reach us and how to join us."
        ),
        body=body,
    )


def linked_pages(home, about, report=None):
    """The pages the FAQ links to, as they stand now."""
    return {
        "oversight": Page.objects.child_of(about).filter(slug=OVERSIGHT_SLUG).first(),
        "mission": top_level(home, MISSION_SLUG),
        "threat_levels": top_level(home, THREAT_LEVELS_SLUG),
        "careers": top_level(home, CAREERS_SLUG),
        "report": report,
    }


def load(home):
    about, _created = ensure_child(
        home, ABOUT_SLUG, lambda: about_page(top_level(home, MISSION_SLUG))
    )
    if not isinstance(about, AboutPage):
        return None  # editors made something else of /who-we-are/: leave it alone
    ensure_child(about, HISTORY_SLUG, history_page)
    ensure_child(about, OVERSIGHT_SLUG, oversight_page)
    return about


def load_last(home):
    """The FAQ, once the pages it links to (the report form among them) exist."""
    about = top_level(home, ABOUT_SLUG)
    if about is None or not isinstance(about.specific, AboutPage):
        return
    pages = linked_pages(home, about, top_level(home, REPORT_SLUG))
    ensure_child(about, FAQ_SLUG, lambda: faq_page(faq_body(**pages)))


def refresh(home, report):
    """A FAQ page made before the report form existed links to the form by its address:
    it links to the page itself, where editors have not changed it."""
    about = top_level(home, ABOUT_SLUG)
    report_page = top_level(home, REPORT_SLUG)
    faq = Page.objects.child_of(about).filter(slug=FAQ_SLUG).first() if about else None
    faq = faq.specific if faq is not None else None
    if not isinstance(faq, FAQPage) or report_page is None:
        return
    pages = linked_pages(home, about)
    before = stream_content(FAQPage(body=faq_body(**pages)).body)
    if stream_content(faq.body) != before:
        return  # linked already, or changed by editors
    if editors_have_it(faq):
        report(f"Left {named(faq)} alone: editors are working on it.")
        return
    faq.body = faq_body(**{**pages, "report": report_page})
    publish_change(faq, report, "it links to the report form")
