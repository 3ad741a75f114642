"""Demo content for careers: the section page (the careers issue fills it)."""

from portal.demo import ensure_child, paragraph, standard_page

from .roles import CAREERS_SLUG


def load(home):
    ensure_child(
        home,
        CAREERS_SLUG,
        standard_page(
            "Careers",
            "Work that matters, in roles you might not expect.",
            [
                paragraph(
                    "<p>We need people of every background and skill: analysts, "
                    "technologists, linguists, administrators and many more. Work cannot "
                    "be taken home, so home life stays your own.</p>"
                ),
            ],
            in_menu=True,
        ),
    )
