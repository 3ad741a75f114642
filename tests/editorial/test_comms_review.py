"""The "Comms review" workflow: editors submit news, another approver approves it."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page, Workflow, WorkflowPage, WorkflowState

from editorial.workflows import COMMS_APPROVAL, COMMS_REVIEW, IndependentApprovalTask
from tests import factories

from .helpers import article_form, current_task_state, edit_url, submit, workflow_action

pytestmark = pytest.mark.usefixtures("site_for_the_module")


def live_title(page):
    page = Page.objects.get(pk=page.pk)
    return page.title if page.live else None


def test_setup_roles_assigns_comms_review_to_the_news_index_and_the_home_page(news, sections):
    call_command("setup_roles", verbosity=0)
    call_command("setup_roles", verbosity=0)  # idempotent

    workflow = Workflow.objects.get(name=COMMS_REVIEW)
    assert workflow.active
    assert [task.specific for task in workflow.tasks] == [
        IndependentApprovalTask.objects.get(name=COMMS_APPROVAL)
    ]
    assert [g.name for g in workflow.tasks[0].specific.groups.all()] == ["Comms approvers"]
    assert sorted(WorkflowPage.objects.values_list("page_id", "workflow__name")) == sorted(
        [(news.pk, COMMS_REVIEW), (sections["home"].pk, COMMS_REVIEW)]
    )
    article = factories.news_article(news, "Reviewed", None, live=False)
    assert article.get_workflow() == workflow
    assert sections["home"].get_workflow() == workflow
    # The home page's workflow covers it alone; Wagtail's default "Moderators approval"
    # no longer covers the rest of the site.
    for name in ("careers", "privacy"):
        assert sections[name].get_workflow() is None
        assert not sections[name].has_workflow
    # Assigned nowhere, it is disabled, out of the workflow screens and reports' filters.
    assert not Workflow.objects.filter(name="Moderators approval", active=True).exists()
    assert Workflow.objects.filter(name="Moderators approval").exists()  # kept, with its history


def test_the_workflow_follows_the_news_index_when_it_is_replaced(news, sections):
    news.delete()
    replacement = factories.news_index(sections["home"], title="Newsroom")
    call_command("setup_roles", verbosity=0)

    assert WorkflowPage.objects.exclude(page=sections["home"]).get().page_id == replacement.pk


def test_a_comms_editor_submits_and_the_approvers_are_emailed(
    client, comms_editor, comms_approver, second_approver, draft_article
):
    client.force_login(comms_editor)
    mail.outbox.clear()

    response = submit(client, draft_article, title="Submitted article")

    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(draft_article.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == comms_editor
    assert live_title(draft_article) is None
    recipients = {address for message in mail.outbox for address in message.to}
    assert {"approver@example.org", "approver2@example.org"} <= recipients
    assert "comms@example.org" not in recipients
    assert any("Submitted article" in message.subject for message in mail.outbox)


def test_an_approver_approves_and_the_article_goes_live(
    client, comms_editor, comms_approver, draft_article
):
    client.force_login(comms_editor)
    submit(client, draft_article, title="Approved article")
    client.force_login(comms_approver)

    response = workflow_action(client, draft_article, "approve", comment="Good to go.")

    assert response.status_code == 302
    assert live_title(draft_article) == "Approved article"
    # The dashboard's Approve says what it did, as the editor's does.
    said = messages_after(client, response)
    assert "Approved article&#x27; has been approved and published." in said
    state = WorkflowState.objects.get(object_id=str(draft_article.pk))
    assert state.status == WorkflowState.STATUS_APPROVED
    assert state.current_task_state is None or state.current_task_state.status == "approved"


def test_an_approver_requests_changes_with_a_comment(
    client, comms_editor, comms_approver, draft_article
):
    client.force_login(comms_editor)
    submit(client, draft_article)
    client.force_login(comms_approver)
    task_state = current_task_state(draft_article)

    response = workflow_action(client, draft_article, "reject", comment="Check the date.")

    assert response.status_code == 302
    task_state.refresh_from_db()
    assert task_state.status == "rejected"
    assert task_state.comment == "Check the date."
    assert live_title(draft_article) is None
    # The dashboard's Request changes says what it did too.
    assert "Changes requested on &#x27;" in messages_after(client, response)


@pytest.mark.parametrize(
    ("comment", "error"),
    [
        ("", "Say what to change"),
        ("   ", "Say what to change"),
        ("\u200b\u200b", "Enter letters a reader can see."),
    ],
)
def test_changes_are_not_requested_without_saying_what(
    client, comms_editor, comms_approver, draft_article, comment, error
):
    """An empty comment was taken, and the approver told the author had it: the author's
    email gave no reason."""
    client.force_login(comms_editor)
    submit(client, draft_article)
    client.force_login(comms_approver)
    task_state = current_task_state(draft_article)
    mail.outbox.clear()
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[draft_article.pk, "reject", task_state.pk]
    )

    # As the dialog of the dashboard's and the editor's Request changes sends it.
    response = client.post(
        url, {"comment": comment}, headers={"x-requested-with": "XMLHttpRequest"}
    )

    answer = response.json()
    assert answer["step"] == "action"  # the dialog again, with the error
    assert error in answer["html"]
    task_state.refresh_from_db()
    assert task_state.status == "in_progress"
    assert mail.outbox == []

    done = client.post(
        url, {"comment": "Check the date."}, headers={"x-requested-with": "XMLHttpRequest"}
    )
    assert done.json()["step"] == "success"
    task_state.refresh_from_db()
    assert task_state.status == "rejected"


def test_an_approver_who_submitted_cannot_approve_but_another_approver_can(
    client, comms_approver, second_approver, draft_article
):
    client.force_login(comms_approver)
    submit(client, draft_article, title="Own article")

    own = workflow_action(client, draft_article, "approve")
    refused_page = messages_after(client, own)
    editor = client.get(edit_url(draft_article))

    assert own.status_code in (302, 403)
    assert "has been approved" not in refused_page
    assert live_title(draft_article) is None
    assert current_task_state(draft_article).status == "in_progress"
    assert b'data-workflow-action-name="approve"' not in editor.content

    client.force_login(second_approver)
    assert b'data-workflow-action-name="approve"' in client.get(edit_url(draft_article)).content
    other = workflow_action(client, draft_article, "approve")

    assert other.status_code == 302
    assert live_title(draft_article) == "Own article"


def test_the_dashboard_shows_approvers_what_waits_for_them(
    client, comms_editor, comms_approver, draft_article
):
    client.force_login(comms_editor)
    submit(client, draft_article, title="Waiting article")

    editor_home = client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(comms_approver)
    approver_home = client.get(reverse("wagtailadmin_home")).content.decode()

    # The editor sees their submission in a workflow; the approver sees it awaiting review.
    assert "Your pages and snippets in a workflow" in editor_home
    assert "Waiting article" in editor_home
    assert "Awaiting your review" in approver_home
    assert "Waiting article" in approver_home


def test_what_you_submitted_is_not_awaiting_your_own_review(client, comms_approver, draft_article):
    client.force_login(comms_approver)
    submit(client, draft_article, title="Self submitted")

    home = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Awaiting your review" not in home
    task = IndependentApprovalTask.objects.get()
    assert not task.get_task_states_user_can_moderate(comms_approver).exists()


def test_what_you_last_edited_is_not_awaiting_your_review(
    client, comms_editor, comms_approver, second_approver, draft_article
):
    client.force_login(comms_editor)
    submit(client, draft_article, title="Submitted article")
    client.force_login(second_approver)  # edits it while it waits: its newest version
    client.post(edit_url(draft_article), article_form(title="Edited in review", slug="an-article"))
    task = IndependentApprovalTask.objects.get()

    assert not task.get_task_states_user_can_moderate(second_approver).exists()
    assert "Edited in review" not in awaiting_review(client)
    assert task.get_task_states_user_can_moderate(comms_approver).count() == 1
    client.force_login(comms_approver)
    assert "Edited in review" in awaiting_review(client)


def awaiting_review(client):
    """The dashboard's "Awaiting your review" panel ("" when it is not shown)."""
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    start = html.find('id="awaiting-review-section"')
    return "" if start == -1 else html[start : html.find("</section>", start)]


@pytest.mark.parametrize("section", ["careers", "privacy"])
def test_other_sections_offer_no_review_and_publish_directly(
    client, comms_editor, news, sections, section
):
    page = sections[section]
    client.force_login(comms_editor)

    response = client.get(edit_url(page))

    assert page.get_workflow() is None
    assert b"action-submit" not in response.content
    assert b"action-publish" in response.content


@pytest.mark.parametrize("role", ["comms_editor", "recruiter", "threat_level_manager"])
def test_only_approvers_approve(client, request, comms_approver, draft_article, role):
    client.force_login(comms_approver)
    submit(client, draft_article, title="Awaiting approval")
    client.force_login(request.getfixturevalue(role))

    response = workflow_action(client, draft_article, "approve")

    assert response.status_code in (302, 403)
    assert live_title(draft_article) is None
    assert current_task_state(draft_article).status == "in_progress"


def messages_after(client, response):
    """The page a workflow action redirected to (its messages), or the refusal itself."""
    if response.status_code != 302:
        return response.content.decode()
    return client.get(response.url).content.decode()


def test_an_edit_after_changes_were_requested_keeps_the_revision_reviewed(
    client, comms_editor, comms_approver, draft_article
):
    """Autosave's `overwrite_revision_id` named the revision the approver refused: it was
    rewritten in place, and the history's "changes requested" then pointed at other words.
    The edit is a new revision (core.models.BasePage.save_revision)."""
    client.force_login(comms_editor)
    submit(client, draft_article, title="Submitted words")
    reviewed = Page.objects.get(pk=draft_article.pk).latest_revision
    client.force_login(comms_approver)
    workflow_action(client, draft_article, "reject", comment="Check the date.")

    client.force_login(comms_editor)
    saved = client.post(
        edit_url(draft_article),
        article_form(
            title="Second draft", slug=draft_article.slug, overwrite_revision_id=reviewed.pk
        ),
    )

    assert saved.status_code == 302
    reviewed.refresh_from_db()
    assert reviewed.content["title"] == "Submitted words"
    latest = Page.objects.get(pk=draft_article.pk).latest_revision
    assert latest.pk != reviewed.pk and latest.content["title"] == "Second draft"
