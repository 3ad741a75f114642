"""The "Comms review" workflow: news, and the home page, go live once a second person has
approved them.

`apply_workflows()` is run by `setup_roles` (through `apply_roles`), after the groups:
it creates the workflow and its one task if they are missing, and assigns the workflow
to the news index wherever it stands and to the home page (which it covers alone: see
core.models.BasePage.get_workflow). It also takes Wagtail's own "Moderators approval"
workflow off the root of the tree, where Wagtail's migrations put it: there it would
offer every section a review by a "Moderators" group this site does not use. Assigned
nowhere and with nothing in review, it is disabled too, so that the workflow screens and
reports' filters offer it no more.
"""

from wagtail.models import Page, Workflow, WorkflowPage, WorkflowState, WorkflowTask

from .models import IndependentApprovalTask

COMMS_REVIEW = "Comms review"
COMMS_APPROVAL = "Comms approval"
# The workflow Wagtail's migrations make.
WAGTAILS_DEFAULT = "Moderators approval"


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


def apply_workflows(approvers, reviewed_pages):
    """Make "Comms review" apply to `reviewed_pages` (and their subtrees) and nothing else;
    `approvers`: the group that approves."""
    workflow = comms_review_workflow(approvers)
    # Wagtail's migrations assign their default workflow to the root of the tree.
    root = Page.get_first_root_node()
    if root is not None:
        WorkflowPage.objects.filter(page=root).exclude(workflow=workflow).delete()
    unused = Workflow.objects.filter(name=WAGTAILS_DEFAULT, active=True).exclude(
        workflow_pages__isnull=False
    )
    for default in unused:
        if not WorkflowState.objects.active().filter(workflow=default).exists():
            default.active = False
            default.save(update_fields=["active"])
    pks = [page.pk for page in reviewed_pages]
    WorkflowPage.objects.filter(workflow=workflow).exclude(page__in=pks).delete()
    assigned = dict(WorkflowPage.objects.filter(page__in=pks).values_list("page", "workflow"))
    for page in reviewed_pages:
        if assigned.get(page.pk) != workflow.pk:
            WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow
