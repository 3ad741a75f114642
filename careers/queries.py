"""What other apps, templates and the page cache may ask the careers app.

Only live, public roles are ever listed, and only while open: a role leaves the
listings at its closing time because every query compares it with the clock.
"""

from typing import NamedTuple

from django.db.models import F, Value
from django.utils import timezone

from portal.queries import public_live

from .models import (
    CareerArea,
    Location,
    RoleProfilePage,
    StaffStoryPage,
    location_names_subquery,
    open_q,
)


def open_roles(*, area=None, location=None):
    """Open roles, closing soonest first (those without a closing time last).

    `area` and `location` are a CareerArea and a Location (or FilterOptions naming
    one), or None for all. Each role carries its location names (`location_list`).
    """
    roles = RoleProfilePage.objects.filter(open_q()).annotate(
        location_names=location_names_subquery()
    )
    if area is not None:
        roles = roles.filter(career_area_id=area.pk)
    if location is not None:
        roles = roles.filter(locations__pk=location.pk)
    return (
        public_live(roles)
        .select_related("career_area")
        .defer_streamfields()
        .order_by(F("closes_at").asc(nulls_last=True), "title", "pk")
    )


def staff_stories():
    """Live, public staff stories, newest first."""
    return (
        public_live(StaffStoryPage.objects.all())
        .defer_streamfields()
        .order_by("-first_published_at", "-pk")
    )


class FilterOption(NamedTuple):
    pk: int
    name: str
    slug: str


def filter_options():
    """(career areas, locations) as FilterOptions in name order, in one query."""
    fields = ("kind", "pk", "name", "slug")
    areas = CareerArea.objects.order_by().annotate(kind=Value("area")).values_list(*fields)
    places = Location.objects.order_by().annotate(kind=Value("location")).values_list(*fields)
    rows = areas.union(places, all=True).order_by("kind", "name")
    options = {"area": [], "location": []}
    for kind, *option in rows:
        options[kind].append(FilterOption(*option))
    return options["area"], options["location"]


def next_listing_change_at():
    """The earliest closing time still to come among live, public roles, or None.

    Cached listings of roles must expire by then, since a role leaves them by itself.
    """
    return (
        public_live(RoleProfilePage.objects.filter(closes_at__gt=timezone.now()))
        .order_by("closes_at")
        .values_list("closes_at", flat=True)
        .first()
    )
