import pytest
from django import forms
from django.urls import reverse

from tests import factories


@pytest.fixture(autouse=True)
def two_factor_required(settings):
    """Production's policy: the test settings leave it off for the rest of the suite."""
    settings.TWO_FACTOR_REQUIRED = True
    return settings


@pytest.fixture
def no_throttle(settings):
    """django-otp waits a second after a wrong code; these tests go straight on."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def sign_in(client, username, password=factories.TEST_PASSWORD, address="192.0.2.10", **extra):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


def admin_home():
    return reverse("wagtailadmin_home")


def account_form_data(client, **changes):
    """Wagtail's account page posts every panel at once: its current values, then changes."""
    page = client.get(reverse("wagtailadmin_account"))
    data = {}
    for panels in page.context["panels_by_tab"].values():
        for panel in panels:
            form = panel.get_form()
            for field in form:
                if isinstance(field.field, forms.FileField):
                    continue
                value = field.value()
                if value in ("", None) and field.field.required:
                    value = "Filled in"  # the test users have no names
                if value is None or value is False:
                    continue
                data[field.html_name] = "on" if value is True else value
    data.update(changes)
    return data
