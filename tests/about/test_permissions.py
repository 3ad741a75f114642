"""Comms editors look after "Who we are" as they do every section but News; recruiters,
who work under Careers alone, may not touch it. Refusals are a redirect (sign-in page or
dashboard) or a 403, and change nothing."""

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from about.models import FAQPage
from editorial.roles import apply_roles

pytestmark = pytest.mark.usefixtures("site_for_the_module")


@pytest.fixture
def faq(about):
    apply_roles()  # the section exists now: its permissions follow
    return about["faq"]


def faq_form(page, title="Changed questions", **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": page.slug,
            "summary": "Changed summary.",
            "body": streamfield(
                [("question", {"question": "Any tours?", "answer": rich_text("<p>No.</p>")})]
            ),
            **extra,
        }
    )


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def refused(response):
    if response.status_code == 403:
        return True
    location = response.get("Location", "")
    return response.status_code == 302 and (
        location.startswith(reverse("wagtailadmin_login"))
        or location == reverse("wagtailadmin_home")
    )


def test_a_comms_editor_edits_the_faq_page(client, comms_editor, faq):
    client.force_login(comms_editor)

    assert client.get(edit_url(faq)).status_code == 200
    response = client.post(edit_url(faq), faq_form(faq))

    assert response.status_code == 302, response.content.decode()[:2000]
    saved = FAQPage.objects.get(pk=faq.pk)
    assert saved.draft_title == "Changed questions"
    assert saved.get_latest_revision_as_object().body[0].value["question"] == "Any tours?"
    assert saved.title == "Frequently asked questions"  # a draft: the live page is unchanged


def test_a_comms_editor_publishes_in_the_section_without_review(client, comms_editor, faq):
    client.force_login(comms_editor)

    response = client.post(
        edit_url(faq), faq_form(faq, "Published questions", **{"action-publish": "1"})
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Page.objects.get(pk=faq.pk).title == "Published questions"
    assert "Any tours?" in client.get("/who-we-are/faq/").content.decode()


def test_a_comms_editor_adds_a_page_to_the_section(client, comms_editor, about):
    apply_roles()
    client.force_login(comms_editor)
    url = reverse("wagtailadmin_pages:add", args=["about", "faqpage", about["section"].pk])

    response = client.post(url, faq_form(FAQPage(slug="more-questions"), "More questions"))

    assert response.status_code == 302, response.content.decode()[:2000]
    assert FAQPage.objects.filter(slug="more-questions").exists()


@pytest.mark.parametrize("who", ["recruiter", "threat_level_manager", "anonymous"])
def test_others_cannot_edit_the_faq_page(client, request, who, faq):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    before = list(Page.objects.values_list("pk", "draft_title", "live", "latest_revision_id"))

    shown = client.get(edit_url(faq))
    response = client.post(edit_url(faq), faq_form(faq, **{"action-publish": "1"}))

    assert refused(shown)
    assert refused(response)
    assert (
        list(Page.objects.values_list("pk", "draft_title", "live", "latest_revision_id")) == before
    )


def test_a_recruiter_cannot_add_a_page_to_the_section(client, recruiter, about):
    apply_roles()
    client.force_login(recruiter)
    url = reverse("wagtailadmin_pages:add", args=["about", "faqpage", about["section"].pk])

    response = client.post(url, faq_form(FAQPage(slug="more-questions"), "More questions"))

    assert refused(response)
    assert not FAQPage.objects.filter(slug="more-questions").exists()
