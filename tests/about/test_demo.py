"""The demo's "Who we are" section: made once, whole, in the project's words, and linked
to the report form once that exists."""

import json
import re

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page
from wagtail.rich_text import RichText

from about.models import AboutPage, FAQPage
from core.models import StandardPage
from demo import about as demo_about
from demo import threats as demo_threats
from demo.core import REPORT_SLUG, load_pages
from tests import factories
from tests.conftest import building_for_the_module

pytestmark = pytest.mark.usefixtures("site_for_the_module")

SECTION = "/who-we-are/"
HISTORY = "/who-we-are/our-history/"
OVERSIGHT = "/who-we-are/oversight-and-the-law/"
FAQ = "/who-we-are/frequently-asked-questions/"


def load_section(home):
    """What load_demo_content does: the section among the others, the FAQ once the pages
    it links to exist."""
    section = demo_about.load(home)
    demo_about.load_last(home)
    return section


def load_with_what_it_links_to(home):
    demo_threats.load(home)  # what the section links to: what we do, the threat levels
    return load_section(home)


@pytest.fixture
def loaded(home):
    """The section, loaded by the test itself (TestTheLoadedSection shares one load)."""
    return load_with_what_it_links_to(home)


def tree():
    return sorted(
        Page.objects.filter(url_path__contains="/who-we-are/").values_list(
            "pk", "url_path", "title", "content_type__model", "live", "latest_revision_id"
        )
    )


def article_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser").select_one(
        "article.content-layout__main"
    )


def faq_answers(client):
    soup = BeautifulSoup(client.get(FAQ).content.decode(), "html.parser")
    script = next(
        s for s in soup.head.find_all("script", type="application/ld+json") if "FAQPage" in s.string
    )
    return {
        entry["name"]: entry["acceptedAnswer"]["text"]
        for entry in json.loads(script.string)["mainEntity"]
    }


def answer_sources(faq):
    """The FAQ's answers as stored (Wagtail's database format), one after the other."""
    return "".join(
        child.value["answer"].source for child in faq.body if child.block_type == "question"
    )


def test_the_section_is_made_once(home, loaded):
    made = tree()

    again = load_section(home)

    assert again.pk == loaded.pk
    assert tree() == made
    assert [url for _pk, url, *_rest in made] == [
        "/test-home/who-we-are/",
        "/test-home/who-we-are/our-history/",
        "/test-home/who-we-are/oversight-and-the-law/",
        "/test-home/who-we-are/frequently-asked-questions/",
    ]
    assert {(model, live) for _pk, _url, _title, model, live, _rev in made} == {
        ("aboutpage", True),
        ("faqpage", True),
    }


class TestTheLoadedSection:
    """What the section says, and what --refresh makes of it: these tests share one load of
    it (and of what it links to), made once for the class, and change it only in their
    own savepoints. Being a class, that load ends with them: the module's other tests
    start without a section."""

    @pytest.fixture(scope="class")
    @classmethod
    def section_pk(cls, site_for_the_module, django_db_blocker):
        with building_for_the_module(site_for_the_module, django_db_blocker) as site:
            yield load_with_what_it_links_to(site["home"]).pk

    @pytest.fixture
    def loaded(self, db, section_pk):
        """The section loaded for the class, afresh: a test may change it."""
        return AboutPage.objects.get(pk=section_pk)

    def test_the_section_is_in_the_menu_and_every_page_has_a_summary(self, loaded):
        assert loaded.show_in_menus and loaded.title == "Who we are"
        for page in [loaded, *loaded.get_children().specific()]:
            assert len(page.summary) > 40, page.title

    @pytest.mark.parametrize("url", [SECTION, HISTORY, OVERSIGHT, FAQ])
    def test_every_page_says_enough(self, client, loaded, url):
        article = article_of(client, url)
        # What the page says, not the lists that lead to it.
        for navigation in article.select(".faq-contents, .faq-item__back, .signposts"):
            navigation.decompose()
        words = re.findall(r"\w+", article.get_text(" "))

        assert len(words) >= 250, (url, len(words))

    def test_the_section_page_covers_who_we_are(self, client, loaded):
        text = article_of(client, SECTION).get_text(" ")

        for fact in [
            "October 1909",
            "Secret Service Bureau",
            "1916",
            "Military Intelligence, section 5",
            "Regnum Defende",
            "Defend the Realm",
            "Thames House",
            "5,000",
            "Security Service Act 1989",
            "GCHQ",
            "Police Scotland",
            "Border Force",
            "Home Office",
            "PO Box 3255",
        ]:
            assert fact in text, fact
        signposts = [
            a.get_text()
            for a in article_of(client, SECTION).select(".signpost-list .signpost__link")
        ]
        assert signposts == ["Our history", "Oversight and the law", "Frequently asked questions"]

    def test_the_history_is_a_timeline_in_order(self, client, loaded):
        article = article_of(client, HISTORY)

        years = [y.get_text() for y in article.select("ol.timeline-list > li .timeline-list__year")]
        assert years == [
            "1909",
            "1916",
            "First World War",
            "Second World War",
            "20th century",
            "1989",
            "1992",
            "1996",
            "2006",
            "2007",
            "2010",
            "2013",
            "2020",
        ]
        numbers = [int(year) for year in years if year.isdigit()]
        assert numbers == sorted(numbers)
        text = article.get_text(" ")
        for fact in ["Double-Cross", "Cold War", "Andrew Parker", "Ken McCallum", "1 August"]:
            assert fact in text, fact

    def test_the_oversight_page_names_who_holds_us_to_account(self, client, loaded):
        text = article_of(client, OVERSIGHT).get_text(" ")

        for fact in [
            "Home Secretary",
            "Intelligence and Security Committee of Parliament",
            "Intelligence Services Act 1994",
            "Justice and Security Act 2013",
            "Investigatory Powers Commissioner",
            "Investigatory Powers Act 2016",
            "Investigatory Powers Tribunal",
            "Regulation of Investigatory Powers Act 2000",
            "Security Service Act 1989",
            "Security Service Act 1996",
        ]:
            assert fact in text, fact

    def test_the_faq_answers_every_topic(self, client, loaded):
        answers = faq_answers(client)

        assert len(answers) == 10
        assert "gathers intelligence overseas" in answers["How is MI5 different from SIS and GCHQ?"]
        assert "Home Secretary" in answers["Who does MI5 answer to?"]
        assert answers["Does MI5 investigate ordinary crime?"].startswith("No.")
        assert "No." in answers["Is there a museum, or can I visit?"]
        assert "Joint Terrorism Analysis Centre" in answers["How are threat levels set?"]
        assert "discreet" in answers["Should I tell people that I have applied?"]
        assert (
            "neither confirmed nor denied"
            in answers["Do you keep a file on me, and can I ask to see it?"]
        )
        report = answers["How do I report information?"]
        assert "(999)" in report and "(0800 789 321)" in report

    def test_reporting_links_to_the_numbers_and_the_form(self, client, loaded):
        article = article_of(client, FAQ)
        item = next(
            item
            for item in article.select(".faq-item")
            if item.select_one(".faq-item__question").get_text() == "How do I report information?"
        )
        answer = item.select_one(".faq-item__answer")

        hrefs = [a["href"] for a in answer.find_all("a")]
        assert hrefs == ["tel:999", "tel:0800789321", f"/{REPORT_SLUG}/"]
        # The other answers link to the pages they mention.
        links = {a["href"] for a in article.select(".faq-item__answer a")}
        assert {"/what-we-do/", "/threat-levels/", "/careers/", OVERSIGHT} <= links

    def test_refresh_links_the_faq_to_the_report_form_page(self, home, loaded):
        messages = []
        report_page = load_pages(home)["report"]

        demo_about.refresh(home, messages.append)

        faq = FAQPage.objects.get(slug="frequently-asked-questions")
        assert f'<a linktype="page" id="{report_page.pk}">' in answer_sources(faq)
        assert f'href="/{REPORT_SLUG}/"' not in answer_sources(faq)
        assert faq.live and not faq.has_unpublished_changes
        assert messages == [f"Refreshed “{faq.title}” ({faq.url}): it links to the report form."]

        revision = faq.latest_revision_id
        demo_about.refresh(home, messages.append)  # nothing more to do
        assert FAQPage.objects.get(pk=faq.pk).latest_revision_id == revision
        assert len(messages) == 1

    def test_refresh_leaves_a_changed_faq_alone(self, home, loaded):
        faq = FAQPage.objects.get(slug="frequently-asked-questions")
        faq.body = [("question", {"question": "Edited?", "answer": RichText("<p>Yes.</p>")})]
        faq.save_revision().publish()
        load_pages(home)
        revision = FAQPage.objects.get(pk=faq.pk).latest_revision_id

        demo_about.refresh(home, [].append)

        assert FAQPage.objects.get(pk=faq.pk).latest_revision_id == revision

    def test_refresh_leaves_a_faq_with_a_draft_alone(self, home, loaded):
        faq = FAQPage.objects.get(slug="frequently-asked-questions")
        faq.title = "A draft title"
        faq.save_revision()  # a draft, not published
        load_pages(home)
        messages = []

        demo_about.refresh(home, messages.append)

        faq = FAQPage.objects.get(pk=faq.pk)
        assert f'href="/{REPORT_SLUG}/"' in answer_sources(faq)
        assert faq.get_latest_revision_as_object().title == "A draft title"
        assert messages == [
            f"Left “Frequently asked questions” ({faq.url}) alone: editors are working on it."
        ]


def test_a_section_loaded_after_the_report_form_links_to_it_at_once(home):
    report_page = load_pages(home)["report"]

    load_section(home)

    faq = FAQPage.objects.get(slug="frequently-asked-questions")
    assert f'<a linktype="page" id="{report_page.pk}">' in answer_sources(faq)


def test_a_page_editors_made_at_the_address_is_left_alone(home):
    theirs = factories.standard_page(home, "Who we are", slug="who-we-are")
    factories.standard_page(theirs, "Our team")

    assert load_section(home) is None

    assert not AboutPage.objects.exists()
    assert not FAQPage.objects.exists()
    assert StandardPage.objects.get(pk=theirs.pk).title == "Who we are"


def test_an_earlier_placeholder_gives_way_to_the_section(home):
    factories.standard_page(home, "Who we are", slug="who-we-are")

    section = load_section(home)

    assert isinstance(section, AboutPage)
    assert section.get_children().count() == 3
