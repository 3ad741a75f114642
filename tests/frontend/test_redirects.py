"""Old addresses keep working: editors' redirects, and pages renamed or moved."""

import re

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


def test_a_redirect_to_a_page_not_published_is_the_old_address_s_404(client, sections):
    """Found by an editors' probe: the visitor was sent on to a 404, told the address of
    an article not published yet."""
    target = factories.standard_page(sections["home"], "Embargoed statement")
    Redirect.objects.create(old_path="/statement", redirect_page=target, is_permanent=True)
    assert client.get("/statement/").status_code == 301

    target.unpublish()
    response = client.get("/statement/")

    assert response.status_code == 404
    assert "Location" not in response
    assert "embargoed-statement" not in response.content.decode()


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


EVIL = "https://evil.example/"


@pytest.mark.parametrize(
    "old_path",
    [
        "/admin",
        "/admin/login",
        "/healthz/",
        "/search",
        "/report/send",
        "/feeds/news.atom",
        "/api/threat-level.json",
        "/_util/authenticate_with_password/1/2/",
    ],
)
def test_the_sites_own_addresses_cannot_be_redirected(client, sections, comms_editor, old_path):
    """Found by a review: a comms editor sent /admin (and the report form) to another
    site. The form refuses them; a redirect stored anyway (an import) is never followed."""
    client.force_login(comms_editor)

    response = client.post("/admin/redirects/add/", {"old_path": old_path, "redirect_link": EVIL})

    assert response.status_code == 200
    assert "cannot be redirected" in response.content.decode()
    assert not Redirect.objects.exists()
    Redirect.objects.create(old_path=Redirect.normalise_path(old_path), redirect_link=EVIL)
    client.logout()
    for address in {old_path, old_path.rstrip("/"), old_path.rstrip("/") + "/"}:
        assert client.get(address).get("Location") != EVIL, address


def test_a_pages_slash_less_address_goes_to_the_page_not_a_redirect(client, sections):
    Redirect.objects.create(old_path="/threat-levels", redirect_link=EVIL)

    response = client.get("/threat-levels")

    assert response.status_code == 301
    assert response["Location"] == "/threat-levels/"
    assert client.get("/threat-levels/").status_code == 200


def test_comms_staff_still_redirect_an_old_address_and_edit_it(client, sections, comms_editor):
    target = factories.standard_page(sections["home"], "Working here")
    client.force_login(comms_editor)

    response = client.post(
        "/admin/redirects/add/",
        {"old_path": "/jobs.html", "redirect_page": target.pk, "is_permanent": "on"},
    )

    assert response.status_code == 302
    redirect = Redirect.objects.get()
    response = client.post(
        f"/admin/redirects/{redirect.pk}/",
        {"old_path": "/admin/", "redirect_page": target.pk, "is_permanent": "on"},
    )
    assert "cannot be redirected" in response.content.decode()
    client.logout()
    assert client.get("/jobs.html")["Location"].endswith("/working-here/")
    # An old address of words: its slash first (as for any page), then the redirect.
    Redirect.objects.create(old_path="/vacancies", redirect_page=target)
    assert client.get("/vacancies")["Location"] == "/vacancies/"
    assert client.get("/vacancies/")["Location"].endswith("/working-here/")


@pytest.mark.parametrize(
    ("old_path", "said"),
    [
        ("http://[", "Enter an address on this site"),
        # Read as a host named "admin": it would have been the home page's address, `/`.
        ("//admin", "Enter an address on this site"),
        ("/", "cannot be redirected"),
        # Stored with a "/" in front: 256 characters, past the column (PostgreSQL: a 500).
        ("a" * 255, "at most 255 characters"),
    ],
)
def test_an_address_that_is_no_address_is_a_form_error(
    client, sections, comms_editor, old_path, said
):
    client.force_login(comms_editor)

    response = client.post("/admin/redirects/add/", {"old_path": old_path, "redirect_link": EVIL})

    assert response.status_code == 200
    assert said in response.content.decode()
    assert not Redirect.objects.exists()


def test_the_longest_address_that_fits_is_kept(client, sections, comms_editor):
    client.force_login(comms_editor)

    response = client.post("/admin/redirects/add/", {"old_path": "a" * 254, "redirect_link": EVIL})

    assert response.status_code == 302
    assert Redirect.objects.get().old_path == "/" + "a" * 254


def test_a_pages_own_404_is_not_taken_by_a_redirect_of_its_address(client, sections):
    """/news/?year=1900 is the news page's own 404: Wagtail would try the address without
    its query, and a redirect stored for /news would take it."""
    news = factories.news_index(sections["home"])
    Redirect.objects.create(old_path="/news", redirect_link=EVIL)

    response = client.get(news.url + "?year=1900")

    assert response.status_code == 404


def test_a_redirect_page_that_names_nothing_is_a_form_error(client, sections, comms_editor):
    client.force_login(comms_editor)

    response = client.post("/admin/redirects/add/", {"old_path": "/old", "redirect_page": "abc"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Redirect.objects.exists()


@pytest.mark.parametrize("path", ["/%00/", "/news/a%00/", "/x/%00/y/"])
def test_an_address_holding_a_nul_is_not_found(client, sections, path):
    """PostgreSQL refuses a NUL in a query: looking such an address up as a page or a
    redirect made the 404 a 500 there."""
    response = client.get(path)

    assert response.status_code == 404


def test_an_import_confirmed_with_fields_that_do_not_verify_is_refused(
    client, sections, comms_editor, recruiter
):
    """The confirmation's hidden fields are signed: a forged or missing one was a 500
    (Wagtail's form took the signature's error for one with a message)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(comms_editor)
    uploaded = client.post(
        "/admin/redirects/import/",
        {
            "import_file": SimpleUploadedFile(
                "moves.csv", b"from,to\n/old-news,https://www.gov.uk/news\n"
            )
        },
    )
    assert uploaded.status_code == 200
    signed = dict(
        re.findall(
            r'name="(import_file_name|input_format)" value="([^"]+)"', uploaded.content.decode()
        )
    )
    confirm = {**signed, "from_index": "0", "to_index": "1", "permanent": "on", "site": ""}
    process = "/admin/redirects/import/process/"

    for forged in (
        {**confirm, "import_file_name": "moves.csv"},
        {**confirm, "import_file_name": "../../settings.py:forged"},
        {**confirm, "input_format": "0"},
        {name: value for name, value in confirm.items() if name != "import_file_name"},
        {},
    ):
        assert client.post(process, forged).status_code == 400
    assert not Redirect.objects.filter(old_path="/old-news").exists()

    # Those who may not add redirects are refused as Wagtail refuses them.
    client.force_login(recruiter)
    response = client.post(process, confirm)
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert not Redirect.objects.filter(old_path="/old-news").exists()
    # The upload's own confirmation still imports.
    client.force_login(comms_editor)
    response = client.post(process, confirm)
    assert (response.status_code, response["Location"]) == (302, "/admin/redirects/")
    assert Redirect.objects.get(old_path="/old-news").link == "https://www.gov.uk/news"
    # Sent again (a double click, going back): the upload is gone, so back to it, told so
    # (Wagtail's view read the removed file: a 500).
    response = client.post(process, confirm, follow=True)
    assert response.redirect_chain == [("/admin/redirects/import/", 302)]
    assert "That import is done or has expired" in response.content.decode()
    assert Redirect.objects.filter(old_path="/old-news").count() == 1
