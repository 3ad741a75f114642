"""Wagtail's bulk Delete and Move of pages, where a page chosen with one of its ancestors
goes with that ancestor, as its descendant: Wagtail's act on each chosen page in turn,
and one already deleted or moved with its parent made the whole action a 500 (rolled
back). Registered in editorial.wagtail_hooks in place of Wagtail's."""

from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
from wagtail.admin.views.pages.bulk_actions.move import MoveBulkAction
from wagtail.models import Page


def uppermost(pages):
    """The pages none of whose ancestors is among `pages` (an ancestor's path is a prefix
    of whole steps: one look-up per level, not per pair of pages)."""
    paths = {page.path for page in pages}
    return [
        page
        for page in pages
        if not any(
            page.path[:end] in paths for end in range(Page.steplen, len(page.path), Page.steplen)
        )
    ]


class UppermostOnly:
    """Acts on the uppermost chosen pages alone, from the confirmation on: the others
    go with them. (Wagtail's confirmation also listed a chosen descendant apart and
    counted it twice, and a Move was refused when a chosen child's slug was taken at the
    destination, where the child was not going.)"""

    @classmethod
    def get_queryset(cls, model, object_ids):
        return uppermost(super().get_queryset(model, object_ids))


class DeletePagesInBulk(UppermostOnly, DeleteBulkAction):
    pass


class MovePagesInBulk(UppermostOnly, MoveBulkAction):
    pass
