"""The site's fixed sections (page types it has one of: the threat levels page, the news
index, the careers index...) are deleted, moved, unpublished and made private by
administrators alone: the threat
level bar, the feeds and the menus find them by type, and Wagtail lets anyone who may
publish a page delete it (core.permissions)."""

import pytest
from wagtail.models import Page, PageViewRestriction

from editorial.roles import apply_roles
from tests import factories
from threats.models import ThreatLevelsPage

pytestmark = pytest.mark.django_db


def test_comms_staff_cannot_delete_or_move_the_threat_levels_page(
    client, sections, comms_editor, comms_approver
):
    apply_roles()
    page = sections["threat_levels"]
    for user in (comms_editor, comms_approver):
        tester = page.permissions_for_user(user)
        assert tester.can_edit() and tester.can_publish()  # still theirs to edit
        assert not (tester.can_delete() or tester.can_move()), user

    client.force_login(comms_approver)
    for address in (
        f"/admin/pages/{page.pk}/delete/",
        f"/admin/bulk/wagtailcore/page/delete/?id={page.pk}",
        f"/admin/pages/{page.pk}/move/{sections['careers'].pk}/confirm/",
    ):
        assert client.post(address).status_code == 302, address  # sent back, refused
        assert ThreatLevelsPage.objects.filter(pk=page.pk).exists(), address
    page.refresh_from_db()
    assert page.get_parent().pk == sections["home"].pk  # not moved


@pytest.mark.parametrize("role", ["superuser", "administrator"])
def test_administrators_delete_a_fixed_section(client, request, sections, role):
    """Superusers, and the Administrators group (which holds Wagtail's bulk_delete over
    the whole tree), through the admin's bulk delete."""
    apply_roles()
    page = sections["threat_levels"]
    user = request.getfixturevalue(role)
    assert page.permissions_for_user(user).can_delete()
    client.force_login(user)

    client.post(f"/admin/bulk/wagtailcore/page/delete/?id={page.pk}")

    assert not ThreatLevelsPage.objects.filter(pk=page.pk).exists()


def test_other_sections_keep_wagtails_rules(client, sections, comms_editor):
    contact = factories.standard_page(sections["home"], "Contact")
    apply_roles()  # comms editors publish each section there is
    assert contact.permissions_for_user(comms_editor).can_delete()

    client.force_login(comms_editor)
    client.post(f"/admin/pages/{contact.pk}/delete/")
    assert not Page.objects.filter(pk=contact.pk).exists()


@pytest.mark.parametrize("section", ["home", "threat_levels", "news_index"])
def test_comms_staff_cannot_unpublish_or_restrict_a_fixed_section(
    client, sections, comms_approver, section
):
    """Found by a review: an approver unpublished the home page (every address a 404) or
    put a password on it (the whole site hidden); a comms editor took the threat levels
    page away. Editing and publishing them stays theirs."""
    if section == "news_index":  # a reviewed page type (editorial.review)
        sections["news"].delete()
        sections[section] = factories.news_index(sections["home"])
    apply_roles()
    page = sections[section]
    tester = page.permissions_for_user(comms_approver)
    assert tester.can_edit()
    assert not (tester.can_unpublish() or tester.can_set_view_restrictions())

    client.force_login(comms_approver)
    client.post(f"/admin/pages/{page.pk}/unpublish/", {"include_descendants": "on"})
    client.post(
        f"/admin/pages/{page.pk}/privacy/", {"restriction_type": "password", "password": "x"}
    )
    client.post(
        "/admin/bulk/wagtailcore/page/unpublish/", {"id": [page.pk]}, QUERY_STRING=f"id={page.pk}"
    )
    page.refresh_from_db()
    assert page.live
    assert not PageViewRestriction.objects.filter(page=page).exists()


@pytest.mark.parametrize("role", ["superuser", "administrator"])
def test_administrators_unpublish_and_restrict_a_fixed_section(client, request, sections, role):
    apply_roles()
    page = sections["threat_levels"]
    user = request.getfixturevalue(role)
    tester = page.permissions_for_user(user)
    assert tester.can_unpublish() and tester.can_set_view_restrictions()
    client.force_login(user)

    client.post(f"/admin/pages/{page.pk}/unpublish/")

    page.refresh_from_db()
    assert not page.live


def test_other_sections_keep_wagtails_unpublishing(client, sections, comms_approver):
    contact = factories.standard_page(sections["home"], "Contact")
    apply_roles()
    tester = contact.permissions_for_user(comms_approver)

    assert tester.can_unpublish() and tester.can_set_view_restrictions()


def test_an_expiry_date_on_a_fixed_section_is_for_administrators_alone(
    sections, comms_approver, superuser
):
    """An expiry date unpublishes the page when it comes (found by a review: an approver
    set one on the home page, and the whole site went at that hour)."""
    import datetime

    from django.utils import timezone

    apply_roles()
    home = sections["home"]
    contact = factories.standard_page(home, "Contact")
    soon = timezone.now() + datetime.timedelta(hours=1)

    def errors(page, user):
        form_class = type(page).get_edit_handler().get_form_class()
        form = form_class(instance=page, for_user=user, parent_page=page.get_parent())
        form.cleaned_data = {"expire_at": soon}
        form._errors = {}
        form.refuse_an_expiry_the_user_may_not_set(form.cleaned_data)
        return form._errors

    assert "expire_at" in errors(home.specific, comms_approver)
    # It names who may (a comms editor's article: an approver), not administrators alone.
    assert "an approver, or an administrator" in str(errors(home.specific, comms_approver))
    assert "expire_at" in errors(sections["threat_levels"].specific, comms_approver)
    # Reverting to an earlier version that had one hands the form that version (found by
    # a second review): compared with the page as it stands, it is refused the same way.
    earlier = home.specific
    earlier.expire_at = soon
    assert "expire_at" in errors(earlier, comms_approver)
    assert errors(home.specific, superuser) == {}
    assert errors(contact, comms_approver) == {}  # others' pages keep Wagtail's rule
