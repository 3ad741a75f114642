import pytest
from wagtail.rich_text import RichText

from about.models import AboutPage, FAQPage
from demo.about import timeline  # noqa: F401 (the tests build timelines as the demo does)
from demo.core import heading  # noqa: F401
from tests import factories


def question(text, answer="<p>An answer.</p>"):
    return ("question", {"question": text, "answer": RichText(answer)})


def about_page(parent, title, *, slug=None, live=True, **fields):
    page = AboutPage(title=title, slug=slug or title.lower().replace(" ", "-"), **fields)
    parent.add_child(instance=page)
    if live:
        page.save_revision().publish()
    else:
        page.live = False
        page.save_revision()
        page.save()
    return page


def faq_page(parent, title="Questions", *, slug="questions", body=(), **fields):
    return factories.publish_child(
        parent, FAQPage(title=title, slug=slug, body=list(body), **fields)
    )


@pytest.fixture
def about(sections):
    """Who we are, with a history page (a timeline) and an FAQ page."""
    section = about_page(
        sections["home"],
        "Who we are",
        slug="who-we-are",
        show_in_menus=True,
        summary="About the service.",
    )
    history = about_page(
        section,
        "Our history",
        summary="The moments that shaped us.",
        body=[
            timeline(
                ("1909", "Founded", "The section is set up."),
                ("Second World War", "Double-Cross", "Agents are turned."),
                ("1989", "A law of its own", "The Act is passed."),
            )
        ],
    )
    faq = faq_page(
        section,
        "Frequently asked questions",
        slug="faq",
        summary="Answers.",
        body=[question("Is there a museum?", "<p>No, there is none.</p>")],
    )
    return {"section": section, "history": history, "faq": faq}
