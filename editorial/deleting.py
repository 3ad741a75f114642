"""Deleting an image or a document takes the right to delete it, and only those who have
it are offered Delete; changing one that pages use takes the right to edit each of them.

Wagtail's image and document permissions count deleting as changing
(`CollectionOwnershipPermissionPolicy`): whoever may change one in a collection may delete
it. The roles give comms editors and recruiters the right to add, change and choose them,
and to delete them only to approvers and administrators (editorial.roles). Wagtail's
collection policy without ownership reads the delete right, per collection; it is the one
asked here, by Wagtail's own delete views routed at their own addresses before the
admin's (portal/urls.py), and by its bulk Delete (registered in editorial.wagtail_hooks
in place of Wagtail's). Their edit views, routed the same way, offer Delete to those
alone.

One exception: the upload page offers Delete beside each file just uploaded ("if the
upload wasn't required"); there, the uploader may delete their own upload while nothing
uses it (`UploadsTheirOwn`).

Changing an image or a document (its file, title, alt text, focal point) changes every
page, snippet and setting that shows it, at once and without review. Wagtail asks only
the right to change items of its collection, so a recruiter, who may change the Careers
collection's pictures, could have replaced one that comms used on the home page. Here the
edit views also ask that the user may change everything that uses it (Wagtail's reference
index): publish each live page (a change it shows at once is a publication: a comms
editor, whose news goes through review, could otherwise have replaced an article's
picture unreviewed), edit each draft, change each snippet and setting:
`used_where_the_user_may_not_change`.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.documents.views import documents as document_views
from wagtail.documents.views import multiple as multiple_document_views
from wagtail.documents.views.bulk_actions.delete import DeleteBulkAction as DocumentDeleteBulkAction
from wagtail.images import get_image_model
from wagtail.images.views import images as image_views
from wagtail.images.views import multiple as multiple_image_views
from wagtail.images.views.bulk_actions.delete import DeleteBulkAction as ImageDeleteBulkAction
from wagtail.models import Page, ReferenceIndex
from wagtail.permission_policies.collections import CollectionPermissionPolicy

IMAGE_DELETING = CollectionPermissionPolicy(get_image_model())
DOCUMENT_DELETING = CollectionPermissionPolicy(get_document_model())
POLICIES = {get_image_model(): IMAGE_DELETING, get_document_model(): DOCUMENT_DELETING}


def may_delete(user, instance):
    policy = POLICIES.get(type(instance))
    return policy is None or policy.user_has_permission_for_instance(user, "delete", instance)


class DeleteImage(image_views.DeleteView):
    permission_policy = IMAGE_DELETING


class UploadsTheirOwn(CollectionPermissionPolicy):
    """The delete right, or an upload of the user's own that nothing uses yet (no page,
    snippet or setting refers to it): what the upload page's Delete removes. Wagtail's
    policies know owners only as a right to change everything one uploaded."""

    def user_has_permission_for_instance(self, user, action, instance):
        if super().user_has_permission_for_instance(user, action, instance):
            return True
        return (
            action == "delete"
            and instance.uploaded_by_user_id is not None
            and instance.uploaded_by_user_id == user.pk
            and super().user_has_permission_for_instance(user, "add", instance)
            and not ReferenceIndex.get_references_to(instance).exists()
        )


class DeleteUploadedImage(multiple_image_views.DeleteView):
    permission_policy = UploadsTheirOwn(get_image_model())


class DeleteDocument(document_views.DeleteView):
    permission_policy = DOCUMENT_DELETING


class DeleteUploadedDocument(multiple_document_views.DeleteView):
    permission_policy = UploadsTheirOwn(get_document_model())


def used_where_the_user_may_not_change(user, instance):
    """Names of the pages, snippets and settings using `instance` that `user` may not
    change: publish (a live page), edit (a page not live) or change (the rest). At most a
    few, sorted; empty when they may change every one. Superusers may change anything
    (Wagtail logs the change), as they may publish news without review."""
    if user.is_superuser:
        return []
    page_ids, others = set(), set()
    for reference in ReferenceIndex.get_references_to(instance).select_related("base_content_type"):
        model = reference.base_content_type.model_class()
        if model is None:
            continue
        if issubclass(model, Page):
            page_ids.add(int(reference.object_id))
        elif not user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}"):
            others.add(str(capfirst(model._meta.verbose_name)))
    pages = Page.objects.filter(pk__in=page_ids).specific(defer=True)
    for page in pages:
        rights = page.permissions_for_user(user)
        if not (rights.can_publish() if page.live else rights.can_edit()):
            others.add(page.title)
    return sorted(others)[:5]


def refusal(user, instance):
    """Why `user` may not change `instance`, or None."""
    if used_where := used_where_the_user_may_not_change(user, instance):
        return _(
            "It is shown where you may not publish a change: %(places)s. Ask an editor who may."
        ) % {"places": ", ".join(used_where)}
    return None


class ChangesOnlyWhereTheUserMayEdit:
    """For Wagtail's edit views: the form is shown, but not saved, with the refusal."""

    def is_valid(self, form):
        # Wagtail's place for checks beyond the form's own (a locked object's, say).
        if (valid := super().is_valid(form)) and (why := refusal(self.request.user, self.object)):
            form.add_error(None, why)
            self.produced_error_code = "permission_denied"
            self.produced_error_message = why
            return False
        return valid

    @cached_property
    def can_delete(self):
        return may_delete(self.request.user, self.object)


class EditImage(ChangesOnlyWhereTheUserMayEdit, image_views.EditView):
    pass


class EditDocument(ChangesOnlyWhereTheUserMayEdit, document_views.EditView):
    pass


class RefusedWhereTheUserMayNotEdit:
    """For the upload page's edit views (Wagtail's, for items just uploaded, which nothing
    uses yet): an item in use where the user may not edit is refused (PermissionDenied,
    which the admin answers with its "Sorry, you do not have permission")."""

    def post(self, request, *args, **kwargs):
        item = get_object_or_404(self.get_model(), pk=kwargs[self.pk_url_kwarg])
        if refusal(request.user, item):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)


class EditUploadedImage(RefusedWhereTheUserMayNotEdit, multiple_image_views.EditView):
    pass


class EditUploadedDocument(RefusedWhereTheUserMayNotEdit, multiple_document_views.EditView):
    pass


class DeleteImagesInBulk(ImageDeleteBulkAction):
    """Wagtail's bulk Delete asking the right to delete (its own asks the right to
    change): what the user may not delete is left out of the confirmation and of the
    post alike."""

    def check_perm(self, image):
        return may_delete(self.request.user, image)


class DeleteDocumentsInBulk(DocumentDeleteBulkAction):
    def check_perm(self, document):
        return may_delete(self.request.user, document)
