"""Recruiters work under Careers, with the Careers image collection."""

from portal.roles import (
    CAREERS_COLLECTION,
    IMAGES_EDIT,
    RECRUITERS,
    CollectionGrant,
    PageGrant,
    top_level_page,
)

CAREERS_SLUG = "careers"

GRANTS = [
    PageGrant(
        RECRUITERS,
        top_level_page(CAREERS_SLUG),
        ("add", "change", "publish"),
        "the Careers section",
    ),
    CollectionGrant(RECRUITERS, CAREERS_COLLECTION, IMAGES_EDIT),
]
