"""What editors type that the site refuses: a slug the site's own addresses take, and
required text that shows nothing."""

import unicodedata

from django import forms
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


# Characters that show nothing: controls, format characters (zero-width spaces, joiners,
# direction marks) and spaces. Python's strip() leaves the first two, so a title pasted as
# "\u200b" alone passed Wagtail's required check and showed as an empty link (a role's
# reference, a career area's name, in the filters, the same).
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


def shows_nothing(text):
    return bool(text) and all(unicodedata.category(ch) in INVISIBLE_CATEGORIES for ch in text)


def refuse_text_that_shows_nothing(form, cleaned_data):
    """A form error on each required text field of `form` whose value shows nothing."""
    for name, field in form.fields.items():
        if (
            field.required
            and isinstance(field, forms.CharField)
            and shows_nothing(cleaned_data.get(name))
        ):
            form.add_error(name, _("Enter letters a reader can see."))
