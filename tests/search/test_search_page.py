"""The search page: word forms, partial words, synonyms, corrections, kinds, dates,
highlights, starting points; and the index and vocabulary after each change."""

import datetime
import re

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from careers.models import RoleProfilePage
from search.models import SearchSettings, Synonym
from tests import factories

pytestmark = pytest.mark.usefixtures("site_for_the_module")


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.content.decode()


def result_titles(html):
    if '<ol class="card-list search-results"' not in html:
        return []
    results = html[html.index('<ol class="card-list search-results"') :]
    results = results[: results.index("</ol>")]
    return re.findall(r'class="card__title"><a href="[^"]+">([^<]+)</a>', results)


def correction(html):
    found = re.search(r'<p class="search-correction">(.*?)</p>', html, re.S)
    return " ".join(re.sub(r"<[^>]+>", "", found.group(1)).split()) if found else ""


@pytest.fixture
def pages(sections):
    home = sections["home"]
    mission = factories.mission_page(home)
    factories.threat_category(
        mission, "Counter-terrorism", summary="How we work against terrorists."
    )
    factories.threat_category(mission, "Counter-espionage", summary="Foreign intelligence.")
    careers = factories.careers_index(home)
    factories.role_profile(
        careers,
        "Intelligence officer",
        summary="Investigate threats.",
        locations=[factories.career_location("Manchester")],
        salary_text="£32,000 a year",
        salary_minimum=32000,
    )
    factories.standard_page(home, "Vetting explained", summary="What vetting involves.")
    return sections


# A query and a title among its first three results; asked in one test (pages built once).
FOUND_AMONG_THE_FIRST = {
    "terror": "Counter-terrorism",  # a word form
    "terrorists": "Counter-terrorism",
    "vet": "Vetting explained",  # the last word as a prefix
    "vetting involve": "Vetting explained",
    "manchester": "Intelligence officer",  # a role by its location
    "32000": "Intelligence officer",  # ... its salary
    "salary": "Intelligence officer",
}


def test_word_forms_partial_words_and_role_facts_are_found(client, pages):
    first_three = {
        query: result_titles(search(client, q=query))[:3] for query in FOUND_AMONG_THE_FIRST
    }

    assert {
        query: titles
        for query, titles in first_three.items()
        if FOUND_AMONG_THE_FIRST[query] not in titles
    } == {}


def test_a_role_leaves_search_at_its_closing_time(client, pages):
    """It left the careers listings by itself but stayed in search, unmarked."""
    role = RoleProfilePage.objects.get(title="Intelligence officer")
    assert "Intelligence officer" in result_titles(search(client, q="manchester"))

    role.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    role.save_revision().publish()

    html = search(client, q="manchester")
    assert "Intelligence officer" not in result_titles(html)
    assert "Intelligence officer" not in result_titles(search(client, q="manchester", kind="roles"))


def test_a_closed_role_leaves_the_results_editors_promote_too(client, pages):
    """Found by an editors' probe: promoted when it was open, it stayed at the top."""
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    role = RoleProfilePage.objects.get(title="Intelligence officer")
    SearchPromotion.objects.create(query=Query.get("jobs"), page=role, sort_order=0)
    assert "promoted-heading" in search(client, q="jobs")

    role.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    role.save_revision().publish()

    assert "promoted-heading" not in search(client, q="jobs")


def test_an_article_dated_ahead_is_found_from_its_day(client, pages):
    """It was left out of the listings, the feeds and the sitemap, but search listed it
    with its date to come."""
    news = factories.news_index(pages["home"])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    article = factories.news_article(news, "Harbour security review", tomorrow)
    factories.news_article(news, "Harbour patrols announced", timezone.localdate())

    for kind in (None, "news"):
        titles = result_titles(search(client, q="harbour", **({"kind": kind} if kind else {})))
        assert titles == ["Harbour patrols announced"]

    article.published_date = timezone.localdate()
    article.save_revision().publish()
    assert "Harbour security review" in result_titles(search(client, q="harbour"))


def test_synonyms_editors_keep_are_used(client, pages):
    assert "Counter-espionage" not in result_titles(search(client, q="spies"))

    Synonym.objects.create(word="spies", means="espionage")

    assert result_titles(search(client, q="spies"))[0] == "Counter-espionage"
    assert result_titles(search(client, q="spy"))[0] == "Counter-espionage"  # same stem


def test_a_new_synonym_shows_on_the_next_search_where_results_are_kept(client, pages, kept):
    assert "Counter-espionage" not in result_titles(search(client, q="spies"))

    Synonym.objects.create(word="spies", means="espionage")

    assert "Counter-espionage" in result_titles(search(client, q="spies"))


def test_a_clear_correction_shows_its_results_and_links_to_the_words_typed(client, pages):
    html = search(client, q="terorism")

    assert correction(html).startswith("Showing results for terrorism.")
    assert 'href="?q=terorism&amp;exact=1"' in html
    assert result_titles(html)[0] == "Counter-terrorism"

    exact = search(client, q="terorism", exact="1")
    assert result_titles(exact) == []
    assert correction(exact) == "Did you mean terrorism?"
    assert 'href="?q=terrorism"' in exact


def test_an_unclear_correction_is_only_suggested(client, sections):
    factories.standard_page(sections["home"], "Boat patrol")
    factories.standard_page(sections["home"], "Bolt cutters")

    html = search(client, q="bot")

    assert correction(html) in ("Did you mean boat?", "Did you mean bolt?")
    assert result_titles(html) == []
    assert "No pages matched your search" in html


def test_a_correction_that_takes_out_what_was_typed_is_only_suggested(client, sections):
    factories.standard_page(sections["home"], "Done deals")

    html = search(client, q="drone")

    assert correction(html) == "Did you mean done?"
    assert result_titles(html) == []


def test_words_past_the_most_a_search_takes_are_said_to_be_left_out(client, sections):
    factories.standard_page(sections["home"], "Cyber security")
    filler = " ".join(f"word{letter}" for letter in "abcdefghijkl")  # twelve words

    html = search(client, q=f"{filler} cyber")

    assert "Searches take the first words only: “cyber” was left out." in html
    assert "left out" not in search(client, q="cyber security")


def test_a_long_query_is_cut_between_words(client, sections):
    """At most 200 characters are searched for: a query cut inside a word named half a
    word as left out ("terr")."""
    cut = search(client, q="terror " * 400)
    one_word = search(client, q="x" * 300)

    left_out = re.search(r"“([^”]*)” were left out", cut).group(1)
    assert set(left_out.split()) == {"terror"}
    assert "x" * 200 in one_word and "x" * 201 not in one_word


def test_a_page_unpublished_leaves_the_results_and_the_suggestions(client, sections):
    page = factories.standard_page(sections["home"], "Quartermaster stores")
    assert correction(search(client, q="quartermastr")).startswith(
        "Showing results for quartermaster"
    )

    page.unpublish()

    html = search(client, q="quartermastr")
    assert correction(html) == ""
    assert "Quartermaster stores" not in html
    assert "Quartermaster stores" not in search(client, q="quartermaster")


def test_a_private_page_is_neither_found_nor_suggested(client, sections):
    page = factories.standard_page(sections["home"], "Cipher room")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    assert result_titles(search(client, q="cipher")) == []
    assert correction(search(client, q="ciphr")) == ""


def test_a_page_made_private_leaves_the_results_where_they_are_kept(client, sections, kept):
    page = factories.standard_page(sections["home"], "Cipher room")
    assert result_titles(search(client, q="cipher")) == ["Cipher room"]
    assert result_titles(search(client, q="room")) == ["Cipher room"]

    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    assert result_titles(search(client, q="cipher")) == []
    assert result_titles(search(client, q="room")) == []


def test_an_edit_published_shows_at_the_next_search(client, sections, kept):
    page = factories.standard_page(sections["home"], "Harbour watch")
    assert result_titles(search(client, q="harbour")) == ["Harbour watch"]
    assert result_titles(search(client, q="watch")) == ["Harbour watch"]  # its card kept

    page.title = "Airfield watch"
    page.save_revision().publish()

    assert result_titles(search(client, q="harbour")) == []
    assert result_titles(search(client, q="airfield")) == ["Airfield watch"]
    assert result_titles(search(client, q="watch")) == ["Airfield watch"]  # a new card


@pytest.fixture
def articles(sections):
    index = factories.news_index(sections["home"])
    for number, kind in enumerate(["news", "blog", "speech", "speech"]):
        factories.news_article(
            index,
            f"Lantern {kind} {number}",
            datetime.date(2024, 3, 1 + number),
            kind=kind,
            summary=f"About the <lantern> {number}.",
        )
    factories.standard_page(sections["home"], "Lantern policy", summary="Lanterns at work.")
    return sections


def test_each_result_says_its_kind_and_only_its_own_date(client, articles):
    html = search(client, q="lantern")

    def card(title):
        start = html.rindex('<li class="card', 0, html.index(f">{title}</a>"))
        return html[start : html.index("</li>", start)]

    assert "Speech" in card("Lantern speech 2")
    assert '<time datetime="2024-03-03">' in card("Lantern speech 2")
    assert "Blog post" in card("Lantern blog 1")
    assert "News article" in card("Lantern news 0")
    assert "Page" in card("Lantern policy")
    assert "<time" not in card("Lantern policy")


def test_matched_words_are_marked_in_escaped_summaries(client, articles):
    html = search(client, q="lantern")

    assert "About the &lt;<mark>lantern</mark>&gt; 2." in html
    assert "<mark>Lanterns</mark> at work." in html
    assert "<lantern>" not in html


def test_kept_cards_mark_each_search_s_own_words(client, articles, kept):
    assert "<mark>Lanterns</mark> at work." in search(client, q="lantern")
    assert "<mark>Lanterns</mark> at <mark>work</mark>." in search(client, q="lantern work")
    assert "<mark>Lanterns</mark> at work." in search(client, q="lantern unknownword")


def test_kinds_are_filter_links_with_counts_that_keep_the_query(client, articles):
    html = search(client, q="lantern")
    kinds = html[
        html.index('class="search-kinds"') : html.index(
            "</nav>", html.index('class="search-kinds"')
        )
    ]

    assert '<a href="?q=lantern" aria-current="page">All (5)</a>' in kinds
    assert '<a href="?q=lantern&amp;kind=speech">Speeches (2)</a>' in kinds
    assert "News articles (1)" in kinds and "Blog posts (1)" in kinds and "Pages (1)" in kinds

    speeches = search(client, q="lantern", kind="speech")
    assert sorted(result_titles(speeches)) == ["Lantern speech 2", "Lantern speech 3"]
    assert "2 results</h2>" in speeches
    assert 'href="?q=lantern&amp;kind=speech" aria-current="page"' in speeches


@pytest.mark.parametrize("kind", ["nonsense", "transcript"])
def test_a_kind_unknown_or_of_no_result_shows_every_result(client, articles, kind):
    html = search(client, q="lantern", kind=kind)

    assert len(result_titles(html)) == 5
    assert "5 results</h2>" in html
    assert '<a href="?q=lantern" aria-current="page">All (5)</a>' in html


def test_pagination_keeps_the_query_and_the_kind(client, sections):
    for number in range(12):
        factories.standard_page(sections["home"], f"Beacon {number}")

    html = search(client, q="beacon", kind="page")

    assert 'href="?q=beacon&amp;kind=page&amp;page=2"' in html
    second = search(client, q="beacon", kind="page", page="2")
    assert len(result_titles(second)) == 2
    # Each view has a title of its own (WCAG 2.4.2).
    assert "<title>Search results for “beacon”: Pages | " in html
    assert "<title>Search results for “beacon”: Pages, page 2 of 2 | " in second
    assert "<title>Search results for “beacon” | " in search(client, q="beacon")
    # A number that is no page number shows the first page, one past the last the last;
    # numbers the listings refuse ("0", "01", a full-width "２") are not read as others.
    first = "<title>Search results for “beacon”: Pages | "
    for number in ("0", "-1", "abc", "01", "1.5", "\uff12", "\u0663", "²"):
        assert first in search(client, q="beacon", kind="page", page=number), number
    assert "page 2 of 2" in search(client, q="beacon", kind="page", page="99999")


def test_an_empty_query_shows_the_starting_points_editors_chose(client, sections):
    chosen = factories.standard_page(sections["home"], "Report information")
    hidden = factories.standard_page(sections["home"], "Old form")
    settings = SearchSettings.load()
    settings.starting_points = [
        ("page", {"page": chosen, "title": "", "text": "Tell us in confidence."}),
        ("page", {"page": hidden, "title": "", "text": "Gone."}),
    ]
    settings.save()
    hidden.unpublish()

    html = search(client, q="")

    assert '<a class="signpost__link" href="/report-information/">Report information</a>' in html
    assert "Tell us in confidence." in html
    assert "Old form" not in html
    assert "results</h2>" not in html


def test_a_search_that_finds_nothing_offers_the_starting_points(client, sections):
    """Found by an audit: a search with no results left the visitor with nowhere to go."""
    chosen = factories.standard_page(sections["home"], "Report information")
    settings = SearchSettings.load()
    settings.starting_points = [("page", {"page": chosen, "title": "", "text": "In confidence."})]
    settings.save()

    nothing = search(client, q="xylophonist")
    found = search(client, q="report information")

    assert "0 results</h2>" in nothing
    assert "Or start from one of these</h2>" in nothing
    assert '<a class="signpost__link" href="/report-information/">' in nothing
    assert "signpost__link" not in found  # results found: the starting points are not in the way


BAD_INPUT = [
    {"q": "lantern", "kind": "x" * 500},
    {"q": "lantern", "exact": "\x00"},
    {"q": "lantern", "page": "abc"},
    {"q": "lantern", "page": "99999"},
    {"q": "lantern\x00speech"},
    {"q": "l" * 10_000},
    {"q": "terrorsm" * 50},
    {"q": "ß ﬁ Ⅻ 𝔰𝔭𝔶"},
]


def test_bad_input_gives_an_ordinary_page(client, articles):
    """Each, asked in one test (the articles are built once)."""
    for params in BAD_INPUT:
        response = client.get("/search/", params)

        assert response.status_code == 200, params
        assert "<h1>Search</h1>" in response.content.decode(), params
