"""Who is who in the admin: no username in look-alike letters, and no username or email
address that another account has in other capitals (found by an identity probe: the
admin took "аdmin" in Cyrillic, "Admin" beside "admin", and a second account with an
address already used)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests import factories

from .test_superusers import new_user

pytestmark = pytest.mark.usefixtures("site_for_the_module")

User = get_user_model()


@pytest.fixture
def signed_in(client, superuser):
    factories.sign_in_with_two_factor(client, superuser)
    User.objects.create_user("dana", "dana@example.org", factories.TEST_PASSWORD)
    return client


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"username": "d\u0430na"}, "username", "Use only the letters a–z"),  # Cyrillic а
        ({"username": "Dana"}, "username", "Another account has this username"),
        ({"email": "DANA@example.org"}, "email", "Another account has this email address"),
    ],
    ids=["look-alike letter", "other capitals", "email in other capitals"],
)
def test_a_new_account_that_could_pass_for_another_is_refused(signed_in, changes, field, message):
    response = signed_in.post(reverse("wagtailusers_users:add"), new_user(**changes))

    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    assert not User.objects.filter(first_name="Sneaky").exists()


def test_a_distinct_account_is_made(signed_in):
    response = signed_in.post(reverse("wagtailusers_users:add"), new_user())

    assert response.status_code == 302
    assert User.objects.get(username="sneaky").email == "sneaky@example.org"


def test_an_account_cannot_be_renamed_to_pass_for_another(signed_in):
    other = User.objects.create_user("eli", "eli@example.org", factories.TEST_PASSWORD)
    edit = reverse("wagtailusers_users:edit", args=[other.pk])

    renamed = signed_in.post(edit, edit_data(other, username="DANA"))
    readdressed = signed_in.post(edit, edit_data(other, email="Dana@Example.org"))

    assert "Another account has this username" in str(renamed.context["form"].errors)
    assert "Another account has this email address" in str(readdressed.context["form"].errors)
    other.refresh_from_db()
    assert (other.username, other.email) == ("eli", "eli@example.org")


def test_accounts_made_before_stay_editable(signed_in):
    """Two accounts that already share an address (made before this check) can each
    still be edited, as long as the address is not what changes."""
    twin = User.objects.create_user("dana2", "Dana@example.org", factories.TEST_PASSWORD)
    edit = reverse("wagtailusers_users:edit", args=[twin.pk])

    response = signed_in.post(edit, edit_data(twin, first_name="Dana Two"))

    assert response.status_code == 302
    twin.refresh_from_db()
    assert twin.first_name == "Dana Two"


def edit_data(user, **changes):
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name or "First",
        "last_name": user.last_name or "Last",
        "is_active": "on",
    }
    data.update(changes)
    return data
