"""Bulk role rows for query budget tests: hundreds of pages in a few queries."""

import datetime
import json
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page

from careers.models import RoleProfilePage


def bulk_roles(index, count, *, area, locations=()):
    """`count` live, open role profiles under `index`, closing a day apart, in `area`."""
    index.refresh_from_db()
    last = index.get_last_child()
    first_step = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
    content_type = ContentType.objects.get_for_model(RoleProfilePage)
    now = timezone.now()
    pages = []
    for number in range(count):
        slug = f"bulk-role-{number}"
        title = f"Bulk role {number}"
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
    steps = json.dumps(
        [{"type": "step", "value": {"title": "Apply", "description": "Online."}, "id": "s1"}]
    )
    values = {
        "summary": "",
        "reference": "",
        "career_area_id": area.pk,
        "what_the_job_involves": "<p>Bulk work.</p>",
        "what_you_need": "<p>Bulk skills.</p>",
        "salary_minimum": 30000,
        "salary_maximum": 35000,
        "salary_text": "£30,000 to £35,000",
        "working_pattern": "full_time",
        "contract_type": "permanent",
        "number_of_posts": 1,
        "closes_at": None,
        "nationality": "British",
        "age": "18 or over",
        "residency": "UK",
        "vetting_level": "dv",
        "application_steps": steps,
        "apply_url": "https://apply.example.org/bulk",
    }
    columns = ["page_ptr_id", *values]
    rows = []
    for number, page in enumerate(pages):
        row = dict(
            values,
            summary=f"Summary {number}",
            reference=f"BULK-{number}",
            closes_at=now + datetime.timedelta(days=number + 1),
        )
        rows.append([ids[page.path], *row.values()])
    table = RoleProfilePage._meta.db_table
    placeholders = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})",  # noqa: S608
            rows,
        )
    through = RoleProfilePage.locations.through
    through.objects.bulk_create(
        [
            through(roleprofilepage_id=ids[page.path], location_id=location.pk)
            for page in pages
            for location in locations
        ]
    )
    Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + count)
    index.refresh_from_db()
