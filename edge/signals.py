"""A page made private leaves the mirror as its restriction commits (edge.mirror)."""

import logging

from django.db import transaction
from django.db.models import Q
from wagtail.models import Page

from .mirror import Mirror, enabled

logger = logging.getLogger("edge.mirror")


def restriction_saved(sender, instance, **kwargs):
    """The copies of the restricted page, its aliases and every page under them are
    deleted once the restriction commits: nginx must not answer them while the app is
    down, not even until the worker's next pass (which copies everything else again)."""
    if not enabled():
        return
    page_id = instance.page_id

    def remove():
        pages = Page.objects.filter(Q(pk=page_id) | Q(alias_of_id=page_id))
        mirror = Mirror()
        for page in pages:
            if (parts := page.get_url_parts()) is not None:
                removed = mirror.remove_pages_under(parts[2])
                logger.info("Mirror: %s copies under %s removed (restricted)", removed, parts[2])

    transaction.on_commit(remove)
