"""Wagtail's bulk Delete and Move of pages, where a page chosen with one of its ancestors
goes with that ancestor, as its descendant: Wagtail's act on each chosen page in turn,
and one already deleted or moved with its parent made the whole action a 500 (rolled
back). Registered in editorial.wagtail_hooks in place of Wagtail's.

And every bulk action, of any model, refusing ids that are none (`ids_checked`, routed
in portal/urls.py before Wagtail's own address)."""

import functools
import re

from django.http import Http404
from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
from wagtail.admin.views.pages.bulk_actions.move import MoveBulkAction
from wagtail.models import Page

# An id a database key can hold: "abc", "1.5", "" or 20 digits made Wagtail's bulk
# actions a 500 (its look-up raises ValueError or OverflowError), for every action and
# model and every signed-in role.
_ID = re.compile(r"^[0-9]{1,18}$")


def ids_checked(view):
    """Wagtail's bulk action view, answering 404 where an `id` (or `childOf`, with
    id=all) is no id."""

    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        ids = request.GET.getlist("id")
        parents = request.GET.getlist("childOf")
        if not all(_ID.match(value) for value in ids if value != "all") or not all(
            _ID.match(value) for value in parents
        ):
            raise Http404("No such objects.")
        return view(request, *args, **kwargs)

    return checked


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
