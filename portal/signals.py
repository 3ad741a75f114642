"""What purges the page cache: any change that can show on a public page."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, Revision
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import page_cache, purge


def purge_for_page(sender, instance, **kwargs):
    page_cache.purge_all(f"page {instance.pk} changed")
    purge.purge_page_from_cdn(instance)


def purge_for_deleted_page(sender, instance, **kwargs):
    if isinstance(instance, Page):
        page_cache.purge_all(f"page {instance.pk} deleted")
        purge.purge_everything_from_cdn()


def purge_for_schedule(sender, instance, **kwargs):
    # A revision approved to go live later: the pages around it must not outlive it.
    if instance.approved_go_live_at is not None:
        page_cache.purge_all("publication scheduled")


def purge_everything(sender, instance=None, **kwargs):
    page_cache.purge_all(f"{sender._meta.label} changed")
    purge.purge_everything_from_cdn()


def purge_on_change_of(model):
    """Purge every page whenever a row of `model` is saved or deleted."""
    uid = f"portal-page-cache-{model._meta.label_lower}"
    post_save.connect(purge_everything, sender=model, dispatch_uid=f"{uid}-save")
    post_delete.connect(purge_everything, sender=model, dispatch_uid=f"{uid}-delete")


def connect():
    """Connected by PortalConfig.ready(); other apps add their models with purge_on_change_of."""
    from wagtail.contrib.search_promotions.models import SearchPromotion
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import PageViewRestriction, Site

    from .models import FactOrFiction, SiteSettings

    page_published.connect(purge_for_page, dispatch_uid="portal-page-cache-published")
    page_unpublished.connect(purge_for_page, dispatch_uid="portal-page-cache-unpublished")
    post_page_move.connect(purge_for_page, dispatch_uid="portal-page-cache-moved")
    post_delete.connect(purge_for_deleted_page, dispatch_uid="portal-page-cache-deleted")
    post_save.connect(
        purge_for_schedule, sender=Revision, dispatch_uid="portal-page-cache-scheduled"
    )
    # A view restriction added or removed changes who may see a page and what listings
    # show; a Site's host or root changes every address; an image or document replaced
    # changes the addresses pages link to; a promoted search result shows on search.
    for model in (
        SiteSettings,
        FactOrFiction,
        PageViewRestriction,
        Site,
        get_image_model(),
        get_document_model(),
        SearchPromotion,
    ):
        purge_on_change_of(model)
