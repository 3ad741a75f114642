"""The threat category pages: full sections, related pages, and a sidebar with the other
categories and the threat level; `--refresh` brings one-paragraph pages up to date."""

import io
import re
from html import unescape

import pytest
from django.core.management import call_command
from wagtail.models import Page, PageViewRestriction, Revision

from demo import threats as demo_threats
from news.models import NewsArticlePage
from tests import factories
from threats.models import Scope, ThreatCategoryPage, ThreatLevelSettings


@pytest.fixture(autouse=True)
def demo(demo_for_the_module, db):
    """The demo content, loaded once for this module (tests/conftest.py)."""


SLUGS = [slug for slug, _title, _summary in demo_threats.CATEGORIES]
TITLES = [title for _slug, title, _summary in demo_threats.CATEGORIES]
SECTIONS = ["What the threat is", "How we work against it", "What you can do"]
BUDGET = 12
CALL_999 = {"counter-terrorism", "counter-espionage", "cyber", "protective-security"}
CALL_THE_HOTLINE = {"counter-terrorism", "protective-security"}


def html_of(client, slug):
    response = client.get(f"/what-we-do/{slug}/")
    assert response.status_code == 200
    return response.content.decode()


def article(html):
    return html[html.index('<article class="content-layout__main">') : html.index("</article>")]


def sidebar(html):
    return html[html.index('<aside class="sidebar"') : html.index("</aside>")]


def words(html):
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    return re.findall(r"[\w’'-]+", text)


def category(slug):
    return ThreatCategoryPage.objects.get(slug=slug)


def load_demo(*args):
    out = io.StringIO()
    call_command("load_demo_content", *args, stdout=out)
    return out.getvalue()


def revisions_of(page):
    return Revision.objects.for_instance(page).count()


@pytest.mark.parametrize("slug", SLUGS)
def test_each_demo_category_is_a_full_page_in_three_sections(client, slug):
    main = article(html_of(client, slug))

    assert len(words(main)) >= 300
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", main)
    assert headings[:3] == SECTIONS
    # Each says how to report: through the form, and by the numbers (from the site
    # settings) where they fit the threat.
    assert '<a href="/report-information/">' in main
    assert ('href="tel:999"' in main) == (slug in CALL_999)
    assert ('href="tel:0800789321"' in main) == (slug in CALL_THE_HOTLINE)


def test_counter_terrorism_gives_both_numbers_from_the_settings(client):
    main = article(html_of(client, "counter-terrorism"))

    assert '<a class="phone-number__link" href="tel:999">999</a>' in main
    assert '<a class="phone-number__link" href="tel:0800789321">0800 789 321</a>' in main
    assert "Police Service of Northern Ireland" in main
    assert "Counter Terrorism Group" in main


def test_related_links_go_to_the_demo_articles_roles_and_transcripts(client):
    terrorism = article(html_of(client, "counter-terrorism"))
    cyber = article(html_of(client, "cyber"))
    protective = article(html_of(client, "protective-security"))

    related = terrorism[terrorism.index('id="related-heading"') :]
    assert 'href="/news/director-general-andrew-parker-speech-october-2017/"' in related
    assert 'href="/video-transcripts/being-mi5/">Being MI5 (video transcript)</a>' in related
    role = "technology-graduate-development-programme-technology-and-specialist-roles"
    assert f'href="/careers/{role}/"' in cyber
    assert f'href="/video-transcripts/{role}/"' in cyber
    assert 'href="/careers/alex-business-enabler/"' in protective


def test_a_related_link_to_a_page_no_longer_live_is_left_out(client):
    speech = NewsArticlePage.objects.get(slug="director-general-andrew-parker-speech-october-2017")
    speech.unpublish()

    main = article(html_of(client, "counter-terrorism"))

    assert "andrew-parker-speech" not in main
    assert 'href="/video-transcripts/being-mi5/"' in main

    page = category("counter-espionage")
    page.related_links = [
        ("link", {"label": "Gone", "page": speech, "url": ""}),
    ]
    page.save_revision().publish()
    assert 'id="related-heading"' not in article(html_of(client, "counter-espionage"))


def test_a_related_link_to_a_page_behind_a_login_is_left_out(client):
    speech = NewsArticlePage.objects.get(slug="director-general-andrew-parker-speech-october-2017")
    PageViewRestriction.objects.create(page=speech, restriction_type="login")

    main = article(html_of(client, "counter-terrorism"))

    assert "andrew-parker-speech" not in main
    assert 'href="/video-transcripts/being-mi5/"' in main


@pytest.mark.parametrize("slug", SLUGS)
def test_sidebar_lists_every_category_and_marks_this_one(client, slug):
    aside = sidebar(html_of(client, slug))

    listed = re.findall(r'<a href="/what-we-do/([^/]+)/"( aria-current="page")?>([^<]+)</a>', aside)
    assert [title for _slug, _current, title in listed] == TITLES
    assert [found for found, current, _title in listed if current] == [slug]


def test_sidebar_shows_the_current_level_and_follows_a_change(client):
    aside = sidebar(html_of(client, "cyber"))
    assert "SUBSTANTIAL" in aside
    assert "This means an attack is likely." in aside
    assert '<a href="/threat-levels/">What the threat levels mean</a>' in aside

    ThreatLevelSettings.load().change(Scope.NATIONAL, "SEVERE")

    aside = sidebar(html_of(client, "cyber"))
    assert "SEVERE" in aside
    assert "SUBSTANTIAL" not in aside
    assert "This means an attack is highly likely." in aside


def test_kept_sidebar_follows_a_change_of_level_and_an_unpublished_category(
    client, settings, commits_at_once
):
    settings.SERVING_KEEP_IN_PROCESS = True
    assert "SUBSTANTIAL" in sidebar(html_of(client, "cyber"))
    assert "Counter-proliferation" in sidebar(html_of(client, "cyber"))

    ThreatLevelSettings.load().change(Scope.NATIONAL, "SEVERE")
    category("counter-proliferation").unpublish()

    aside = sidebar(html_of(client, "cyber"))
    assert "SEVERE" in aside
    assert "Counter-proliferation" not in aside
    assert "Counter-proliferation" not in client.get("/what-we-do/").content.decode()


def test_a_draft_category_is_not_listed_in_the_sidebar(client):
    mission = Page.objects.get(slug="what-we-do")
    factories.threat_category(mission, "Secret draft").unpublish()

    assert "Secret draft" not in sidebar(html_of(client, "cyber"))


def test_sidebar_without_a_threat_levels_page_still_shows_the_level(client):
    Page.objects.get(slug="threat-levels").unpublish()

    aside = sidebar(html_of(client, "cyber"))

    assert "SUBSTANTIAL" in aside
    assert "What the threat levels mean" not in aside


@pytest.mark.parametrize("slug", ["counter-terrorism", "cyber"])
def test_a_category_page_stays_within_the_budget(client, slug, django_assert_max_num_queries):
    client.get(f"/what-we-do/{slug}/")  # warms Wagtail's cache of site root paths

    with django_assert_max_num_queries(BUDGET):
        response = client.get(f"/what-we-do/{slug}/")

    assert response.status_code == 200


def test_the_budget_does_not_grow_with_categories_and_links(client, django_assert_max_num_queries):
    mission = Page.objects.get(slug="what-we-do")
    links = [
        ("link", {"label": page.title, "page": page, "url": ""})
        for page in NewsArticlePage.objects.all()
    ]
    for number in range(20):
        factories.threat_category(mission, f"Category {number}", related_links=links)
    client.get("/what-we-do/category-7/")

    with django_assert_max_num_queries(BUDGET):
        response = client.get("/what-we-do/category-7/")

    assert response.status_code == 200
    assert "Category 19" in sidebar(response.content.decode())


# --refresh


def make_one_paragraph(slug):
    """The category as earlier versions of the demo left it."""
    page = category(slug)
    page.body = demo_threats.one_paragraph_body(slug)
    page.related_links = []
    page.save_revision().publish()
    return category(slug)


def test_refresh_gives_a_one_paragraph_category_its_sections(client):
    page = make_one_paragraph("counter-terrorism")
    assert "What the threat is" not in article(html_of(client, "counter-terrorism"))
    before = revisions_of(page)

    output = load_demo("--refresh")

    assert "Refreshed “Counter-terrorism” (/what-we-do/counter-terrorism/)" in output
    page = category("counter-terrorism")
    assert revisions_of(page) == before + 1
    assert not page.has_unpublished_changes
    main = article(html_of(client, "counter-terrorism"))
    assert len(words(main)) >= 300
    assert 'href="/video-transcripts/being-mi5/"' in main
    # The other categories were already up to date.
    assert "Counter-espionage" not in output


def test_refresh_keeps_the_related_links_editors_chose(client):
    page = make_one_paragraph("cyber")
    page.related_links = [
        ("link", {"label": "Elsewhere", "page": None, "url": "https://example.org/"})
    ]
    page.save_revision().publish()

    load_demo("--refresh")

    main = article(html_of(client, "cyber"))
    assert "What the threat is" in main
    assert '<a href="https://example.org/">Elsewhere</a>' in main
    assert "/careers/" not in main


def test_refresh_leaves_a_category_editors_changed_alone(client):
    page = category("counter-espionage")
    page.body = [("paragraph", "<p>Editors wrote this.</p>")]
    page.save_revision().publish()
    before = revisions_of(page)

    output = load_demo("--refresh")

    assert (
        "Left “Counter-espionage” (/what-we-do/counter-espionage/) alone: editors have changed it."
        in output
    )
    assert revisions_of(page) == before
    assert "Editors wrote this." in article(html_of(client, "counter-espionage"))


def test_refresh_leaves_a_one_paragraph_category_with_a_draft_alone(client):
    page = make_one_paragraph("counter-proliferation")
    page.title = "Counter-proliferation (draft)"
    page.save_revision()
    before = revisions_of(page)

    output = load_demo("--refresh")

    assert (
        "Left “Counter-proliferation” (/what-we-do/counter-proliferation/) alone: "
        "editors are working on it." in output
    )
    assert revisions_of(page) == before
    assert "What the threat is" not in article(html_of(client, "counter-proliferation"))


def test_refresh_of_a_new_demo_changes_no_category():
    counts = {slug: revisions_of(category(slug)) for slug in SLUGS}

    output = load_demo("--refresh")

    assert {slug: revisions_of(category(slug)) for slug in SLUGS} == counts
    assert "what-we-do" not in output
