"""Superusers are made, changed and removed by superusers alone: a member of the
Administrators group manages every other user, as Wagtail lets it."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.usefixtures("site_for_the_module")

REFUSED = "Only a superuser may make or change a superuser."


def new_user(**changes):
    fields = {
        "username": "sneaky",
        "email": "sneaky@example.org",
        "first_name": "Sneaky",
        "last_name": "User",
        "password1": factories.TEST_PASSWORD + "x",
        "password2": factories.TEST_PASSWORD + "x",
        "is_active": "on",
    }
    fields.update(changes)
    return fields


def test_an_administrator_who_is_not_a_superuser_makes_none(client, administrator):
    factories.sign_in_with_two_factor(client, administrator)
    url = reverse("wagtailusers_users:add")

    refused = client.post(url, new_user(is_superuser="on"), follow=True)

    assert REFUSED in refused.content.decode()
    assert not get_user_model().objects.filter(username="sneaky").exists()
    assert client.post(url, new_user()).status_code == 302  # another user: as ever
    assert not get_user_model().objects.get(username="sneaky").is_superuser


def test_an_administrator_who_is_not_a_superuser_cannot_take_one_over(
    client, administrator, superuser
):
    """Its email and password changed, the account was theirs."""
    factories.sign_in_with_two_factor(client, administrator)
    edit = reverse("wagtailusers_users:edit", args=[superuser.pk])
    email = superuser.email

    opened = client.get(edit, follow=True)
    changed = client.post(edit, {"email": "attacker@example.org"}, follow=True)
    deleted = client.post(reverse("wagtailusers_users:delete", args=[superuser.pk]))

    for response in (opened, changed):
        assert REFUSED in response.content.decode()
    assert deleted.status_code in (302, 403)  # Wagtail's own refusal
    superuser.refresh_from_db()
    assert superuser.email == email and superuser.is_active
    promoted = client.post(
        reverse("wagtailusers_users:edit", args=[administrator.pk]), {"is_superuser": "on"}
    )
    assert promoted.status_code in (302, 200)
    administrator.refresh_from_db()
    assert not administrator.is_superuser


def test_a_superuser_still_does_all_of_it(client, superuser):
    factories.sign_in_with_two_factor(client, superuser)

    made = client.post(reverse("wagtailusers_users:add"), new_user(is_superuser="on"))

    assert made.status_code == 302
    assert get_user_model().objects.get(username="sneaky").is_superuser


def test_nor_in_bulk(client, administrator, superuser):
    """Wagtail's bulk "set active state" took a superuser's account away."""
    factories.sign_in_with_two_factor(client, administrator)
    url = reverse("wagtail_bulk_action", args=("auth", "user", "set_active_state"))

    refused = client.post(f"{url}?id={superuser.pk}", {"mark_as_active": "False"}, follow=True)

    assert REFUSED in refused.content.decode()
    superuser.refresh_from_db()
    assert superuser.is_active
