"""A visitor browses the news, filters to speeches and reads one."""

import re

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_filters_the_news_and_reads_a_speech(page, demo_site):
    page.goto(demo_site.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="News").click()
    page.wait_for_url(demo_site.url + "/news/")
    assert page.get_by_role("heading", level=1).inner_text() == "News"

    page.get_by_label("Show").select_option("speech")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/news/?kind=speech*")
    listed = page.locator(".card__title").all_inner_texts()
    assert listed == ["Director General Andrew Parker's speech, October 2017"]

    # The visually hidden part names the article for screen reader users.
    page.get_by_role(
        "link", name=re.compile(r"^Read full article\s*: Director General Andrew Parker's speech")
    ).click()
    page.wait_for_url("**/news/director-general-andrew-parker-speech-october-2017/")
    assert "Published 17 October 2017" in " ".join(page.locator(".meta").first.inner_text().split())
    sidebar = page.get_by_role("complementary")
    assert sidebar.get_by_role("heading", name="Latest news").is_visible()
    assert sidebar.get_by_role("link", name="View all news").get_attribute("href") == "/news/"
    assert page.console_errors == []
