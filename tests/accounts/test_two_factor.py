"""Two-factor sign-in: required per role, enrolment, codes refused with a clear reason."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import PageViewRestriction

from accounts.models import SecurityEvent
from accounts.two_factor import RECOVERY_CODE_COUNT, new_recovery_codes
from tests import factories
from tests.forms import assert_said_first_and_tied_to_its_field

from .conftest import admin_home, sign_in

pytestmark = pytest.mark.usefixtures("site_for_the_module")

VERIFY = "accounts_two_factor_verify"
SETUP = "accounts_two_factor_setup"


def wrong(code):
    return f"{(int(code) + 500_000) % 1_000_000:06d}"


def code_error(response):
    return " ".join(response.context["form"].errors["code"])


@pytest.mark.parametrize("role", ["superuser", "comms_approver", "threat_level_manager"])
def test_required_roles_are_sent_to_enrolment_before_any_admin_page(
    client, request, sections, role
):
    client.force_login(request.getfixturevalue(role))

    for url in (admin_home(), reverse("wagtailusers_users:index"), reverse("accounts_security")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(SETUP) + "?next=")


@pytest.mark.parametrize("role", ["comms_editor", "recruiter"])
def test_other_roles_may_sign_in_without_a_second_factor(client, request, sections, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(admin_home()).status_code == 200


def test_nothing_is_required_while_two_factor_is_turned_off(client, threat_level_manager, settings):
    settings.TWO_FACTOR_REQUIRED = False
    client.force_login(threat_level_manager)

    assert client.get(admin_home()).status_code == 200


def test_anyone_with_a_device_gives_a_code_even_when_not_required(client, comms_editor, settings):
    settings.TWO_FACTOR_REQUIRED = False
    factories.totp_device(comms_editor)
    response = sign_in(client, "comms")

    assert response.status_code == 302
    step = client.get(admin_home())
    assert step["Location"] == reverse(VERIFY) + "?next=%2Fadmin%2F"


def test_a_script_name_does_not_take_the_admin_out_of_the_second_factor(
    client, comms_editor, sections, settings
):
    """Found by a probe: gunicorn takes a SCRIPT_NAME header from a trusted proxy, Django
    routes /x/admin/users/ with SCRIPT_NAME /x to the admin's users, and the middleware,
    reading the whole path, took it for a page outside the admin: no code was asked, nor
    was the idle session signed out. They read the path the admin is routed on now."""
    settings.TWO_FACTOR_REQUIRED = False
    factories.totp_device(comms_editor)
    assert sign_in(client, "comms").status_code == 302

    for path in ("/admin/users/", "/admin/", "/admin/account/"):
        step = client.get(path, SCRIPT_NAME="/x")
        assert step.status_code == 302, path
        assert reverse(VERIFY) in step["Location"], path


def test_public_pages_are_not_held_up(client, threat_level_manager, home):
    client.force_login(threat_level_manager)

    assert client.get("/").status_code == 200


def test_enrolment_shows_a_qr_code_and_the_key_then_recovery_codes_once(
    client, threat_level_manager
):
    client.force_login(threat_level_manager)

    page = client.get(reverse(SETUP))
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and "<img" not in html.split('class="accounts-qr-code"')[1][:500]
    assert page.context["secret"].replace(" ", "")
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    # Focus starts at the top, with the steps and the key, not at the code below them.
    assert "autofocus" not in html.split('class="accounts-qr-code"')[1]
    device = TOTPDevice.objects.get(user=threat_level_manager, confirmed=False)
    assert client.get(reverse(SETUP)).context["secret"] == page.context["secret"]

    done = client.post(
        reverse(SETUP) + "?next=/admin/threat-level/",
        {"code": factories.totp_code(device), "next": "/admin/threat-level/"},
    )

    assert done["Location"] == reverse("accounts_recovery_codes")
    codes_page = client.get(done["Location"])
    assert len(codes_page.context["codes"]) == RECOVERY_CODE_COUNT
    assert "no-store" in codes_page["Cache-Control"]
    assert codes_page.context["continue_url"] == "/admin/threat-level/"
    assert client.get(reverse("accounts_recovery_codes"))["Location"] == reverse(
        "accounts_security"
    )
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(admin_home()).status_code == 200
    assert SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.TWO_FACTOR_ENROLLED, user=threat_level_manager
    ).exists()


def test_a_key_shown_in_another_session_is_never_the_one_confirmed(threat_level_manager):
    """The key was made once and shown to every session until confirmed: whoever opened
    the set-up first (the administrator who set the password, say) had the codes of the
    app the user then set up."""
    earlier, own = Client(), Client()
    earlier.force_login(threat_level_manager)
    seen = earlier.get(reverse(SETUP)).context["secret"]
    old_device = TOTPDevice.objects.get(user=threat_level_manager, confirmed=False)
    own.force_login(threat_level_manager)

    shown = own.get(reverse(SETUP)).context["secret"]

    assert shown != seen
    assert not TOTPDevice.objects.filter(pk=old_device.pk).exists()  # its key is no more
    assert own.get(reverse(SETUP)).context["secret"] == shown  # a reload keeps this one
    device = TOTPDevice.objects.get(user=threat_level_manager, confirmed=False)
    assert own.post(reverse(SETUP), {"code": factories.totp_code(device)}).status_code == 302
    assert list(TOTPDevice.objects.filter(user=threat_level_manager)) == [device]


def test_enrolment_refuses_a_wrong_code_with_a_form_error(client, threat_level_manager):
    client.force_login(threat_level_manager)
    client.get(reverse(SETUP))
    device = TOTPDevice.objects.get(user=threat_level_manager)

    response = client.post(reverse(SETUP), {"code": wrong(factories.totp_code(device))})

    assert response.status_code == 200
    assert "wrong or has expired" in code_error(response)
    assert "<title>Error: " in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(admin_home()).status_code == 302


@pytest.mark.parametrize("bad", ["", "abc", "12345", "1234567", "x" * 5000])
def test_malformed_codes_are_form_errors(client, threat_level_manager, bad):
    device = factories.totp_device(threat_level_manager)
    client.force_login(threat_level_manager)

    response = client.post(reverse(VERIFY), {"code": bad})

    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    device.refresh_from_db()
    assert device.last_t == -1


class TestCodeStep:
    @pytest.fixture
    def device(self, threat_level_manager):
        return factories.totp_device(threat_level_manager)

    @pytest.fixture
    def signed_in(self, client, threat_level_manager, device):
        response = sign_in(client, "threatlevel")
        assert response.status_code == 302
        return client

    def test_the_right_code_opens_the_admin_and_returns_to_next(self, signed_in, device):
        response = signed_in.post(
            reverse(VERIFY), {"code": factories.totp_code(device), "next": "/admin/pages/"}
        )

        assert response["Location"] == "/admin/pages/"
        assert signed_in.get(admin_home()).status_code == 200
        assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.TWO_FACTOR_VERIFIED).exists()

    def test_a_next_address_elsewhere_is_ignored(self, signed_in, device):
        response = signed_in.post(
            reverse(VERIFY), {"code": factories.totp_code(device), "next": "https://evil.test/"}
        )

        assert response["Location"] == admin_home()

    @pytest.mark.parametrize("target", ["received-reports", "wagtailadmin_home", "pages/"])
    def test_a_next_that_is_no_path_leads_to_the_dashboard(self, signed_in, device, target):
        """A bare word was taken for a URL name: a 500, the code used up."""
        response = signed_in.post(
            reverse(VERIFY) + f"?next={target}", {"code": factories.totp_code(device)}
        )

        assert response.status_code == 302
        assert response["Location"] == admin_home()
        assert signed_in.get(admin_home()).status_code == 200

    def test_the_session_key_changes_when_verified(self, signed_in, device):
        before = signed_in.session.session_key
        signed_in.post(reverse(VERIFY), {"code": factories.totp_code(device)})

        assert signed_in.session.session_key != before

    def test_a_wrong_code_is_refused_with_a_form_error(self, signed_in, device):
        response = signed_in.post(reverse(VERIFY), {"code": wrong(factories.totp_code(device))})

        assert response.status_code == 200
        assert "wrong or has expired" in code_error(response)
        assert signed_in.get(admin_home()).status_code == 302
        event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.TWO_FACTOR_FAILED)
        assert event.username == "threatlevel"

    @pytest.mark.parametrize("steps", [-3, -2, 2, 3])
    def test_an_expired_or_early_code_is_refused(self, signed_in, device, steps):
        response = signed_in.post(
            reverse(VERIFY), {"code": factories.totp_code(device, steps=steps)}
        )

        assert response.status_code == 200
        assert "wrong or has expired" in code_error(response)

    def test_a_code_from_the_step_before_is_still_accepted(self, signed_in, device):
        response = signed_in.post(reverse(VERIFY), {"code": factories.totp_code(device, steps=-1)})

        assert response.status_code == 302

    def test_a_reused_code_is_refused_with_its_own_message(
        self, client, signed_in, device, threat_level_manager
    ):
        code = factories.totp_code(device)
        assert signed_in.post(reverse(VERIFY), {"code": code}).status_code == 302

        # The same code, caught over a shoulder, in another browser with the password.
        other = type(client)()
        sign_in(other, "threatlevel")
        response = other.post(reverse(VERIFY), {"code": code})

        assert response.status_code == 200
        assert "already been used" in code_error(response)
        assert other.get(admin_home()).status_code == 302

    @pytest.mark.parametrize("has_recovery_codes", [False, True])
    def test_after_a_wrong_code_the_device_waits_before_the_next_try(
        self, signed_in, device, threat_level_manager, has_recovery_codes
    ):
        if has_recovery_codes:
            new_recovery_codes(threat_level_manager)
        signed_in.post(reverse(VERIFY), {"code": wrong(factories.totp_code(device))})

        response = signed_in.post(reverse(VERIFY), {"code": factories.totp_code(device)})

        assert response.status_code == 200
        # When, not "a minute": the wait doubles at each wrong code; recovery codes are
        # offered only where there are some.
        said = code_error(response)
        assert re.search(r"Too many wrong codes\. Try again after \d\d:\d\d:\d\d \(UK time\)", said)
        assert ("or use a recovery code" in said) is has_recovery_codes

    def test_a_recovery_code_works_once(self, signed_in, client, threat_level_manager):
        codes = new_recovery_codes(threat_level_manager)

        response = signed_in.post(
            reverse("accounts_two_factor_recovery"), {"code": codes[0].upper()}
        )
        assert response.status_code == 302
        assert signed_in.get(admin_home()).status_code == 200

        other = type(client)()
        sign_in(other, "threatlevel")
        again = other.post(reverse("accounts_two_factor_recovery"), {"code": codes[0]})
        assert again.status_code == 200
        assert "already been used" in code_error(again)
        assert StaticDevice.objects.get().token_set.count() == RECOVERY_CODE_COUNT - 1

    def test_the_code_step_cannot_be_skipped_by_going_to_enrolment(self, signed_in):
        response = signed_in.get(reverse(SETUP))

        assert response["Location"].startswith(reverse(VERIFY))


def test_the_test_helper_signs_in_with_a_real_code(client, superuser):
    factories.sign_in_with_two_factor(client, superuser)

    assert client.get(reverse("wagtailusers_users:index")).status_code == 200


class TestAccountSecurity:
    @pytest.fixture
    def verified(self, client, threat_level_manager):
        factories.sign_in_with_two_factor(client, threat_level_manager)
        new_recovery_codes(threat_level_manager)
        return client

    def test_the_page_shows_the_device_and_the_codes_left(self, verified):
        response = verified.get(reverse("accounts_security"))

        assert response.status_code == 200
        assert response.context["device"] is not None
        assert response.context["recovery_codes_left"] == RECOVERY_CODE_COUNT

    def test_recovery_codes_are_replaced_after_the_password(self, verified, threat_level_manager):
        """Replaced at a click, they let a session that was not the user's sign in for
        good, whatever the user did next."""
        old = set(StaticDevice.objects.get().token_set.values_list("token", flat=True))
        url = reverse("accounts_regenerate_recovery_codes")

        for password in ("", "nope"):
            refused = verified.post(url, {"replace-password": password})
            assert refused.status_code == 400
            message = refused.context["replace_form"].errors["password"][0]
            html = refused.content.decode()
            assert_said_first_and_tied_to_its_field(html, "id_replace-password", message)
        assert old == set(StaticDevice.objects.get().token_set.values_list("token", flat=True))

        response = verified.post(url, {"replace-password": factories.TEST_PASSWORD})
        codes = verified.get(response["Location"]).context["codes"]

        assert not old & set(codes)
        assert SecurityEvent.objects.filter(
            kind=SecurityEvent.Kind.RECOVERY_CODES_REGENERATED
        ).exists()

    def test_removing_needs_the_password(self, verified, threat_level_manager):
        response = verified.post(reverse("accounts_two_factor_remove"), {"password": "nope"})

        assert response.status_code == 400
        message = response.context["remove_form"].errors["password"][0]
        assert_said_first_and_tied_to_its_field(response.content.decode(), "id_password", message)
        assert TOTPDevice.objects.filter(user=threat_level_manager).exists()

    def test_wrong_passwords_are_logged_and_the_fifth_signs_the_session_out(
        self, verified, threat_level_manager
    ):
        """They could be guessed without end, and nothing was logged."""
        for _ in range(4):
            wrong = verified.post(reverse("accounts_two_factor_remove"), {"password": "nope"})
            assert wrong.status_code == 400

        fifth = verified.post(reverse("accounts_two_factor_remove"), {"password": "nope"})

        assert fifth["Location"] == reverse("wagtailadmin_login")
        assert verified.get(admin_home())["Location"].startswith(reverse("wagtailadmin_login"))
        assert TOTPDevice.objects.filter(user=threat_level_manager).exists()
        refused = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PASSWORD_REFUSED)
        assert refused.filter(user=threat_level_manager).count() == 5

    def test_removing_sends_a_required_role_back_to_enrolment(self, verified, threat_level_manager):
        response = verified.post(
            reverse("accounts_two_factor_remove"), {"password": factories.TEST_PASSWORD}
        )

        assert not TOTPDevice.objects.filter(user=threat_level_manager).exists()
        assert not StaticDevice.objects.filter(user=threat_level_manager).exists()
        assert verified.get(response["Location"])["Location"].startswith(reverse(SETUP))
        assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.TWO_FACTOR_REMOVED).exists()

    def test_get_cannot_change_anything(self, verified):
        assert verified.get(reverse("accounts_two_factor_remove")).status_code == 405
        assert verified.get(reverse("accounts_regenerate_recovery_codes")).status_code == 405

    def test_an_optional_user_enrols_from_the_page(self, client, comms_editor):
        client.force_login(comms_editor)

        page = client.get(reverse("accounts_security"))

        assert page.status_code == 200
        assert reverse(SETUP) in page.content.decode()
        assert client.get(reverse(SETUP)).status_code == 200


def test_a_signed_in_only_page_asks_for_the_second_factor_as_the_admin_does(
    client, comms_editor, home
):
    """Wagtail's sign-in for a page private to signed-in users leads back to the page,
    past the admin's own check: the page asks for the code itself."""
    page = factories.standard_page(home, "Staff notice")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    device = factories.totp_device(comms_editor)

    signed_in = client.post(
        f"{reverse('wagtailadmin_login')}?next={page.url}",
        {"username": "comms", "password": factories.TEST_PASSWORD, "next": page.url},
    )
    assert signed_in["Location"] == page.url
    held = client.get(page.url)

    assert held.status_code == 302
    assert held["Location"] == f"{reverse(VERIFY)}?next=%2Fstaff-notice%2F"
    assert "Staff notice" not in client.get(page.url, follow=True).content.decode()
    client.post(reverse(VERIFY), {"code": factories.totp_code(device), "next": page.url})
    assert "Staff notice" in client.get(page.url).content.decode()


def test_a_visitor_s_page_or_document_costs_the_second_factor_check_no_query(
    rf, home, django_assert_num_queries
):
    """It read every page's ancestors for its restrictions before asking whether anyone
    was signed in: a query more for every visitor."""
    from django.contrib.auth.models import AnonymousUser
    from wagtail.documents.models import Document

    from accounts.wagtail_hooks import (
        signed_in_only_documents_need_the_second_factor,
        signed_in_only_pages_need_the_second_factor,
    )

    page = factories.standard_page(home, "Public notice")
    document = Document(title="Memo")  # its collection not read either
    request = rf.get(page.url)
    request.user = AnonymousUser()

    with django_assert_num_queries(0):
        assert signed_in_only_pages_need_the_second_factor(page, request, [], {}) is None
        assert signed_in_only_documents_need_the_second_factor(document, request) is None


def test_a_signed_in_only_page_sends_a_required_role_to_enrol(client, threat_level_manager, home):
    page = factories.standard_page(home, "Staff notice")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    client.force_login(threat_level_manager)

    held = client.get(page.url)

    assert held["Location"].startswith(reverse("accounts_two_factor_setup"))


def test_a_document_of_a_signed_in_only_collection_asks_for_the_second_factor(
    client, comms_editor, sections
):
    """Its file opened with the password alone, where a private page asked for the code."""
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document
    from wagtail.models import Collection, CollectionViewRestriction

    staff = Collection.get_first_root_node().add_child(name="Staff only")
    CollectionViewRestriction.objects.create(
        collection=staff, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = Document(title="Memo", collection=staff)
    document.file.save("memo.txt", ContentFile(b"For staff."))
    device = factories.totp_device(comms_editor)
    sign_in(client, "comms")

    held = client.get(document.url)

    assert held.status_code == 302
    assert held["Location"].startswith(reverse(VERIFY))
    client.post(reverse(VERIFY), {"code": factories.totp_code(device), "next": document.url})
    opened = client.get(document.url)
    assert opened.status_code == 200
    assert b"".join(opened.streaming_content) == b"For staff."


def test_the_admin_s_icons_reach_a_user_between_the_two_steps(client, comms_editor, settings):
    """Wagtail's script puts the icons (/admin/sprite/) into every admin page: sent to the
    code step instead, it put a second copy of that page, form and all, into the first."""
    factories.totp_device(comms_editor)
    sign_in(client, "comms")

    sprite = client.get(reverse("wagtailadmin_sprite"))

    assert sprite.status_code == 200
    assert "<symbol" in sprite.content.decode() and "<form" not in sprite.content.decode()
    assert client.get(admin_home()).status_code == 302  # the admin itself still waits


@pytest.mark.parametrize("step", [SETUP, VERIFY, "accounts_two_factor_recovery"])
def test_a_refused_code_is_said_where_it_can_be_seen(client, comms_editor, step):
    """The sign-in layout hides the errors beside the fields (Wagtail's CSS): each is said
    in the messages at the top, with the id the field's aria-describedby names."""
    if step == SETUP:
        client.force_login(comms_editor)
    else:
        factories.totp_device(comms_editor)
        sign_in(client, "comms")

    html = client.post(reverse(step), {"code": "12ab"}).content.decode()

    messages = html.split('class="messages"')[1].split("</ul>")[0]
    said = messages.split('id="id_code_error">')[1].split("</li>")[0]
    assert said.endswith(
        ("Enter the six digits your app shows.", "You have no recovery codes left.")
    )
    assert 'aria-describedby="id_code_error"' in html


def test_an_empty_sign_in_names_the_fields_it_needs(client, sections):
    html = client.post(reverse("wagtailadmin_login"), {"username": "", "password": ""})
    messages = html.content.decode().split('class="messages"')[1:]

    said = " ".join(messages)
    assert "Username: This field is required." in said
    assert "Password: This field is required." in said
