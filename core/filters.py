"""The filters of an index page (news by kind and year, roles by area and location), as
`templates/components/filter_form.html` shows them: one select each, sent by GET."""

from dataclasses import dataclass


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
