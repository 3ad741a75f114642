"""The admin API lists only what each user may use.

Wagtail's admin API (`/admin/api/main/`) feeds the page editor's choosers and previews.
Its images and documents endpoints answer anyone who can reach the admin, with every
item; here they answer only users who may choose images or documents, with the items of
the collections they may choose from (others: 403), and an item outside those is not
found. The pages endpoint already lists only the pages a user may reach.
"""

from rest_framework.exceptions import PermissionDenied
from wagtail import hooks
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.documents.permissions import permission_policy as document_permissions
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.images.permissions import permission_policy as image_permissions


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
