"""Adding many pages at once, for scale tests and benchmarks.

Creating pages one by one through Wagtail costs dozens of queries each (tree updates,
revisions, search index, reference index); ten thousand would take an hour. Here the
tree rows are computed and inserted in batches. The pages are live and correct in the
tree, but have no revisions, and are in the search index only where `index=True` asks
(or once `update_index` runs).
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from search import vocabulary
from serving import record_change

BATCH = 500


@transaction.atomic
def bulk_add_children(parent, pages, *, index=False):
    """Insert `pages` (unsaved instances of one page type) as live children of `parent`;
    with `index`, also into the search index and its vocabulary."""
    if not pages:
        return []
    model = type(pages[0])
    parent = Page.objects.get(pk=parent.pk)
    last = parent.get_last_child()
    first_step = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    page_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]

    for offset, page in enumerate(pages):
        page.path = Page._get_path(parent.path, parent.depth + 1, first_step + offset)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type = content_type
        page.locale_id = parent.locale_id
        page.translation_key = uuid.uuid4()
        page.live = True
        page.has_unpublished_changes = False
        page.draft_title = page.title
        page.first_published_at = page.first_published_at or now
        page.last_published_at = page.last_published_at or now

    base_rows = [
        Page(**{field.attname: getattr(page, field.attname) for field in page_fields})
        for page in pages
    ]
    Page.objects.bulk_create(base_rows, batch_size=BATCH)
    ids = dict(
        Page.objects.filter(
            path__startswith=parent.path, depth=parent.depth + 1, path__gte=pages[0].path
        ).values_list("path", "id")
    )
    for page in pages:
        page.id = page.page_ptr_id = ids[page.path]
    child_fields = model._meta.local_concrete_fields
    for start in range(0, len(pages), BATCH):
        model._base_manager._insert(pages[start : start + BATCH], fields=child_fields)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    if index:
        # What publishing each page would have done for search.
        get_search_backend().add_bulk(model, pages)
        vocabulary.refresh(pages)
    # Inserted without Wagtail's publish signals: say that every page may list them.
    record_change(f"{len(pages)} {model._meta.verbose_name_plural} added in bulk")
    return pages
