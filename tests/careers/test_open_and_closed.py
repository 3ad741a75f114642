"""A role is open until its closing moment (UK time), then leaves listings by itself."""

import datetime
import json
import re

import pytest

from careers.models import RoleProfilePage
from tests import factories

pytestmark = pytest.mark.usefixtures("site_for_the_module")

JUST_BEFORE = datetime.timedelta(seconds=1)


@pytest.fixture
def role(careers, closing, london):
    steps = [("step", {"title": "Apply online", "description": "A short form."})]
    return factories.role_profile(
        careers, "Analyst", closes_at=closing, locations=[london], application_steps=steps
    )


def listed_titles(client):
    content = client.get("/careers/").content.decode()
    return re.findall(r'class="card__title"><a href="[^"]*">([^<]*)</a>', content)


def test_closing_time_is_stored_as_entered_in_uk_time(role, closing):
    # 17:00 in London in July is 16:00 UTC.
    assert closing.utcoffset() == datetime.timedelta(hours=1)
    assert role.closes_at.astimezone(datetime.UTC).hour == 16


def test_role_is_listed_until_its_closing_moment(client, role, closing, frozen_clock):
    frozen_clock(closing - JUST_BEFORE)
    assert listed_titles(client) == ["Analyst"]
    assert list(RoleProfilePage.objects.listed()) == [role]

    frozen_clock(closing)
    assert listed_titles(client) == []
    assert list(RoleProfilePage.objects.listed()) == []

    frozen_clock(closing + JUST_BEFORE)
    assert listed_titles(client) == []


def test_role_without_closing_time_stays_open(client, careers, frozen_clock, closing):
    factories.role_profile(careers, "Linguist", closes_at=None)
    frozen_clock(closing + datetime.timedelta(days=3650))

    assert listed_titles(client) == ["Linguist"]


def test_role_page_says_closed_and_drops_apply_link_after_closing(
    client, role, closing, frozen_clock
):
    frozen_clock(closing - JUST_BEFORE)
    before = client.get(role.url).content.decode()
    assert "This vacancy is now closed" not in before
    assert 'href="https://apply.example.org/ANALYST"' in before
    assert "How to apply" in before and "Apply online" in before
    assert "Closes at 17:00 on 1 July 2030 (UK time)" in before

    frozen_clock(closing + JUST_BEFORE)
    response = client.get(role.url)
    after = response.content.decode()
    assert response.status_code == 200
    assert "This vacancy is now closed" in after
    assert "Closed at 17:00 on 1 July 2030 (UK time)" in after  # not "Closes", once past
    assert "Closes at" not in after
    assert "apply.example.org" not in after
    assert "How to apply" not in after and "Apply online" not in after  # its steps gone
    assert '"JobPosting"' not in after


def test_drafts_and_closed_roles_are_not_listed(client, careers, closing, frozen_clock):
    factories.role_profile(careers, "Draft role", live=False)
    factories.role_profile(careers, "Closed role", closes_at=closing - datetime.timedelta(days=1))
    frozen_clock(closing - JUST_BEFORE)

    assert listed_titles(client) == []


def test_next_listing_change_is_the_earliest_closing_still_ahead(
    careers, role, closing, frozen_clock
):
    later = closing + datetime.timedelta(days=2)
    factories.role_profile(careers, "Later", closes_at=later)
    factories.role_profile(careers, "Open-ended", closes_at=None)
    factories.role_profile(careers, "Draft", closes_at=closing - JUST_BEFORE, live=False)

    frozen_clock(closing - datetime.timedelta(days=1))
    assert RoleProfilePage.objects.next_closing_at() == closing
    frozen_clock(closing)
    assert RoleProfilePage.objects.next_closing_at() == later
    frozen_clock(later)
    assert RoleProfilePage.objects.next_closing_at() is None


def test_next_listing_change_ignores_private_roles(careers, role, closing, frozen_clock):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=role, restriction_type="login")
    frozen_clock(closing - JUST_BEFORE)

    assert RoleProfilePage.objects.next_closing_at() is None


def job_posting_script(content):
    """The JobPosting JSON-LD block (pages carry a BreadcrumbList block too)."""
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', content, re.S):
        if json.loads(block).get("@type") == "JobPosting":
            return block
    return None


def job_posting(response):
    block = job_posting_script(response.content.decode())
    return json.loads(block) if block else None


def test_open_role_page_carries_a_job_posting(client, role, closing, frozen_clock):
    frozen_clock(closing - datetime.timedelta(days=1))

    data = job_posting(client.get(role.url))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "JobPosting"
    assert data["title"] == "Analyst"
    assert data["validThrough"] == "2030-07-01T17:00:00+01:00"
    assert data["identifier"]["value"] == "ANALYST"
    assert data["hiringOrganization"]["@type"] == "Organization"
    assert data["jobLocation"][0]["address"]["addressLocality"] == "London"
    assert data["employmentType"] == ["FULL_TIME"]
    assert data["url"].endswith("/careers/analyst/")


def test_job_posting_is_absent_once_closed(client, role, closing, frozen_clock):
    frozen_clock(closing)

    assert job_posting(client.get(role.url)) is None


def test_job_posting_markup_cannot_break_out_of_its_script(client, careers):
    role = factories.role_profile(
        careers, "Tester </script><script>alert(1)</script>", slug="tester", summary="A & B"
    )

    content = client.get(role.url).content.decode()
    script = job_posting_script(content)

    assert "<script>alert(1)" not in content
    assert "\\u003C/script\\u003E" in script
    assert json.loads(script)["title"] == "Tester </script><script>alert(1)</script>"
    assert "\\u0026" in script
