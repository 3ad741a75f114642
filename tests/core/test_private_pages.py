"""Pages an editor makes private (Wagtail's Privacy setting) can still be opened by those
meant to: the password form posts to Wagtail's own `_util/` address, which the site's
page serving must leave to Wagtail, and signed-in-only pages send visitors to sign in."""

import re

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from core.queries import is_public, public_live
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_password(sections):
    page = factories.standard_page(sections["home"], "Briefing for partners")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="blue-heron-42"
    )
    return page


def password_form(client, page):
    response = client.get(page.url)
    html = response.content.decode()
    action = re.search(r'<form action="([^"]+)" method="post"', html).group(1)
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    return response, action, fields


def test_the_password_form_opens_the_page(with_password):
    client = Client(enforce_csrf_checks=True)
    response, action, fields = password_form(client, with_password)
    assert response.status_code == 200
    html = response.content.decode()
    # In the site's own layout, kept out of search engines, the page's content withheld.
    assert 'class="site-header"' in html and 'content="noindex"' in html
    assert "Password required" in html and "Briefing for partners" not in html
    assert action.startswith("/_util/authenticate_with_password/")

    opened = client.post(action, {**fields, "password": "blue-heron-42"}, follow=True)

    assert opened.status_code == 200
    assert opened.redirect_chain[-1][0] == with_password.url
    assert "Briefing for partners" in opened.content.decode()
    assert "Password required" not in opened.content.decode()


def test_a_wrong_password_says_so_and_opens_nothing(with_password):
    client = Client(enforce_csrf_checks=True)
    _response, action, fields = password_form(client, with_password)

    refused = client.post(action, {**fields, "password": "guess"})

    assert refused.status_code == 200
    html = refused.content.decode()
    assert 'class="form-error"' in html and "Password required" in html
    # Said above the form too, as the report form says its errors: the title begins
    # "Error:", and the summary links to the field.
    assert "<title>Error: Password required |" in html
    summary = html[html.index('class="error-summary"') :].split("</div>", 1)[0]
    assert 'role="alert"' in summary and 'href="#id_password"' in summary
    assert 'id="id_password"' in html
    assert client.get(with_password.url).content.decode().count("Password required") >= 1
    assert "Error:" not in client.get(with_password.url).content.decode().split("</title>")[0]


def test_signed_in_only_pages_send_visitors_to_sign_in(client, sections, comms_editor):
    page = factories.standard_page(sections["home"], "Staff notice")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    response = client.get(page.url)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")
    assert client.get(response["Location"]).status_code == 200
    client.force_login(comms_editor)
    assert "Staff notice" in client.get(page.url).content.decode()


def test_a_page_password_cannot_be_guessed_by_trying(with_password, settings):
    """At most PAGE_PASSWORD_TRIES_PER_CLIENT_PER_HOUR tries an hour from one client;
    then a 429, the right password included."""
    settings.PAGE_PASSWORD_TRIES_PER_CLIENT_PER_HOUR = 3
    client = Client(enforce_csrf_checks=True)
    _response, action, fields = password_form(client, with_password)
    for _ in range(3):
        assert client.post(action, {**fields, "password": "guess"}).status_code == 200

    refused = client.post(action, {**fields, "password": "blue-heron-42"})

    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    assert "Too many tries" in refused.content.decode()
    assert "Briefing for partners" not in client.get(with_password.url).content.decode()
    # Another client still may.
    other = Client(enforce_csrf_checks=True, REMOTE_ADDR="192.0.2.77")
    _response, action, fields = password_form(other, with_password)
    assert other.post(action, {**fields, "password": "blue-heron-42"}).status_code == 302


def test_wagtails_own_sign_in_page_is_no_page_here(client, sections):
    """Signed-in-only pages send visitors to the admin's sign-in, with its lockout."""
    assert client.get("/_util/login/").status_code == 404


@pytest.fixture
def private_document(sections):
    """A document in a collection made private with a password."""
    collection = Collection.get_first_root_node().add_child(name="Partners only")
    CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="blue-heron-42",
    )
    return get_document_model().objects.create(
        title="Partner briefing",
        file=ContentFile(b"a,b\n1,2\n", name="briefing.csv"),
        collection=collection,
    )


def test_a_collection_password_cannot_be_guessed_by_trying_either(private_document, settings):
    """Wagtail's document password form had no limit: 30 wrong tries, then the right one
    let in. As a page's: a 429, the right password included; in the site's layout."""
    settings.PAGE_PASSWORD_TRIES_PER_CLIENT_PER_HOUR = 3
    client = Client(enforce_csrf_checks=True)
    form, action, fields = password_form(client, private_document)
    assert 'class="site-header"' in form.content.decode()
    assert action.startswith("/documents/authenticate_with_password/")
    for _ in range(3):
        assert client.post(action, {**fields, "password": "guess"}).status_code == 200

    refused = client.post(action, {**fields, "password": "blue-heron-42"})

    assert refused.status_code == 429
    assert "Too many tries" in refused.content.decode()
    other = Client(enforce_csrf_checks=True, REMOTE_ADDR="192.0.2.77")
    _form, action, fields = password_form(other, private_document)
    let_in = other.post(action, {**fields, "password": "blue-heron-42"})
    assert let_in.status_code == 302 and let_in["Location"] == private_document.url
    assert other.get(private_document.url).status_code == 200


# Tampered return addresses: another site's, and bare words, which Django's redirect()
# took for a URL's name (a 500 where none is; the search page for "search").
NOT_A_PATH = ["//evil.example/", "https://evil.example/", "/\\evil.example", "abc", "search", ""]


@pytest.mark.parametrize("return_url", NOT_A_PATH)
def test_a_return_address_that_is_not_the_site_s_leads_home(with_password, return_url):
    """Wagtail sends a visitor whose return address was tampered with to Django's
    LOGIN_REDIRECT_URL, /accounts/profile/ by default: a 404 here."""
    client = Client(enforce_csrf_checks=True)
    _response, action, fields = password_form(client, with_password)

    let_in = client.post(action, {**fields, "password": "blue-heron-42", "return_url": return_url})

    assert let_in.status_code == 302 and let_in["Location"] == "/"
    assert "Briefing for partners" in client.get(with_password.url).content.decode()


@pytest.mark.parametrize("return_url", ["abc", "search"])
def test_a_document_s_return_address_that_is_not_a_path_leads_home(private_document, return_url):
    client = Client(enforce_csrf_checks=True)
    _form, action, fields = password_form(client, private_document)

    let_in = client.post(action, {**fields, "password": "blue-heron-42", "return_url": return_url})

    assert let_in.status_code == 302 and let_in["Location"] == "/"
    assert client.get(private_document.url).status_code == 200


def test_a_wrong_password_with_a_tampered_return_address_is_told_so(with_password):
    client = Client(enforce_csrf_checks=True)
    _response, action, fields = password_form(client, with_password)

    refused = client.post(action, {**fields, "password": "guess", "return_url": "abc"})

    assert refused.status_code == 200
    assert "Password required" in client.get(with_password.url).content.decode()


def test_documents_are_only_read(client, sections):
    document = get_document_model().objects.create(
        title="Annual report",
        file=ContentFile(b"a,b\n1,2\n", name="annual.csv"),
        collection=Collection.get_first_root_node(),
    )

    served = client.get(document.url)
    assert served.status_code == 200 and b"".join(served.streaming_content) == b"a,b\n1,2\n"
    assert "Content-Encoding" not in served  # Wagtail's said "None"
    for method in (client.post, client.put, client.delete, client.trace):
        refused = method(document.url)
        assert refused.status_code == 405
        assert refused["Allow"] == "GET, HEAD"


def test_an_alias_of_a_private_page_is_as_private_in_every_listing(client, sections):
    source = factories.standard_page(sections["privacy"], "Partners briefing")
    alias = source.create_alias(parent=sections["careers"], update_slug="briefing-copy")
    below = factories.standard_page(alias, "Annex")
    # Made private after its alias was made (Wagtail copies a restriction to an alias
    # made after it, as a row of the alias's own).
    PageViewRestriction.objects.create(
        page=source, restriction_type=PageViewRestriction.PASSWORD, password="blue-heron-42"
    )
    assert not PageViewRestriction.objects.filter(page=alias).exists()

    # Wagtail asks for the source page's password at the alias and below it...
    assert "Password required" in client.get(alias.url).content.decode()
    assert "Password required" in client.get(below.url).content.decode()
    # ... and nothing public lists them: not the sitemap, not the site's page queries.
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/careers/briefing-copy/" not in sitemap
    assert "/careers/briefing-copy/annex/" not in sitemap
    public = set(public_live(Page.objects.all()).values_list("pk", flat=True))
    assert {source.pk, alias.pk, below.pk}.isdisjoint(public)
    assert sections["careers"].pk in public
    assert not is_public(alias) and not is_public(below)
