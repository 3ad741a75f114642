"""The "Comms review" workflow: news goes live only once a second person has approved it.

`apply_workflows()` is run by `setup_roles` (through `apply_roles`), after the groups:
it creates the workflow and its one task if they are missing, and assigns the workflow
to the news index wherever it stands. It also takes Wagtail's own "Moderators approval"
workflow off the root of the tree, where Wagtail's migrations put it: there it would
offer every section a review by a "Moderators" group this site does not use.
"""

from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

COMMS_REVIEW = "Comms review"
COMMS_APPROVAL = "Comms approval"


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


def comms_review_workflow(approvers):
    """The "Comms review" workflow with exactly one task, "Comms approval", for `approvers`."""
    task = IndependentApprovalTask.objects.filter(name=COMMS_APPROVAL).first()
    if task is None:
        task = IndependentApprovalTask.objects.create(name=COMMS_APPROVAL)
    if not task.active:
        task.active = True
        task.save(update_fields=["active"])
    task.groups.set([approvers])

    workflow, _created = Workflow.objects.get_or_create(
        name=COMMS_REVIEW, defaults={"active": True}
    )
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    WorkflowTask.objects.filter(workflow=workflow).exclude(task=task).delete()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def apply_workflows(approvers_group, reviewed_pages):
    """Make "Comms review" apply to `reviewed_pages` (and their subtrees) and nothing else."""
    workflow = comms_review_workflow(Group.objects.get(name=approvers_group))
    # Wagtail's migrations assign their default workflow to the root of the tree.
    root = Page.get_first_root_node()
    if root is not None:
        WorkflowPage.objects.filter(page=root).exclude(workflow=workflow).delete()
    pks = [page.pk for page in reviewed_pages]
    WorkflowPage.objects.filter(workflow=workflow).exclude(page__in=pks).delete()
    for page in reviewed_pages:
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow
