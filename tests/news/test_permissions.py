"""Who may do what with news, with real admin requests.

Comms editors write articles and submit them to "Comms review"; an approval by someone
else puts them live (tests/editorial/test_review_holds.py). Nobody publishes news directly,
superusers included (they have "Publish without review", with a reason); approvers and
superusers unpublish. Recruiters cannot touch news. A refusal changes nothing.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Page, Revision, WorkflowState

from editorial.roles import apply_roles
from tests import factories
from tests.conftest import building_for_the_module, fresh, make_users
from tests.editorial.helpers import add_article_url, article_form, edit_url

pytestmark = pytest.mark.usefixtures("site_for_the_module", "built_for_the_module")

ROLES = ["anonymous", "recruiter", "comms_editor", "comms_approver", "superuser"]
WRITERS = {"comms_editor", "comms_approver", "superuser"}
PUBLISHERS = {"comms_approver", "superuser"}

MAY = {
    "add_article": WRITERS,
    "edit_article": WRITERS,
    "submit_article": WRITERS,
    "publish_article": set(),
    "add_and_publish_article": set(),
    "bulk_publish_article": set(),
    "unpublish_article": PUBLISHERS,
}


@pytest.fixture(scope="module")
def built_for_the_module(site_for_the_module, django_db_blocker):
    """The news index in place of the placeholder, a live story and a draft one, the
    workflow and permissions attached, and a user of each role: built once for the module,
    as each test changes them only in its own savepoint."""
    with building_for_the_module(site_for_the_module, django_db_blocker) as site:
        index = factories.news_index(site["home"])
        made = {
            **site,
            "news": index,
            "live": factories.news_article(index, "Live story", datetime.date(2024, 1, 1)),
            "draft": factories.news_article(index, "Draft story", None, live=False),
        }
        apply_roles()  # the news index exists now: attach the workflow and permissions
        # The users of the fixtures of tests/conftest.py (which fetch these).
        made.update(make_users("recruiter", "comms_editor", "comms_approver", "superuser"))
        yield {name: (type(made[name]), made[name].pk) for name in made}


@pytest.fixture
def news_index(sections):
    return sections["news"]


@pytest.fixture
def site(news_index, built_for_the_module):
    return {
        "index": news_index,
        "live": fresh(built_for_the_module, "live"),
        "draft": fresh(built_for_the_module, "draft"),
    }


def attempt(client, action, site):
    """Make the request for `action`; returns (response, whether it took effect)."""
    index, live, draft = site["index"], site["live"], site["draft"]
    if action == "add_article":
        response = client.post(add_article_url(index), article_form("New story", "new-story"))
        return response, Page.objects.filter(slug="new-story").exists()
    if action == "add_and_publish_article":
        data = article_form("New story", "new-story", **{"action-publish": "1"})
        response = client.post(add_article_url(index), data)
        return response, Page.objects.filter(slug="new-story", live=True).exists()
    if action == "edit_article":
        response = client.post(edit_url(live), article_form("Changed", live.slug))
        return response, Page.objects.get(pk=live.pk).draft_title == "Changed"
    if action == "submit_article":
        data = article_form("Submitted", draft.slug, **{"action-submit": "1"})
        response = client.post(edit_url(draft), data)
        return response, WorkflowState.objects.filter(
            object_id=str(draft.pk), status=WorkflowState.STATUS_IN_PROGRESS
        ).exists()
    if action == "publish_article":
        data = article_form("Published", draft.slug, **{"action-publish": "1"})
        response = client.post(edit_url(draft), data)
        return response, Page.objects.get(pk=draft.pk).live
    if action == "bulk_publish_article":
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
        response = client.post(f"{url}?id={draft.pk}", {"include_descendants": ""})
        return response, Page.objects.get(pk=draft.pk).live
    if action == "unpublish_article":
        url = reverse("wagtailadmin_pages:unpublish", args=[live.pk])
        response = client.post(url)
        return response, not Page.objects.get(pk=live.pk).live
    raise AssertionError(action)


def live_state():
    """What the public sees: the live pages, their titles, paths and live revisions."""
    return sorted(Page.objects.live().values_list("pk", "title", "live_revision_id", "url_path"))


def database_state():
    return (
        live_state(),
        sorted(Page.objects.values_list("pk", "draft_title", "latest_revision_id")),
        Revision.objects.count(),
        WorkflowState.objects.count(),
        get_user_model().objects.count(),
    )


@pytest.mark.parametrize("action", list(MAY))
@pytest.mark.parametrize("role", ROLES)
def test_news_permission_matrix(client, request, site, role, action):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    before = database_state()

    response, took_effect = attempt(client, action, site)

    if role in MAY[action]:
        assert response.status_code in (200, 302), response.content.decode()[:2000]
        assert took_effect
        return
    assert not took_effect
    if action == "bulk_publish_article" and role != "anonymous":
        # The bulk action lists the pages it may not publish, and publishes none.
        assert response.status_code in (200, 302, 403)
    else:
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            location = response["Location"]
            assert location.startswith(reverse("wagtailadmin_login")) or location == reverse(
                "wagtailadmin_home"
            )
    assert database_state() == before


def test_a_comms_editor_sees_submit_but_not_publish_on_an_article(client, comms_editor, site):
    client.force_login(comms_editor)

    html = client.get(edit_url(site["draft"])).content.decode()

    assert 'name="action-submit"' in html
    assert "Comms review" in html
    assert 'name="action-publish"' not in html


@pytest.mark.parametrize("role", ["comms_approver", "superuser"])
def test_nobody_is_offered_publish_on_an_article(client, request, site, role):
    client.force_login(request.getfixturevalue(role))

    html = client.get(edit_url(site["draft"])).content.decode()

    assert 'name="action-publish"' not in html
    assert 'name="action-submit"' in html


def test_the_news_index_itself_is_reviewed_too(site, comms_editor):
    perms = site["index"].permissions_for_user(comms_editor)

    assert perms.can_edit()
    assert not perms.can_publish()
    assert site["index"].get_workflow().name == "Comms review"
