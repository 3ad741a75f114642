"""Every demo page's content passes the page editor's own checks as it stands: each kind
of block the site uses, read by the check of text that shows nothing (a picture's value is
the image itself, not a dict: that check was a 500 on any page with one)."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Page

from core.editor_input import refuse_text_that_shows_nothing
from core.models import SiteSettings

pytestmark = pytest.mark.usefixtures("demo_for_the_module")


@pytest.mark.django_db
def test_every_demo_page_s_text_shows_something():
    checked = 0
    for page in Page.objects.filter(depth__gt=1).specific():
        form_class = type(page).get_edit_handler().get_form_class()
        form = form_class(instance=page, parent_page=page.get_parent())
        form.cleaned_data, form._errors = {}, {}
        values = {name: getattr(page, name) for name in form.fields if hasattr(page, name)}
        refuse_text_that_shows_nothing(form, values)
        assert form._errors == {}, (page.url_path, form._errors)
        checked += 1
    assert checked > 30


@pytest.mark.django_db
def test_the_demo_names_its_contact_page_as_the_security_contact_for_the_year(client):
    expires = SiteSettings.objects.get().security_txt_expires
    today = timezone.localdate()

    response = client.get("/.well-known/security.txt")

    assert today < expires <= today + datetime.timedelta(days=366)  # as its form asks
    assert response.status_code == 200
    assert "Contact: http://localhost/contact-and-reporting/" in response.content.decode()
