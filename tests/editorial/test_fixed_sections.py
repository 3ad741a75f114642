"""The site's fixed sections (page types it has one of: the threat levels page, the news
index, the careers index...) are deleted and moved by administrators alone: the threat
level bar, the feeds and the menus find them by type, and Wagtail lets anyone who may
publish a page delete it (core.permissions)."""

import pytest
from wagtail.models import Page

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
    client.post(f"/admin/pages/{page.pk}/delete/")
    client.post(f"/admin/bulk/wagtailcore/page/delete/?id={page.pk}")
    assert ThreatLevelsPage.objects.filter(pk=page.pk).exists()


def test_other_sections_keep_wagtails_rules_and_administrators_may_do_anything(
    client, sections, comms_editor, superuser
):
    contact = factories.standard_page(sections["home"], "Contact")
    apply_roles()  # comms editors publish each section there is
    assert contact.permissions_for_user(comms_editor).can_delete()
    assert sections["threat_levels"].permissions_for_user(superuser).can_delete()

    client.force_login(comms_editor)
    client.post(f"/admin/pages/{contact.pk}/delete/")
    assert not Page.objects.filter(pk=contact.pk).exists()
