"""A post whose body cannot be read is a 400 that saves nothing, on every form: the
sign-in, password reset, a private page's password, the admin's forms. Found by an
outside fuzzing of the site under production settings (each was a 500)."""

import pytest
from django.test import Client

pytestmark = pytest.mark.usefixtures("site_for_the_module")

PART = b'--x\r\nContent-Disposition: form-data; name="username"\r\n\r\nadmin\r\n--x--\r\n'
BODIES = {
    # A charset that is no text encoding: Django's parser raised LookupError.
    "charset=hex": ("multipart/form-data; boundary=x; charset=hex", PART),
    # One that cannot replace what it cannot decode: UnicodeError.
    "charset=idna": ("multipart/form-data; boundary=x; charset=idna", PART),
    "form charset=hex": ("application/x-www-form-urlencoded; charset=hex", b"username=a"),
    # Django's own 400 (form posts must be UTF-8), which logged a traceback each.
    "form charset=latin-1": ("application/x-www-form-urlencoded; charset=latin-1", b"a=1"),
}


@pytest.mark.parametrize("body", BODIES)
@pytest.mark.parametrize("path", ["/admin/login/", "/admin/password_reset/"])
def test_an_unreadable_body_is_a_400(sections, path, body):
    content_type, data = BODIES[body]

    response = Client().generic("POST", path, data, content_type=content_type)

    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="site-header"' in html  # the site's own 400 page, saying what to do


def test_a_readable_body_is_read_as_ever(sections):
    response = Client().post("/admin/login/", {"username": "nobody", "password": "wrong"})

    assert response.status_code == 200
    assert "form" in response.context


def test_a_form_post_not_in_utf8_is_one_line_in_the_log(sections, caplog):
    content_type, data = BODIES["form charset=latin-1"]

    with caplog.at_level("WARNING"):
        response = Client().generic("POST", "/admin/login/", data, content_type=content_type)

    assert response.status_code == 400
    assert not [record for record in caplog.records if record.exc_info]
