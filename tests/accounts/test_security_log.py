"""The security log: filled from every sign-in, read-only, for administrators only."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse

from accounts.models import SecurityEvent
from editorial import roles
from tests import factories

from .conftest import sign_in

pytestmark = pytest.mark.usefixtures("site_for_the_module")

INDEX = "security_log:index"


def test_sign_ins_are_recorded_with_address_and_browser(client, comms_editor):
    sign_in(client, "comms", address="192.0.2.44", HTTP_USER_AGENT="Firefox/140")

    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SIGN_IN)
    assert (event.user, event.username) == (comms_editor, "comms")
    assert (event.ip_address, event.user_agent) == ("192.0.2.44", "Firefox/140")


def test_administrators_hold_the_view_permission_only(sections):
    factories.user("someone")
    permissions = Group.objects.get(name=roles.ADMINISTRATORS).permissions
    codenames = set(
        permissions.filter(content_type__app_label="accounts").values_list("codename", flat=True)
    )

    assert codenames == {"view_securityevent"}


def test_an_administrator_reads_the_log_and_one_event(client, superuser):
    factories.sign_in_with_two_factor(client, superuser)
    event = SecurityEvent.objects.latest("pk")

    listing = client.get(reverse(INDEX))
    detail = client.get(reverse("security_log:inspect", args=[event.pk]))

    assert listing.status_code == 200
    assert "Security log" in listing.content.decode()
    assert detail.status_code == 200
    assert client.get(reverse(INDEX), {"kind": "sign_in"}).status_code == 200
    assert client.get(reverse(INDEX), {"q": "admin"}).status_code == 200


def test_a_member_of_the_administrators_group_reads_the_log(client, sections, settings):
    settings.TWO_FACTOR_REQUIRED = False
    member = factories.user("administrator", roles.ADMINISTRATORS)
    client.force_login(member)

    assert client.get(reverse(INDEX)).status_code == 200


@pytest.mark.parametrize(
    "role", ["comms_editor", "comms_approver", "recruiter", "threat_level_manager"]
)
def test_everyone_else_is_refused(client, request, sections, role, settings):
    settings.TWO_FACTOR_REQUIRED = False
    client.force_login(request.getfixturevalue(role))

    assert client.get(reverse(INDEX)).status_code in (302, 403)


@pytest.mark.parametrize("name", ["add", "edit", "delete", "history"])
def test_there_is_no_screen_to_change_the_log(name):
    with pytest.raises(NoReverseMatch):
        reverse(f"security_log:{name}", args=[1] if name != "add" else [])


def test_the_log_is_append_only(comms_editor):
    event = SecurityEvent.record(SecurityEvent.Kind.SIGN_IN, user=comms_editor)

    event.detail = "changed"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()
    with pytest.raises(ValidationError):
        SecurityEvent.objects.all().delete()
    with pytest.raises(ValidationError):
        SecurityEvent.objects.update(detail="changed")


def test_deleting_a_user_keeps_their_events(comms_editor):
    SecurityEvent.record(SecurityEvent.Kind.SIGN_IN, user=comms_editor)

    comms_editor.delete()

    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SIGN_IN)
    assert (event.user, event.username) == (None, "comms")


def test_an_event_keeps_its_whole_detail(db):
    """A batch of 30 reports handled names every reference (the detail was cut at 255
    characters, about 15 of them, the last cut short)."""
    references = ", ".join(f"R-{n:04d}-ABCDEFGH" for n in range(30))

    event = SecurityEvent.record(SecurityEvent.Kind.REPORTS_HANDLED, detail=f"30: {references}")

    assert SecurityEvent.objects.get(pk=event.pk).detail == f"30: {references}"


def test_joining_a_group_is_logged_with_who_did_it(client, administrator):
    """Found by a probe: an administrator added themselves to Report handlers through
    their own user form, and only Wagtail's "edited" said anything."""
    factories.sign_in_with_two_factor(client, administrator)
    handlers = Group.objects.get(name="Report handlers")
    groups = [str(pk) for pk in administrator.groups.values_list("pk", flat=True)]
    edit = reverse("wagtailusers_users:edit", args=[administrator.pk])
    form = {
        "username": administrator.username,
        "email": administrator.email or "admin@example.org",
        "first_name": "Ada",
        "last_name": "Admin",
        "is_active": "on",
        "groups": [*groups, str(handlers.pk)],
    }

    before = SecurityEvent.objects.count()  # joining Administrators is logged too

    assert client.post(edit, form).status_code == 302

    assert administrator.groups.filter(pk=handlers.pk).exists()
    event = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.GROUPS_CHANGED).latest("pk")
    assert SecurityEvent.objects.count() == before + 1
    assert event.user == administrator
    assert event.detail == f"added to Report handlers; by {administrator.username}"
    # And leaving it, from the group's side.
    handlers.user_set.remove(administrator)
    left = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.GROUPS_CHANGED).latest("pk")
    assert left.detail == "removed from Report handlers"
