"""The vocabulary follows every change of what is public, in the change's transaction."""

from django.db.models.signals import post_delete, post_save, pre_delete

from . import vocabulary


def _published(instance, **kwargs):
    from wagtail.search.index import insert_or_update_object

    # Wagtail indexed the page when its row was saved, before its many-to-many relations
    # (a role's locations) were: index it again, whole.
    insert_or_update_object(instance)
    vocabulary.refresh([instance])


def _alias_made(sender, instance, created=False, **kwargs):
    """An alias is made live without `page_published` (sent for it only when the page it
    copies is published again): without this its result had no summary, and its words
    counted for nothing, until then."""
    from wagtail.models import Page

    if created and isinstance(instance, Page) and instance.alias_of_id and instance.live:
        vocabulary.refresh([instance.specific])


def _unpublished(instance, **kwargs):
    # Also sent for a live page being deleted, which still says it is live.
    vocabulary.forget([instance.pk])


def _moved(instance, **kwargs):
    vocabulary.refresh_tree(instance)


def _restriction_changed(instance, origin=None, **kwargs):
    from wagtail.models import Page

    # Deleted with its page (`origin`: what the deletion began with), the page already
    # forgotten (_deleted): reading what was below it, half deleted, failed, and a private
    # page could not be deleted.
    if isinstance(origin, Page) or issubclass(getattr(origin, "model", object), Page):
        return
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        # Its aliases are as private as it is.
        for each in (page, *Page.objects.filter(alias_of=page)):
            vocabulary.refresh_tree(each)


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
    post_save.connect(_alias_made, dispatch_uid="search-alias-made")
    for signal in (post_save, post_delete):
        signal.connect(
            _restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"search-restriction-{signal is post_save}",
        )
