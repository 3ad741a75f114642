"""The filters of an index page (news by kind and year, roles by area and location), as
`templates/components/filter_form.html` shows them: one select each, sent by GET."""

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Filter:
    name: str  # the query parameter
    label: str
    empty_label: str  # the option that filters nothing
    options: list  # (value, label) pairs, values as strings
    selected: str = ""

    @property
    def field_id(self):
        return f"filter-{self.name}"

    @property
    def chosen_label(self):
        """The label of the option chosen, or '' where the filter filters nothing."""
        return next((label for value, label in self.options if value == self.selected), "")


def title_detail(*chosen, page=None):
    """What a listing adds to its page's <title>: the labels of the options `chosen` ('':
    none) and, past the first, the page of the listing ("Speeches, 2020, page 2 of 3";
    '' for the listing as first shown), so that each view of it has a title of its own
    (WCAG 2.4.2)."""
    parts = [str(label) for label in chosen if label]
    if page is not None and page.number > 1:
        parts.append(
            _("page %(number)s of %(count)s")
            % {"number": page.number, "count": page.paginator.num_pages}
        )
    return ", ".join(parts)
