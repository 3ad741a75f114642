"""Bulk article rows for query budget tests: hundreds of pages in a few queries."""

import json
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page

from news.models import NewsArticlePage

KINDS = ("news", "blog", "speech")


def bulk_articles(index, count, newest):
    """`count` live articles under `index`, one a day back from `newest`, kinds in turn."""
    index.refresh_from_db()
    last = index.get_last_child()
    first_step = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
    content_type = ContentType.objects.get_for_model(NewsArticlePage)
    now = timezone.now()
    pages = []
    for number in range(count):
        slug = f"bulk-article-{number}"
        title = f"Bulk article {number}"
        pages.append(
            Page(
                title=title,
                draft_title=title,
                slug=slug,
                path=Page._get_path(index.path, index.depth + 1, first_step + number),
                depth=index.depth + 1,
                numchild=0,
                url_path=f"{index.url_path}{slug}/",
                content_type=content_type,
                locale_id=index.locale_id,
                translation_key=uuid.uuid4(),
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
            )
        )
    Page.objects.bulk_create(pages)
    ids = dict(
        Page.objects.filter(path__in=[page.path for page in pages]).values_list("path", "id")
    )
    body = json.dumps([{"type": "paragraph", "value": "<p>Bulk text.</p>", "id": "b1"}])
    rows = [
        (
            ids[page.path],
            f"Summary {number}",
            newest - timezone.timedelta(days=number),
            KINDS[number % 3],
            "",
            body,
            "Speaker" if KINDS[number % 3] == "speech" else "",
            "",
            "",
        )
        for number, page in enumerate(pages)
    ]
    table = NewsArticlePage._meta.db_table
    columns = (
        "page_ptr_id, summary, published_date, kind, image_alt_text, body, speaker, "
        "speaker_role, delivered_at"
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",  # noqa: S608
            rows,
        )
    Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + count)
    index.refresh_from_db()
