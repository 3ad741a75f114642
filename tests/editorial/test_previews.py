"""Previews look like the live page: threat level bar, sidebar and latest news included."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories
from threats.models import Scope, ThreatLevelSettings

from .helpers import article_form

pytestmark = pytest.mark.usefixtures("site_for_the_module")


def section(html, opening, closing):
    start = html.index(opening)
    return html[start : html.index(closing, start)]


def main(html):
    return section(html, "<main", "</main>")


def threat_bar(html):
    return section(html, '<section class="threat-level-bar"', "</section>")


def sidebar(html):
    return section(html, '<aside class="sidebar"', "</aside>")


@pytest.fixture
def site(news):
    ThreatLevelSettings.load().change(Scope.NATIONAL, "SEVERE")
    factories.news_article(news, "Other story", datetime.date(2024, 2, 1))
    article = factories.news_article(news, "Previewed story", datetime.date(2024, 1, 1))
    return article


def without_nonces(html):
    return re.sub(r'\snonce="[^"]*"', "", html)


def test_the_draft_preview_of_an_unchanged_article_is_the_live_page(client, comms_editor, site):
    live = client.get(site.url).content.decode()
    client.force_login(comms_editor)

    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=[site.pk]))

    assert preview.status_code == 200
    html = preview.content.decode()
    assert without_nonces(threat_bar(html)) == without_nonces(threat_bar(live))
    assert without_nonces(main(html)) == without_nonces(main(live))
    assert "SEVERE" in threat_bar(html)
    assert "Latest news" in sidebar(html)
    assert "Other story" in sidebar(html)


def test_the_preview_while_editing_shows_the_edit_in_the_full_layout(client, comms_editor, site):
    client.force_login(comms_editor)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[site.pk])

    posted = client.post(url, article_form(title="Edited in preview", slug=site.slug))
    preview = client.get(url)

    assert posted.json()["is_valid"] is True
    html = preview.content.decode()
    assert "Edited in preview" in main(html)
    assert "SEVERE" in threat_bar(html)
    assert "Latest news" in sidebar(html)
    assert "Other story" in sidebar(html)


def test_an_undated_draft_is_previewed_with_the_date_it_would_take_today(
    client, comms_editor, news
):
    """It read "Published" and nothing: the date is filled in when it is published."""
    draft = factories.news_article(news, "Undated draft", None, live=False)
    client.force_login(comms_editor)

    html = client.get(reverse("wagtailadmin_pages:view_draft", args=[draft.pk])).content.decode()

    today = timezone.localdate()
    assert f'<time datetime="{today:%Y-%m-%d}">{today.day} {today:%B %Y}</time>' in main(html)


def test_a_recruiter_may_not_preview_news(client, recruiter, site):
    client.force_login(recruiter)

    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[site.pk]))

    assert response.status_code in (302, 403)
