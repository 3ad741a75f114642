"""The task type of the "Comms review" workflow (editorial.workflows)."""

from django import forms
from django.db.models import Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext_lazy as _
from wagtail.forms import TaskStateCommentForm
from wagtail.models import AbstractGroupApprovalTask, Page, Revision

from core.editor_input import refuse_text_that_shows_nothing

from .review import approving


class ChangesRequestedForm(TaskStateCommentForm):
    """Changes are asked for with what to change: the author gets the comment by email,
    and Wagtail's optional comment let an approver send none."""

    comment = forms.CharField(
        label=_("What to change"),
        help_text=_("The author gets this by email, with a link to the page."),
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": _("Say what to change: the author only gets this.")},
    )

    def clean(self):
        cleaned_data = super().clean()
        refuse_text_that_shows_nothing(self, cleaned_data)
        return cleaned_data


class IndependentApprovalTask(AbstractGroupApprovalTask):
    """A group approval by someone other than the submitter and the authors of what an
    approval would publish (every revision since the live one: Wagtail publishes the
    latest when the workflow finishes, and it holds them all).

    Wagtail's GroupApprovalTask lets any member of the groups approve, the submitter
    included; here neither the submitter nor an author of those revisions gets a
    moderation action, whatever their groups. Only the latest revision's author was left
    out once: an approver's draft, submitted unchanged by a comms editor (a new revision,
    theirs), was the approver's to approve. An approver who edits while approving becomes the
    author of the revision: the edits are saved and the page waits for another approver
    (editorial.wagtail_hooks tells them).
    """

    def submitted_by(self, obj, user):
        state = getattr(obj, "current_workflow_state", None)
        return state is not None and state.requested_by_id == user.pk

    def wrote_what_would_go_live(self, obj, user):
        revisions = Revision.objects.for_instance(obj).filter(user=user)
        if live_revision_id := getattr(obj, "live_revision_id", None):
            revisions = revisions.filter(pk__gt=live_revision_id)
        return revisions.exists()

    def may_moderate(self, obj, user):
        return not (self.submitted_by(obj, user) or self.wrote_what_would_go_live(obj, user))

    def get_form_for_action(self, action):
        return ChangesRequestedForm if action == "reject" else super().get_form_for_action(action)

    def get_actions(self, obj, user):
        if not self.may_moderate(obj, user):
            return []
        return super().get_actions(obj, user)

    def on_action(self, task_state, user, action_name, **kwargs):
        obj = task_state.workflow_state.content_object
        if not self.may_moderate(obj, user):
            # The edit view checks the actions before it saves the approver's edits;
            # once saved, they are the revision to approve, and not by their author.
            return None
        if action_name == "approve":
            with approving(user, obj):
                return super().on_action(task_state, user, action_name, **kwargs)
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        # The dashboard's "Awaiting your review" leaves out what the user may not moderate
        # (may_moderate, in one query): what they submitted, and what holds their edits.
        live_revision = Page.objects.filter(pk=Cast(OuterRef("object_id"), IntegerField())).values(
            "live_revision_id"
        )[:1]
        theirs = Revision.objects.filter(
            base_content_type=OuterRef("workflow_state__base_content_type"),
            object_id=OuterRef("workflow_state__object_id"),
            user=user,
        ).filter(pk__gt=Coalesce(Subquery(live_revision), 0))
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        return states.exclude(workflow_state__requested_by=user).exclude(Exists(theirs))

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups approve, but never what they submitted, nor "
            "changes of their own since the page was last published"
        )

    class Meta:
        verbose_name = _("independent group approval task")
        verbose_name_plural = _("independent group approval tasks")
