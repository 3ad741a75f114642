"""What tests of the admin's own forms check of a refused form's page."""

import re


def assert_said_first_and_tied_to_its_field(html, field_id, message):
    """A refused form's page: its title begins "Error:", the summary above the form (focused
    and announced) links to the field, and the field's input is described by its error,
    which says `message` (WCAG 1.3.1, 3.3.1)."""
    assert "<title>Error:" in html
    summary = html[html.index('role="alert"') :]
    summary = summary[: summary.index("</ul>")]
    assert f'href="#{field_id}"' in summary and message in summary
    field = re.search(rf'<(?:input|textarea|select)[^>]*\bid="{field_id}"[^>]*>', html)[0]
    assert f"{field_id}_error" in re.search(r'aria-describedby="([^"]*)"', field)[1].split()
    error = html[html.index(f'id="{field_id}_error"') :]
    assert message in error[: error.index("</div>")]
