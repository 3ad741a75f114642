"""The vocabulary follows every change of what is public, in the change's transaction."""

from django.db.models.signals import post_delete, post_save, pre_delete

from . import vocabulary


def _published(instance, **kwargs):
    from wagtail.search.index import insert_or_update_object

    # Wagtail indexed the page when its row was saved, before its many-to-many relations
    # (a role's locations) were: index it again, whole.
    insert_or_update_object(instance)
    vocabulary.refresh([instance])


def _unpublished(instance, **kwargs):
    # Also sent for a live page being deleted, which still says it is live.
    vocabulary.forget([instance.pk])


def _moved(instance, **kwargs):
    vocabulary.refresh_tree(instance)


def _restriction_changed(instance, **kwargs):
    from wagtail.models import Page

    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        vocabulary.refresh_tree(page)


def _deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        vocabulary.forget([instance.pk])


def connect():
    from wagtail.models import PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    # Connected before serving's receivers (this app comes first in INSTALLED_APPS): the
    # index and the vocabulary are current when the cache generation moves on.
    page_published.connect(_published, dispatch_uid="search-published")
    page_unpublished.connect(_unpublished, dispatch_uid="search-unpublished")
    post_page_move.connect(_moved, dispatch_uid="search-moved")
    pre_delete.connect(_deleted, dispatch_uid="search-deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            _restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"search-restriction-{signal is post_save}",
        )
