"""Recruiters work under Careers, with the Careers image collection and the career lists.

Comms editors and approvers already hold their page rights from the home page down,
which includes careers; here they also get the career areas and locations.
"""

from editorial.roles import (
    CAREERS_COLLECTION,
    COMMS_APPROVERS,
    COMMS_EDITORS,
    IMAGES_EDIT,
    RECRUITERS,
    CollectionGrant,
    ModelGrant,
    PageGrant,
    top_level_page,
)

CAREERS_SLUG = "careers"

CAREER_LISTS = tuple(
    f"careers.{action}_{model}"
    for model in ("careerarea", "location")
    for action in ("add", "change", "delete", "view")
)


def careers_index():
    """The careers index wherever it stands; before it exists, the section page at /careers/."""
    from .models import CareersIndexPage

    return CareersIndexPage.objects.first() or top_level_page(CAREERS_SLUG)()


GRANTS = [
    PageGrant(
        RECRUITERS,
        careers_index,
        # Wagtail's "publish" permission is also the one that allows unpublishing.
        ("add", "change", "publish"),
        "the Careers section",
    ),
    CollectionGrant(RECRUITERS, CAREERS_COLLECTION, IMAGES_EDIT),
    ModelGrant(RECRUITERS, CAREER_LISTS),
    ModelGrant(COMMS_EDITORS, CAREER_LISTS),
    ModelGrant(COMMS_APPROVERS, CAREER_LISTS),
]
