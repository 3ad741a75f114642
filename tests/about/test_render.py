"""The section's pages render: signposts, the section's navigation, the timeline and the
questions with their structured data."""

import json

import pytest
from bs4 import BeautifulSoup

from core.models import SiteSettings
from tests.about.conftest import about_page, faq_page, heading, question, timeline

pytestmark = pytest.mark.usefixtures("site_for_the_module")


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def faq_data(soup):
    """The FAQPage structured data in the page's head, parsed."""
    found = [
        json.loads(script.string)
        for script in soup.head.find_all("script", type="application/ld+json")
        if '"FAQPage"' in script.string
    ]
    assert len(found) <= 1
    return found[0] if found else None


def section_links(soup):
    nav = soup.find("nav", attrs={"aria-labelledby": "section-nav-heading"})
    assert nav is not None and nav.find_parent("aside") is not None
    return [(a.get_text(), a["href"], a.get("aria-current")) for a in nav.find_all("a")]


def test_the_section_page_signposts_its_live_children(client, about):
    about_page(about["section"], "Unpublished plans", live=False, summary="Not yet.")

    soup = soup_of(client, "/who-we-are/")

    assert soup.h1.get_text() == "Who we are"
    signposts = soup.select("main .signpost-list > li.signpost")
    assert [(item.h3.a.get_text(), item.h3.a["href"], item.p.get_text()) for item in signposts] == [
        ("Our history", "/who-we-are/our-history/", "The moments that shaped us."),
        ("Frequently asked questions", "/who-we-are/faq/", "Answers."),
    ]
    assert "Unpublished plans" not in soup.get_text()


def test_a_page_without_children_has_no_signposts(client, about):
    soup = soup_of(client, "/who-we-are/our-history/")

    assert soup.select(".signpost-list") == []
    assert soup.find(id="signposts-heading") is None


def test_the_sidebar_lists_the_section_and_marks_the_current_page(client, about):
    assert section_links(soup_of(client, "/who-we-are/")) == [
        ("Who we are", "/who-we-are/", "page"),
        ("Our history", "/who-we-are/our-history/", None),
        ("Frequently asked questions", "/who-we-are/faq/", None),
    ]
    assert section_links(soup_of(client, "/who-we-are/faq/")) == [
        ("Who we are", "/who-we-are/", None),
        ("Our history", "/who-we-are/our-history/", None),
        ("Frequently asked questions", "/who-we-are/faq/", "page"),
    ]


def test_a_deeper_page_marks_the_section_page_it_stands_under(client, about):
    about_page(about["history"], "The war years", summary="1939 onwards.")

    links = section_links(soup_of(client, "/who-we-are/our-history/the-war-years/"))

    assert ("Our history", "/who-we-are/our-history/", "true") in links
    assert all(current != "page" for _title, _href, current in links)
    # And the history page now signposts the page under it.
    history = soup_of(client, "/who-we-are/our-history/")
    assert [a.get_text() for a in history.select(".signpost-list .signpost__link")] == [
        "The war years"
    ]


def test_the_timeline_is_an_ordered_list_of_years_in_the_editors_order(client, about):
    soup = soup_of(client, "/who-we-are/our-history/")

    timeline_list = soup.select_one("main ol.timeline-list")
    assert timeline_list is not None
    entries = timeline_list.find_all("li", recursive=False)
    years = [li.select_one(".timeline-list__year") for li in entries]
    assert [year.get_text() for year in years] == ["1909", "Second World War", "1989"]
    # A year is machine-readable; a period, which has no single date, is plain text.
    assert [(year.name, year.get("datetime")) for year in years] == [
        ("time", "1909"),
        ("span", None),
        ("time", "1989"),
    ]
    assert [li.select_one(".timeline-list__title").get_text() for li in entries] == [
        "Founded",
        "Double-Cross",
        "A law of its own",
    ]
    assert entries[1].select_one(".timeline-list__text").get_text() == "Agents are turned."
    assert timeline_list.find("img") is None and timeline_list.find("svg") is None


def test_the_timeline_keeps_whatever_order_it_is_given(client, about):
    page = about_page(
        about["section"],
        "Backwards",
        body=[timeline(("2010", "Later", "b"), ("1909", "Earlier", "a"))],
    )

    soup = soup_of(client, page.url)

    years = [t.get_text() for t in soup.select("ol.timeline-list .timeline-list__year")]
    assert years == ["2010", "1909"]


def test_questions_are_headings_the_list_at_the_top_links_to(client, about):
    faq_page(
        about["section"],
        slug="grouped",
        body=[
            question("Who are you?"),
            heading("Working for us"),
            question("How do I apply?"),
            question("How do I apply?", "<p>The same question, asked twice.</p>"),
            heading("Vetting", "h3"),
            question("What is vetting?"),
        ],
    )

    soup = soup_of(client, "/who-we-are/grouped/")

    contents = soup.find("nav", attrs={"aria-labelledby": "faq-questions"})
    links = [(a.get_text(), a["href"]) for a in contents.select("ol > li > a")]
    assert [text for text, _href in links] == [
        "Who are you?",
        "How do I apply?",
        "How do I apply?",
        "What is vetting?",
    ]
    anchors = [href.removeprefix("#") for _text, href in links]
    assert len(set(anchors)) == 4
    targets = [soup.find(id=anchor) for anchor in anchors]
    # One level below the heading that groups them: h2 before any, h3 under an h2...
    assert [(t.name, t.get_text()) for t in targets] == [
        ("h2", "Who are you?"),
        ("h3", "How do I apply?"),
        ("h3", "How do I apply?"),
        ("h4", "What is vetting?"),
    ]
    assert all(len(soup.find_all(id=anchor)) == 1 for anchor in anchors)
    assert targets[2].find_next_sibling("div").get_text() == "The same question, asked twice."
    assert soup.find("h2", string="Working for us") is not None
    assert soup.find("h3", string="Vetting") is not None


def test_the_faq_structured_data_lists_every_question_in_the_head(client, about):
    faq_page(
        about["section"],
        slug="many",
        body=[
            heading("About us"),
            question("Is there a museum?", "<p>No.</p><p>Nor are there <b>tours</b>.</p>"),
            question(
                "How do I report information?",
                '<p>Ring <a linktype="phone-setting" id="hotline">the hotline</a> or use '
                f'<a linktype="page" id="{about["faq"].pk}">the form</a> &amp; stay '
                "anonymous.</p><ul><li>Day</li><li>Night</li></ul>",
            ),
        ],
    )

    data = faq_data(soup_of(client, "/who-we-are/many/"))

    hotline = SiteSettings.load().hotline_number
    assert data == {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": "Is there a museum?",
                "acceptedAnswer": {"@type": "Answer", "text": "No.\nNor are there tours."},
            },
            {
                "@type": "Question",
                "name": "How do I report information?",
                "acceptedAnswer": {
                    "@type": "Answer",
                    "text": f"Ring the hotline ({hotline}) or use the form & stay "
                    "anonymous.\nDay\nNight",
                },
            },
        ],
    }


def test_the_structured_data_follows_the_hotline_number_in_the_settings(client, about):
    faq_page(
        about["section"],
        slug="numbers",
        body=[
            question("Who do I call?", '<p><a linktype="phone-setting" id="hotline">Ring</a></p>')
        ],
    )
    settings = SiteSettings.load()
    settings.hotline_number = "0800 000 111"
    settings.save()

    data = faq_data(soup_of(client, "/who-we-are/numbers/"))

    assert data["mainEntity"][0]["acceptedAnswer"]["text"] == "Ring (0800 000 111)"


def test_markup_in_a_question_cannot_close_the_script(client, about):
    nasty = 'Can I type </script><script>alert("x")</script> here? <!-- & -->'
    faq_page(
        about["section"],
        slug="nasty",
        body=[question(nasty, "<p>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p>")],
    )

    response = client.get("/who-we-are/nasty/")
    html = response.content.decode()
    soup = BeautifulSoup(html, "html.parser")

    head = html[: html.index("</head>")]
    script_start = head.index('{"@context":"https://schema.org","@type":"FAQPage"')
    script_text = head[script_start : head.index("</script>", script_start)]
    # The whole JSON sits inside the script element, with no markup character in it.
    assert script_text.endswith("}}]}")
    assert "<" not in script_text and ">" not in script_text
    # No script element but the site's own: the question opened none.
    assert all(
        script.get("src") or script.get("type") == "application/ld+json"
        for script in soup.find_all("script")
    )
    data = faq_data(soup)
    assert data["mainEntity"][0]["name"] == nasty
    assert data["mainEntity"][0]["acceptedAnswer"]["text"] == "</script><script>alert(1)</script>"
    # On the page itself the question is text, not markup.
    question_heading = soup.select_one(".faq-item__question")
    assert question_heading.get_text() == nasty


def test_a_page_without_questions_has_no_faq_structured_data(client, about):
    faq_page(about["section"], slug="empty", body=[heading("Nothing here yet")])

    soup = soup_of(client, "/who-we-are/empty/")

    assert faq_data(soup) is None
    assert soup.find(attrs={"aria-labelledby": "faq-questions"}) is None


def test_search_finds_the_section_by_its_body(client, about):
    faq_page(
        about["section"],
        "Visiting",
        slug="visiting",
        body=[question("Can I visit?", "<p>Our buildings hold no zeppelins.</p>")],
    )

    response = client.get("/search/", {"q": "zeppelins"})

    assert '<a href="/who-we-are/visiting/">Visiting</a>' in response.content.decode()
    assert "Our history" in client.get("/search/", {"q": "Double-Cross"}).content.decode()


def test_each_answer_keeps_its_own_links(client, about):
    faq_page(
        about["section"],
        slug="links",
        body=[
            question(
                "Where is the history?",
                f'<p><a linktype="page" id="{about["history"].pk}">Here</a>.</p>',
            ),
            question(
                "And the section?",
                f'<p><a linktype="page" id="{about["section"].pk}">There</a>.</p>',
            ),
            question("Nothing linked?", "<p>Nothing.</p>"),
            question("A page that has gone?", '<p><a linktype="page" id="999999">Gone</a>.</p>'),
        ],
    )

    soup = soup_of(client, "/who-we-are/links/")

    answers = soup.select(".faq-item__answer")
    assert [
        [(a.get_text(), a.get("href")) for a in answer.find_all("a")] for answer in answers
    ] == [
        [("Here", "/who-we-are/our-history/")],
        [("There", "/who-we-are/")],
        [],
        [("Gone", None)],
    ]


def test_a_preview_of_an_unpublished_section_shows_its_pages(home):
    section = about_page(home, "Draft section", slug="draft-section", live=False)
    about_page(section, "Live child", summary="Ready.")

    response = section.make_preview_request()

    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert section_links(soup) == [
        ("Draft section", "/draft-section/", "page"),
        ("Live child", "/draft-section/live-child/", None),
    ]
