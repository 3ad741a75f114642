"""Review that holds: news goes live only through an approval by someone other than the
author of the revision approved, on every path; superusers override only with a reason.

Also: the home page goes to Comms review when a comms editor submits it, while other
sections keep publishing directly; a workflow action that no longer applies is no 500;
an approval says what it did.
"""

import datetime
import json
import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import registry as log_registry
from wagtail.models import Page, PageLogEntry, Revision, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from accounts.models import SecurityEvent
from editorial.roles import apply_roles
from tests import factories
from tests.conftest import building_for_the_module, fresh, make_users
from tests.forms import assert_said_first_and_tied_to_its_field

from .helpers import article_form, current_task_state, edit_url, submit, workflow_action

pytestmark = pytest.mark.usefixtures("site_for_the_module", "built_for_the_module")

OVERRIDE_URL = "editorial_publish_without_review"


@pytest.fixture(scope="module")
def built_for_the_module(site_for_the_module, django_db_blocker):
    """The news index in place of the placeholder, with the workflow and permissions
    attached; a live story, and a draft one with a second revision; a user of each role:
    built once for the module, as each test changes them only in its own savepoint."""
    with building_for_the_module(site_for_the_module, django_db_blocker) as site:
        index = factories.news_index(site["home"])
        apply_roles()  # the news index exists now: attach the workflow and permissions
        live = factories.news_article(index, "Live story", datetime.date(2024, 1, 1))
        draft = factories.news_article(index, "Draft story", None, live=False)
        draft.title = "Draft story, second version"
        draft.save_revision()
        made = {**site, "news": index, "live": live, "draft": draft}
        # The users of the fixtures of tests/conftest.py and tests/editorial/conftest.py
        # (which fetch these), an Administrators member who is not a superuser among them.
        made.update(
            make_users(
                "comms_editor",
                "comms_approver",
                "second_approver",
                "recruiter",
                "threat_level_manager",
                "administrator",
                "superuser",
            )
        )
        yield {name: (type(made[name]), made[name].pk) for name in made}


@pytest.fixture
def news(sections):
    return sections["news"]


@pytest.fixture
def site(news, built_for_the_module):
    return {
        "index": news,
        "live": fresh(built_for_the_module, "live"),
        "draft": fresh(built_for_the_module, "draft"),
    }


def database_state():
    return (
        sorted(Page.objects.values_list("pk", "title", "live", "live_revision_id", "url_path")),
        sorted(Page.objects.values_list("pk", "draft_title", "latest_revision_id")),
        Revision.objects.count(),
        list(Revision.objects.filter(approved_go_live_at__isnull=False).values_list("pk")),
        WorkflowState.objects.count(),
        SecurityEvent.objects.count(),
    )


def news_is_live(slug):
    return Page.objects.filter(slug=slug, live=True).exists()


def try_to_publish(client, path, site):
    """Each way Wagtail offers to put a news page live; returns the response and
    whether something new went live."""
    index, live, draft = site["index"], site["live"], site["draft"]
    if path == "publish":
        data = article_form("Published", draft.slug, **{"action-publish": "1"})
        return client.post(edit_url(draft), data), news_is_live(draft.slug)
    if path == "schedule":
        go_live = (timezone.now() + datetime.timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
        data = article_form("Later", draft.slug, go_live_at=go_live, **{"action-publish": "1"})
        response = client.post(edit_url(draft), data)
        return response, Revision.objects.filter(approved_go_live_at__isnull=False).exists()
    if path == "create_and_publish":
        url = reverse("wagtailadmin_pages:add", args=["news", "newsarticlepage", index.pk])
        data = article_form("Brand new", "brand-new", **{"action-publish": "1"})
        return client.post(url, data), news_is_live("brand-new")
    if path == "revert_and_publish":
        first = draft.revisions.order_by("created_at", "pk").first()
        url = reverse("wagtailadmin_pages:revisions_revert", args=[draft.pk, first.pk])
        data = article_form("Draft story", draft.slug, **{"action-publish": "1"})
        return client.post(url, data), news_is_live(draft.slug)
    if path == "bulk_publish":
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
        response = client.post(f"{url}?id={draft.pk}", {"include_descendants": ""})
        return response, news_is_live(draft.slug)
    if path == "bulk_publish_with_descendants":
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
        home = Page.objects.get(pk=index.get_parent().pk)
        response = client.post(f"{url}?id={home.pk}", {"include_descendants": "on"})
        return response, news_is_live(draft.slug)
    if path in ("copy_and_publish", "alias"):
        url = reverse("wagtailadmin_pages:copy", args=[live.pk])
        data = {
            "new_title": "Copied story",
            "new_slug": "copied-story",
            "new_parent_page": index.pk,
            "publish_copies": "on",
        }
        if path == "alias":
            data = {**data, "publish_copies": "", "alias": "on"}
        return client.post(url, data), news_is_live("copied-story")
    raise AssertionError(path)


PATHS = [
    "publish",
    "schedule",
    "create_and_publish",
    "revert_and_publish",
    "bulk_publish",
    "bulk_publish_with_descendants",
    "copy_and_publish",
    "alias",
]


@pytest.mark.parametrize("role", ["comms_editor", "comms_approver", "administrator", "superuser"])
def test_nobody_publishes_news_directly_on_any_path(client, request, site, role):
    client.force_login(request.getfixturevalue(role))

    # One path after the other: each refusal must leave everything as it was, so the next
    # starts from the same place (the last one may publish the home page itself).
    for path in PATHS:
        before = database_state()

        response, went_live = try_to_publish(client, path, site)

        assert response.status_code in (200, 302, 403), path
        assert not went_live, path
        if not (path == "bulk_publish_with_descendants" and role in ("administrator", "superuser")):
            assert database_state() == before, path


def test_the_publish_refusal_is_a_refusal_not_a_quiet_draft(client, comms_approver, site):
    client.force_login(comms_approver)
    revisions = Revision.objects.count()

    data = article_form("Published", site["draft"].slug, **{"action-publish": "1"})
    response = client.post(edit_url(site["draft"]), data, follow=True)

    # Wagtail answers a refusal in the admin with its dashboard and a message.
    assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)]
    assert "permission" in response.content.decode()
    assert Revision.objects.count() == revisions


def test_another_approver_approves_and_it_goes_live(client, comms_approver, second_approver, site):
    draft = site["draft"]
    client.force_login(comms_approver)
    submit(client, draft, title="Submitted story")

    client.force_login(second_approver)
    response = workflow_action(client, draft, "approve")

    assert response.status_code == 302
    page = Page.objects.get(pk=draft.pk)
    assert page.live and page.title == "Submitted story"
    assert page.live_revision.user == comms_approver


def test_the_author_of_the_latest_revision_may_not_approve_it(
    client, comms_editor, comms_approver, second_approver, site
):
    """An editor submits; an approver edits the page in review (so the latest revision is
    theirs): they may no longer approve it, another approver may."""
    draft = site["draft"]
    client.force_login(comms_editor)
    submit(client, draft, title="Submitted story")
    client.force_login(comms_approver)
    client.post(edit_url(draft), article_form("Tidied by the approver", draft.slug))
    before = database_state()

    editor_html = client.get(edit_url(draft)).content
    refused = workflow_action(client, draft, "approve")

    assert b'data-workflow-action-name="approve"' not in editor_html
    assert refused.status_code in (302, 403)
    assert database_state() == before

    client.force_login(second_approver)
    assert workflow_action(client, draft, "approve").status_code == 302
    assert Page.objects.get(pk=draft.pk).title == "Tidied by the approver"


def test_an_approver_s_draft_submitted_by_someone_else_is_not_theirs_to_approve(
    client, comms_editor, comms_approver, second_approver, site
):
    """Found by an editors' probe: an approver saved a draft, a comms editor submitted it
    unchanged (the latest revision was then the editor's), and the approver approved
    their own words. An approval publishes every change since the live version: none of
    their authors approves it."""
    from wagtail.models import TaskState

    from editorial.models import IndependentApprovalTask

    draft = site["draft"]
    client.force_login(comms_approver)
    client.post(edit_url(draft), article_form("The approver's own story", draft.slug))
    client.force_login(comms_editor)
    submit(client, draft, title="The approver's own story")
    assert Page.objects.get(pk=draft.pk).get_latest_revision().user == comms_editor
    client.force_login(comms_approver)
    before = database_state()

    editor_html = client.get(edit_url(draft)).content
    refused = workflow_action(client, draft, "approve")
    task = IndependentApprovalTask.objects.get()
    awaiting = task.get_task_states_user_can_moderate(comms_approver)

    assert b'data-workflow-action-name="approve"' not in editor_html
    assert refused.status_code in (302, 403)
    assert database_state() == before
    assert not awaiting.filter(pk=current_task_state(draft).pk).exists()
    assert (
        task.get_task_states_user_can_moderate(second_approver)
        .filter(pk=current_task_state(draft).pk)
        .exists()
    )
    client.force_login(second_approver)
    assert workflow_action(client, draft, "approve").status_code == 302
    assert Page.objects.get(pk=draft.pk).live
    assert TaskState.objects.filter(status=TaskState.STATUS_APPROVED).exists()


def test_changes_published_before_do_not_count_against_an_approver(
    client, comms_editor, comms_approver, site
):
    """What an approver wrote that is live already is not what an approval publishes."""
    live = site["live"]
    client.force_login(comms_editor)
    submit(client, live, title="Live story, revised by comms")
    Revision = type(live.get_latest_revision())
    Revision.objects.filter(pk__lte=live.live_revision_id, object_id=str(live.pk)).update(
        user=comms_approver
    )
    client.force_login(comms_approver)

    assert workflow_action(client, live, "approve").status_code == 302
    assert Page.objects.get(pk=live.pk).title == "Live story, revised by comms"


def test_edits_saved_while_approving_wait_for_another_approver(
    client, comms_editor, comms_approver, second_approver, site
):
    draft = site["draft"]
    client.force_login(comms_editor)
    submit(client, draft, title="Submitted story")
    client.force_login(comms_approver)

    data = article_form(
        "Changed while approving",
        draft.slug,
        **{"action-workflow-action": "1", "workflow-action-name": "approve"},
    )
    response = client.post(edit_url(draft), data, follow=True)

    page = Page.objects.get(pk=draft.pk)
    assert not page.live
    assert page.draft_title == "Changed while approving"
    assert current_task_state(draft) is not None
    assert "another approver must approve" in response.content.decode()

    client.force_login(second_approver)
    workflow_action(client, draft, "approve")
    page = Page.objects.get(pk=draft.pk)
    assert page.live and page.title == "Changed while approving"


def test_an_approval_from_the_editor_says_the_page_was_published(
    client, comms_editor, comms_approver, site
):
    draft = site["draft"]
    client.force_login(comms_editor)
    submit(client, draft, title="Submitted story", body=streamfield([]))
    client.force_login(comms_approver)

    # The form as submitted, unchanged: the approval adds no revision of the approver's.
    data = article_form(
        "Submitted story",
        draft.slug,
        body=streamfield([]),
        **{"action-workflow-action": "1", "workflow-action-name": "approve"},
    )
    html = client.post(edit_url(draft), data, follow=True).content.decode()

    assert Page.objects.get(pk=draft.pk).live
    assert "has been approved and published" in html
    assert "has been updated" not in html


def test_an_approved_go_live_date_is_scheduled_and_said_so(
    client, comms_editor, comms_approver, site
):
    draft = site["draft"]
    go_live = (timezone.now() + datetime.timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    client.force_login(comms_editor)
    submit(client, draft, title="Tomorrow's story", body=streamfield([]), go_live_at=go_live)
    client.force_login(comms_approver)

    data = article_form(
        "Tomorrow's story",
        draft.slug,
        body=streamfield([]),
        go_live_at=go_live,
        **{"action-workflow-action": "1", "workflow-action-name": "approve"},
    )
    html = client.post(edit_url(draft), data, follow=True).content.decode()

    assert not Page.objects.get(pk=draft.pk).live
    assert Revision.objects.filter(approved_go_live_at__isnull=False).count() == 1
    assert "has been approved and is scheduled to go live" in html


def test_a_workflow_action_after_the_review_finished_saves_a_draft_instead_of_failing(
    client, comms_editor, comms_approver, second_approver, site
):
    """The 500 seen after "Approve and publish": the edit form posted again (the autosave,
    or a second tab) with the workflow action, when there was no task any more."""
    draft = site["draft"]
    client.force_login(comms_editor)
    submit(client, draft, title="Submitted story")
    client.force_login(second_approver)
    workflow_action(client, draft, "approve")
    assert Page.objects.get(pk=draft.pk).live
    client.force_login(comms_approver)

    data = article_form(
        "Edited after the approval",
        draft.slug,
        **{"action-workflow-action": "1", "workflow-action-name": "approve"},
    )
    response = client.post(edit_url(draft), data, follow=True)
    autosave = client.post(
        edit_url(draft),
        article_form("Autosaved", draft.slug, **{"action-workflow-action": "1"}),
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 200
    assert "no longer in review" in response.content.decode()
    assert autosave.status_code == 200
    page = Page.objects.get(pk=draft.pk)
    assert page.title == "Submitted story"  # still the approved version live
    assert page.draft_title == "Autosaved"


@pytest.mark.parametrize("role", ["superuser", "comms_approver", "second_approver"])
def test_an_action_names_a_step_of_the_page_in_its_address_or_finds_nothing(
    client, request, comms_editor, comms_approver, site, role
):
    """Two pages in review; an approval posted to one page's address with the other's step:
    nothing is approved (Wagtail looked the step up by its id alone, approved the other
    page, and the message named the first)."""
    live, draft = site["live"], site["draft"]
    client.force_login(comms_editor)
    submit(client, live, title="Live story, changed")
    client.force_login(comms_approver)
    submit(client, draft, title="Submitted story")
    other_step = current_task_state(draft)
    client.force_login(request.getfixturevalue(role))
    before = database_state()

    url = reverse("wagtailadmin_pages:workflow_action", args=[live.pk, "approve", other_step.pk])
    response = client.post(url, {"comment": ""})

    assert response.status_code == 404
    assert database_state() == before
    assert current_task_state(draft) == other_step and current_task_state(live) is not None


# The superuser's override


def override(client, page, reason):
    return client.post(reverse(OVERRIDE_URL, args=[page.pk]), {"reason": reason})


def test_a_superuser_publishes_without_review_giving_a_reason(client, superuser, site):
    draft = site["draft"]
    client.force_login(superuser)
    editor_html = client.get(edit_url(draft)).content.decode()
    form = client.get(reverse(OVERRIDE_URL, args=[draft.pk]))

    response = override(client, draft, "The Director General's statement cannot wait.")
    said = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "Draft story, second version&#x27; has been published without review." in said

    assert reverse(OVERRIDE_URL, args=[draft.pk]) in editor_html
    assert form.status_code == 200
    # The screen's name is its heading (a variable named "heading" took the h1's place).
    assert re.search(
        r"<h1[^>]*>\s*(<svg.*?</svg>\s*)?Publish without review", form.content.decode(), re.S
    )
    assert response.status_code == 302
    page = Page.objects.get(pk=draft.pk)
    assert page.live and page.title == "Draft story, second version"
    entry = PageLogEntry.objects.get(page=draft, action="editorial.publish_without_review")
    assert entry.user == superuser
    assert entry.data["reason"] == "The Director General's statement cannot wait."
    assert log_registry.get_formatter(entry).format_comment(entry) == entry.data["reason"]
    history = client.get(reverse("wagtailadmin_pages:history", args=[draft.pk])).content.decode()
    assert "Published without review" in history
    assert "The Director General&#x27;s statement cannot wait." in history
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.PUBLISHED_WITHOUT_REVIEW)
    assert event.user == superuser
    assert "cannot wait" in event.detail


def test_an_override_of_a_version_dated_ahead_says_it_is_scheduled(client, superuser, site):
    """Found by an editors' probe: it said "published" beside "scheduled to go live"."""
    draft = Page.objects.get(pk=site["draft"].pk).specific
    draft.go_live_at = timezone.now() + datetime.timedelta(days=2)
    draft.save_revision()
    client.force_login(superuser)

    response = override(client, draft, "The statement is embargoed until Thursday.")

    said = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "is scheduled to go live without review." in said
    assert "has been published" not in said
    assert not Page.objects.get(pk=draft.pk).live


def test_an_override_without_a_reason_says_why_before_anything(client, superuser, site):
    draft = site["draft"]
    client.force_login(superuser)

    response = override(client, draft, "short")

    assert response.status_code == 200
    assert_said_first_and_tied_to_its_field(
        response.content.decode(), "id_reason", "Ensure this value has at least 10 characters"
    )
    assert not Page.objects.get(pk=draft.pk).live


def test_the_override_cancels_a_review_in_progress(client, comms_editor, superuser, site):
    draft = site["draft"]
    client.force_login(comms_editor)
    submit(client, draft, title="Submitted story")
    client.force_login(superuser)

    override(client, draft, "Published at the press office's request.")

    assert Page.objects.get(pk=draft.pk).live
    assert current_task_state(draft) is None
    assert not WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS).exists()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("recruiter", False), ("threat_level_manager", False), ("comms_approver", True)],
)
def test_whether_a_page_is_in_review_is_told_only_to_those_who_edit_it(
    client, request, comms_editor, site, role, allowed
):
    draft = site["draft"]
    client.force_login(comms_editor)
    submit(client, draft, title="Submitted story")
    client.force_login(request.getfixturevalue(role))
    url = reverse("wagtailadmin_pages:confirm_workflow_cancellation", args=[draft.pk])

    response = client.get(url)

    if allowed:
        assert response.status_code == 200
        assert json.loads(response.content)["step"] == "confirm"
    else:
        assert response.status_code in (302, 403)
        assert b"Comms review" not in response.content


@pytest.mark.parametrize("reason", ["", "   ", "Because", "x" * 501])
def test_the_override_needs_a_real_reason(client, superuser, site, reason):
    client.force_login(superuser)
    before = database_state()

    response = override(client, site["draft"], reason)

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert database_state() == before


@pytest.mark.parametrize(
    "role", ["comms_editor", "comms_approver", "administrator", "recruiter", "threat_level_manager"]
)
def test_only_superusers_may_override(client, request, site, role):
    client.force_login(request.getfixturevalue(role))
    before = database_state()

    form = client.get(reverse(OVERRIDE_URL, args=[site["draft"].pk]))
    response = override(client, site["draft"], "I would like it live now, please.")
    html = client.get(edit_url(site["draft"])).content.decode()

    assert form.status_code in (302, 403)
    assert response.status_code in (302, 403)
    assert reverse(OVERRIDE_URL, args=[site["draft"].pk]) not in html
    assert database_state() == before


def test_there_is_no_override_where_there_is_no_review(client, superuser, site, sections):
    client.force_login(superuser)
    before = database_state()

    response = override(client, sections["privacy"], "Not a reviewed page at all.")
    missing = client.post(reverse(OVERRIDE_URL, args=[999_999]), {"reason": "Nothing here."})

    assert response.status_code in (302, 403)
    assert missing.status_code == 404
    assert database_state() == before


def test_there_is_nothing_to_override_on_a_page_already_live(client, superuser, site):
    client.force_login(superuser)
    before = database_state()

    response = override(client, site["live"], "Nothing new is waiting, but try anyway.")

    assert response.status_code == 302
    assert response["Location"] == edit_url(site["live"])
    assert database_state() == before


def test_anonymous_visitors_are_sent_to_sign_in(client, site):
    before = database_state()

    response = override(client, site["draft"], "Anonymous wants it live.")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert database_state() == before


# The home page and the other sections


def home_form(home, **changes):
    fields = {
        "title": "Home",
        "slug": home.slug,
        "summary": "A new welcome.",
        "body": streamfield([]),
    }
    fields.update(changes)
    return nested_form_data(fields)


def standard_form(page, **changes):
    fields = {
        "title": page.title,
        "slug": page.slug,
        "summary": "",
        "body": streamfield([("paragraph", rich_text("<p>Changed directly.</p>"))]),
    }
    fields.update(changes)
    return nested_form_data(fields)


def test_a_comms_editor_submits_the_home_page_and_an_approver_publishes_it(
    client, comms_editor, comms_approver, second_approver, news, sections
):
    home = sections["home"]
    client.force_login(comms_editor)
    html = client.get(edit_url(home)).content.decode()
    mail.outbox.clear()

    response = client.post(edit_url(home), home_form(home, **{"action-submit": "1"}))

    assert 'name="action-submit"' in html and 'name="action-publish"' not in html
    assert response.status_code == 302
    assert "A new welcome." not in Page.objects.get(pk=home.pk).specific.summary
    recipients = {address for message in mail.outbox for address in message.to}
    assert {"approver@example.org", "approver2@example.org"} <= recipients

    client.force_login(comms_approver)
    assert workflow_action(client, home, "approve").status_code == 302
    assert "A new welcome." in Page.objects.get(pk=home.pk).specific.summary


def test_a_comms_editor_still_publishes_a_standard_page_directly(
    client, comms_editor, news, sections
):
    privacy = sections["privacy"]
    client.force_login(comms_editor)

    response = client.post(edit_url(privacy), standard_form(privacy, **{"action-publish": "1"}))

    assert response.status_code == 302
    assert "Changed directly." in str(Page.objects.get(pk=privacy.pk).specific.body)
    assert not WorkflowState.objects.exists()


# Publish, approve and override, as offered by the interface and accepted by a POST


OFFERED_PUBLISH = {
    "news": set(),
    "home": {"comms_approver", "administrator", "superuser"},
    "careers": {"recruiter", "comms_editor", "comms_approver", "administrator", "superuser"},
    "standard": {"comms_editor", "comms_approver", "administrator", "superuser"},
}
ROLES = [
    "recruiter",
    "comms_editor",
    "comms_approver",
    "threat_level_manager",
    "administrator",
    "superuser",
]


@pytest.fixture
def pages(site, sections):
    return {
        "news": site["draft"],
        "home": sections["home"],
        "careers": sections["careers"],
        "standard": sections["privacy"],
    }


FORMS = {
    "news": lambda page, **extra: article_form("Published", page.slug, **extra),
    "home": lambda page, **extra: home_form(page, **extra),
    "careers": lambda page, **extra: standard_form(page, **extra),
    "standard": lambda page, **extra: standard_form(page, **extra),
}


def published_revision(page):
    return Page.objects.get(pk=page.pk).live_revision_id


@pytest.mark.parametrize("role", ROLES)
def test_publish_is_offered_and_accepted_for_exactly_these_roles(client, request, pages, role):
    user = request.getfixturevalue(role)
    client.force_login(user)

    for kind, page in pages.items():
        edit = client.get(edit_url(page))
        before, live_before = database_state(), published_revision(page)

        response = client.post(edit_url(page), FORMS[kind](page, **{"action-publish": "1"}))

        offered = edit.status_code == 200 and 'name="action-publish"' in edit.content.decode()
        may = role in OFFERED_PUBLISH[kind]
        assert offered == may, kind
        assert (published_revision(page) != live_before) == may, kind
        if may:
            assert response.status_code == 302, kind
            after = Page.objects.get(pk=page.pk)
            assert after.live_revision_id == after.latest_revision_id, kind
        else:
            assert response.status_code in (302, 403), kind
            assert database_state() == before, kind


@pytest.mark.parametrize("role", ROLES)
def test_approve_is_offered_and_accepted_only_for_another_approver_or_a_superuser(
    client, request, comms_editor, pages, role
):
    user = request.getfixturevalue(role)
    for kind in ("news", "home"):
        page = pages[kind]
        client.force_login(comms_editor)
        client.post(edit_url(page), FORMS[kind](page, **{"action-submit": "1"}))
        assert current_task_state(page) is not None, kind
        revision = Page.objects.get(pk=page.pk).latest_revision_id
        client.force_login(user)
        before = database_state()

        edit = client.get(edit_url(page))
        offered = b'data-workflow-action-name="approve"' in edit.content
        response = workflow_action(client, page, "approve")

        may = role in ("comms_approver", "superuser")
        assert offered == may, kind
        assert (Page.objects.get(pk=page.pk).live_revision_id == revision) == may, kind
        if not may:
            assert response.status_code in (302, 403), kind
            assert database_state() == before, kind


@pytest.mark.parametrize("role", ["comms_editor", "comms_approver"])
def test_a_picture_news_shows_is_not_replaced_without_review(client, request, site, role):
    """Found by an editors' probe: a comms editor, whose article goes through review, put
    a new file behind its picture, which went live at once (an approver the same,
    without the second approver). A change a live page shows takes the right to publish
    it; a superuser has it."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    picture = get_image_model().objects.create(title="Harbour", file=get_test_image_file())
    article = site["live"]
    article.image, article.image_alt_text = picture, "A harbour at dawn."
    article.save_revision().publish()
    before = picture.file.name

    def replace():
        red = get_test_image_file(colour="red").file.getvalue()
        return client.post(
            f"/admin/images/{picture.pk}/",
            {
                "title": "Harbour",
                "collection": picture.collection_id,
                "file": SimpleUploadedFile("red.png", red, content_type="image/png"),
            },
        )

    client.force_login(request.getfixturevalue(role))
    refused = replace()

    assert refused.status_code == 200
    assert "It is shown where you may not publish a change: Live story." in refused.content.decode()
    picture.refresh_from_db()
    assert picture.file.name == before
    client.force_login(request.getfixturevalue("superuser"))
    accepted = replace()
    assert accepted.status_code == 302, accepted.context["form"].errors
    picture.refresh_from_db()
    assert picture.file.name != before
