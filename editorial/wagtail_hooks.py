"""The admin's review rules (editorial.review) and what the admin API lists.

Review: a publish asked for but not allowed is refused (Wagtail would quietly save a draft
instead); a workflow action on a page whose review has finished meanwhile is dropped, and
the edits saved (Wagtail's edit view fails on it); an approval says what it did; a
superuser sees "Publish without review" on reviewed pages.

The admin API lists only what each user may use.

Wagtail's admin API (`/admin/api/main/`) feeds the page editor's choosers and previews.
Its images and documents endpoints answer anyone who can reach the admin, with every
item; here they answer only users who may choose images or documents, with the items of
the collections they may choose from (others: 403), and an item outside those is not
found. The pages endpoint already lists only the pages a user may reach.
"""

from django.contrib import messages as django_messages
from django.core.exceptions import PermissionDenied as Forbidden
from django.urls import path, reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import PermissionDenied
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.documents.permissions import permission_policy as document_permissions
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.images.permissions import permission_policy as image_permissions
from wagtail.log_actions import LogFormatter

from core.choosing import choosable, sees_the_whole_site

from . import views
from .bulk_pages import DeletePagesInBulk, MovePagesInBulk
from .bulk_tags import TagDocumentsInBulk, TagImagesInBulk
from .deleting import DeleteDocumentsInBulk, DeleteImagesInBulk


def only_what_the_user_may_choose(viewset, permission_policy):
    class ChoosableOnly(viewset):
        def get_queryset(self):
            user = self.request.user
            if not permission_policy.user_has_permission(user, "choose"):
                raise PermissionDenied
            choosable = permission_policy.instances_user_has_permission_for(user, "choose")
            return super().get_queryset().filter(pk__in=choosable.values("pk"))

    ChoosableOnly.__name__ = f"ChoosableOnly{viewset.__name__}"
    return ChoosableOnly


@hooks.register("construct_page_chooser_queryset")
def chooser_shows_drafts_only_where_the_user_may_explore(pages, request):
    """The chooser's lists (its steps that read ids: core.choosing)."""
    return pages.filter(choosable(request.user))


# After Wagtail's own registrations (order 0), which these replace.
@hooks.register("construct_admin_api", order=1)
def admin_api_lists_only_what_users_may_choose(router):
    router.register_endpoint(
        "images", only_what_the_user_may_choose(ImagesAdminAPIViewSet, image_permissions)
    )
    router.register_endpoint(
        "documents",
        only_what_the_user_may_choose(DocumentsAdminAPIViewSet, document_permissions),
    )


@hooks.register("register_admin_urls")
def register_review_urls():
    return [
        path(
            "pages/<int:page_id>/publish-without-review/",
            views.publish_without_review,
            name="editorial_publish_without_review",
        )
    ]


@hooks.register("register_log_actions")
def register_review_log_actions(actions):
    @actions.register_action(views.LOG_ACTION)
    class PublishedWithoutReview(LogFormatter):
        label = gettext_lazy("Publish without review")
        message = gettext_lazy("Published without review")

        def format_comment(self, log_entry):
            return log_entry.data.get("reason", "")


class PublishWithoutReviewMenuItem(ActionMenuItem):
    label = gettext_lazy("Publish without review…")
    name = "action-publish-without-review"
    icon_name = "warning"

    def is_shown(self, context):
        page = context.get("page")
        return (
            context["view"] == "edit"
            and not context["locked_for_user"]
            and views.may_override(context["request"].user, page)
        )

    def get_url(self, parent_context):
        return reverse("editorial_publish_without_review", args=[parent_context["page"].pk])


@hooks.register("register_page_action_menu_item")
def register_publish_without_review_menu_item():
    return PublishWithoutReviewMenuItem(order=60)


def _asked(request, action):
    return request.method == "POST" and bool(request.POST.get(action))


@hooks.register("before_edit_page")
def refuse_what_the_user_may_not_do(request, page):
    if (
        _asked(request, "action-publish")
        and not page.permissions_for_user(request.user).can_publish()
    ):
        raise Forbidden
    if _asked(request, "action-workflow-action") and page.current_workflow_task is None:
        # The review finished meanwhile (approved in another tab, or this is the editor's
        # autosave after an approval): save the edits as a draft instead of failing.
        request.POST = request.POST.copy()
        del request.POST["action-workflow-action"]
        if request.accepts("text/html"):
            messages.warning(
                request,
                _("'%(title)s' was no longer in review: your changes are saved as a draft.")
                % {"title": page.get_admin_display_title()},
            )


@hooks.register("before_create_page")
def refuse_publishing_a_new_page(request, parent_page, page_class):
    if (
        _asked(request, "action-publish")
        and not parent_page.permissions_for_user(request.user).can_publish_subpage()
    ):
        raise Forbidden


@hooks.register("after_edit_page")
def say_what_an_approval_did(request, page):
    if not (
        _asked(request, "action-workflow-action")
        and request.POST.get("workflow-action-name") == "approve"
    ):
        return
    title = page.get_admin_display_title()
    if page.current_workflow_task is not None:
        message = _(
            "Your changes to '%(title)s' are saved. As you wrote them, another approver "
            "must approve the page before it goes live."
        ) % {"title": title}
    else:
        message = views.approval_message(page)
    # Wagtail's edit view has just said the page "has been updated" (its own words,
    # translated the same way here): say what happened instead.
    updated = escape(_("Page '%(page_title)s' has been updated.") % {"page_title": title})
    earlier = [m for m in django_messages.get_messages(request) if updated not in str(m)]
    for m in earlier:
        django_messages.add_message(request, m.level, m.message, extra_tags=m.extra_tags)
    messages.success(request, message)


# After Wagtail's own (order 0), which these replace for the same action.
hooks.register("register_bulk_action", DeleteImagesInBulk, order=1)
hooks.register("register_bulk_action", DeleteDocumentsInBulk, order=1)
hooks.register("register_bulk_action", DeletePagesInBulk, order=1)
hooks.register("register_bulk_action", MovePagesInBulk, order=1)
hooks.register("register_bulk_action", TagImagesInBulk, order=1)
hooks.register("register_bulk_action", TagDocumentsInBulk, order=1)


@hooks.register("construct_reports_menu")
def reports_for_those_who_see_the_whole_site(request, menu_items):
    """The page types report names the last page edited of each type, drafts included;
    the site history, what was done above the user's own pages (core.choosing)."""
    if not sees_the_whole_site(request.user):
        whole_site = {"page-types-usage", "site-history"}
        menu_items[:] = [item for item in menu_items if item.name not in whole_site]
