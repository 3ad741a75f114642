"""Publish without review: the superuser's override of the Comms review, with a reason.

Only a superuser, only on a reviewed page (editorial.review), and only after saying why:
the reason goes in the page's history (a log entry of its own, shown with the reason)
and in the security log, beside the publication itself.

Also the dashboard's workflow actions, which say what an approval did.
"""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.pages.workflow import ConfirmWorkflowCancellation, WorkflowAction
from wagtail.log_actions import log
from wagtail.models import Page, TaskState

from accounts.models import SecurityEvent

from .review import approving, is_reviewed

LOG_ACTION = "editorial.publish_without_review"


class OverrideForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why does this page go live without review?"),
        help_text=gettext_lazy(
            "Kept in the page's history and the security log. Say who agreed, if anyone."
        ),
        min_length=10,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def may_override(user, page):
    return (
        user.is_superuser
        and is_reviewed(page)
        and page.permissions_for_user(user).can_publish_directly()
    )


@require_http_methods(["GET", "HEAD", "POST"])
def publish_without_review(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not may_override(request.user, page):
        raise PermissionDenied
    revision = page.get_latest_revision()
    if revision is None or (page.live and not page.has_unpublished_changes):
        messages.error(request, _("'%(title)s' has nothing waiting to go live.") % {"title": page})
        return redirect("wagtailadmin_pages:edit", page.pk)
    form = OverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        with transaction.atomic():
            if page.workflow_in_progress:
                page.current_workflow_state.cancel(user=request.user)
            with approving(request.user, page):
                revision.publish(user=request.user)
            log(
                instance=page,
                action=LOG_ACTION,
                user=request.user,
                revision=revision,
                data={"reason": reason},
            )
            SecurityEvent.record(
                SecurityEvent.Kind.PUBLISHED_WITHOUT_REVIEW,
                request,
                user=request.user,
                detail=f"page {page.pk}: {reason}",
            )
        revision.refresh_from_db()
        # The title as published: the page in hand has the title from before. A version
        # with a go-live date ahead is scheduled by Wagtail's publish, not published: the
        # message said "published" beside "scheduled" (found by an editors' probe).
        said = (
            _("'%(title)s' is scheduled to go live without review.")
            if revision.approved_go_live_at
            else _("'%(title)s' has been published without review.")
        )
        messages.success(request, said % {"title": revision.as_object().title})
        return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(
        request,
        "editorial/publish_without_review.html",
        {"page": page, "revision": revision, "form": form},
    )


def approval_message(page):
    """What approving `page` did: published it, or scheduled it for its go-live date."""
    title = page.get_admin_display_title()
    if page.revisions.filter(approved_go_live_at__isnull=False).exists():
        return _("'%(title)s' has been approved and is scheduled to go live.") % {"title": title}
    return _("'%(title)s' has been approved and published.") % {"title": title}


class WorkflowActionSayingWhatItDid(WorkflowAction):
    """Wagtail's workflow action, as the dashboard's Approve and Request changes run it,
    which says nothing of what it did: here an approval says whether the page went live
    or is scheduled, as it does from the editor
    (editorial.wagtail_hooks.say_what_an_approval_did), and a request for changes says
    so. Routed in place of Wagtail's own address (portal/urls.py); tests/editorial checks
    the dashboard's buttons reach it."""

    def get_task_state(self):
        """The step named in the address, only if it is one of this page's reviews.
        Wagtail finds it by its id alone and checks the actions against the page in the
        address: an approval posted to one page's address with another page's step
        approved the other page, and the message named the first."""
        return get_object_or_404(
            TaskState,
            id=self.task_state_id,
            workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
            workflow_state__object_id=str(self.object.pk),
        ).specific

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        self.task_state.refresh_from_db()
        if self.action_name == "approve" and self.task_state.status == TaskState.STATUS_APPROVED:
            messages.success(request, approval_message(Page.objects.get(pk=self.object.pk)))
        elif self.action_name == "reject" and self.task_state.status == TaskState.STATUS_REJECTED:
            title = Page.objects.get(pk=self.object.pk).get_admin_display_title()
            messages.success(
                request,
                _("Changes requested on '%(title)s': its author is told, with your comment.")
                % {"title": title},
            )
        return response


class ConfirmCancellationForThoseWhoEdit(ConfirmWorkflowCancellation):
    """Wagtail's confirmation that publishing cancels a page's review, for those who may
    edit the page: Wagtail's answered for any page id to anyone who may use the admin,
    saying whether it was in review, and at which step. Routed in place of Wagtail's own
    address (portal/urls.py)."""

    def dispatch(self, request, *args, **kwargs):
        if not self.object.permissions_for_user(request.user).can_edit():
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)
