"""Deleting an image or a document takes the right to delete it, and only those who have
it are offered Delete.

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
"""

from django.utils.functional import cached_property
from wagtail.documents import get_document_model
from wagtail.documents.views import documents as document_views
from wagtail.documents.views import multiple as multiple_document_views
from wagtail.documents.views.bulk_actions.delete import DeleteBulkAction as DocumentDeleteBulkAction
from wagtail.images import get_image_model
from wagtail.images.views import images as image_views
from wagtail.images.views import multiple as multiple_image_views
from wagtail.images.views.bulk_actions.delete import DeleteBulkAction as ImageDeleteBulkAction
from wagtail.models import ReferenceIndex
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


class EditImage(image_views.EditView):
    @cached_property
    def can_delete(self):
        return may_delete(self.request.user, self.object)


class EditDocument(document_views.EditView):
    @cached_property
    def can_delete(self):
        return may_delete(self.request.user, self.object)


class DeleteImagesInBulk(ImageDeleteBulkAction):
    """Wagtail's bulk Delete asking the right to delete (its own asks the right to
    change): what the user may not delete is left out of the confirmation and of the
    post alike."""

    def check_perm(self, image):
        return may_delete(self.request.user, image)


class DeleteDocumentsInBulk(DocumentDeleteBulkAction):
    def check_perm(self, document):
        return may_delete(self.request.user, document)
