"""The task type of the "Comms review" workflow (editorial.workflows)."""

from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask


class IndependentApprovalTask(AbstractGroupApprovalTask):
    """A group approval in which whoever submitted the page may not approve it.

    Wagtail's GroupApprovalTask lets any member of the groups approve, the submitter
    included; here the submitter gets no moderation action, whatever their groups.
    """

    def submitted_by(self, obj, user):
        state = getattr(obj, "current_workflow_state", None)
        return state is not None and state.requested_by_id == user.pk

    def get_actions(self, obj, user):
        if self.submitted_by(obj, user):
            return []
        return super().get_actions(obj, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        # The dashboard's "Awaiting your review" leaves out what the user submitted.
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        return states.exclude(workflow_state__requested_by=user)

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups approve, but never what they submitted themselves")

    class Meta:
        verbose_name = _("independent group approval task")
        verbose_name_plural = _("independent group approval tasks")
