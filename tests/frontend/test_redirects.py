"""Old addresses keep working: editors' redirects, and pages renamed or moved."""

import pytest
from wagtail.contrib.redirects.models import Redirect

from tests import factories

pytestmark = pytest.mark.usefixtures("site_for_the_module")


def test_an_editors_redirect_sends_visitors_on(client, sections):
    target = factories.standard_page(sections["home"], "Report a concern")
    Redirect.objects.create(old_path="/report", redirect_page=target, is_permanent=True)

    response = client.get("/report/")

    assert response.status_code == 301
    assert response["Location"].endswith("/report-a-concern/")


def test_a_renamed_page_keeps_its_old_address(client, sections, django_capture_on_commit_callbacks):
    page = factories.standard_page(sections["home"], "Contact us")
    # Wagtail announces a new slug once the transaction commits, as it does in the admin.
    with django_capture_on_commit_callbacks(execute=True):
        page.slug = "contact"
        page.save_revision().publish()

    response = client.get("/contact-us/")

    assert response.status_code == 301
    assert response["Location"].endswith("/contact/")
    assert client.get(response["Location"]).status_code == 200


def test_a_moved_page_keeps_its_old_address(client, sections):
    about = factories.standard_page(sections["home"], "About")
    page = factories.standard_page(sections["home"], "History")
    page.move(about, pos="last-child")

    response = client.get("/history/")

    assert response.status_code == 301
    assert response["Location"].endswith("/about/history/")
