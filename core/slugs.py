"""The slugs a page may not take at the top level: the site's own addresses."""

from django.utils.translation import gettext as _

# Top-level URL prefixes served by routes rather than pages.
RESERVED_TOP_LEVEL_SLUGS = frozenset(
    {
        "admin",
        "api",
        "documents",
        "embed",
        "feeds",
        "healthz",
        "media",
        "quiz",
        "report",
        "search",
        "static",
    }
)


def reserved_slug_error(parent, slug):
    """The error for a slug a page may not take under this parent, or None."""
    if parent is not None and parent.is_site_root() and slug in RESERVED_TOP_LEVEL_SLUGS:
        return _("“%(slug)s” is reserved for the site's own addresses; choose another slug.") % {
            "slug": slug
        }
    return None
