"""What we do: the mission page and the threat category pages."""

import pytest
from django.core.management import call_command
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from core.models import HomePage, StandardPage
from editorial.roles import apply_roles
from tests import factories
from threats.models import MissionPage, ThreatCategoryPage, ThreatLevelsPage


class TestThreatsPageTree(WagtailPageTestCase):
    def setUp(self):
        self.home = factories.home_page()

    def test_mission_page_is_a_singleton_under_home(self):
        self.assertAllowedParentPageTypes(MissionPage, {HomePage})
        self.assertAllowedSubpageTypes(MissionPage, {ThreatCategoryPage})
        factories.mission_page(self.home)
        self.assertFalse(MissionPage.can_create_at(self.home))

    def test_threat_categories_only_under_the_mission_page(self):
        self.assertAllowedParentPageTypes(ThreatCategoryPage, {MissionPage})
        self.assertCanNotCreateAt(HomePage, ThreatCategoryPage)
        self.assertCanNotCreateAt(StandardPage, ThreatCategoryPage)

    def test_threat_levels_page_is_a_singleton_with_no_children(self):
        self.assertAllowedParentPageTypes(ThreatLevelsPage, {HomePage})
        self.assertAllowedSubpageTypes(ThreatLevelsPage, set())
        factories.publish_child(self.home, ThreatLevelsPage(title="Threat levels"))
        self.assertFalse(ThreatLevelsPage.can_create_at(self.home))


def test_mission_page_lists_live_categories_with_more_links(client, home):
    mission = factories.mission_page(home)
    factories.threat_category(mission, "Cyber", summary="Attacks online.")
    draft = factories.threat_category(mission, "Secret draft")
    draft.unpublish()

    html = client.get("/what-we-do/").content.decode()

    assert "We protect the country." in html
    assert ">Attacks online.</p>" in html
    assert '<a href="/what-we-do/cyber/">More on Cyber</a>' in html
    assert "Secret draft" not in html


def test_category_page_uses_the_content_layout(client, home):
    mission = factories.mission_page(home)
    factories.threat_category(mission, "Cyber", summary="Attacks online.")

    html = client.get("/what-we-do/cyber/").content.decode()

    assert "<h1>Cyber</h1>" in html
    assert '<aside class="sidebar"' in html


@pytest.mark.django_db
def test_demo_builds_the_mission_section(client, demo_loaded):
    mission = MissionPage.objects.get()
    titles = list(ThreatCategoryPage.objects.child_of(mission).values_list("title", flat=True))
    assert titles == [
        "Counter-terrorism",
        "Counter-espionage",
        "Cyber",
        "Counter-proliferation",
        "Protective security",
    ]
    html = client.get("/what-we-do/").content.decode()
    assert "Security Service Act 1989" in html
    assert "National Crime Agency" in html
    assert "More on Counter-proliferation" in html


def test_demo_replaces_the_foundation_placeholders_in_place(db):
    home = factories.home_page()
    factories.standard_page(home, "What we do", slug="what-we-do", show_in_menus=True)
    factories.standard_page(home, "Threat levels", slug="threat-levels")
    factories.standard_page(home, "Careers", slug="careers")

    call_command("load_demo_content", verbosity=0)

    children = Page.objects.child_of(home)
    assert [p.slug for p in children][:3] == ["what-we-do", "threat-levels", "careers"]
    assert children[0].specific_class is MissionPage
    assert children[1].specific_class is ThreatLevelsPage


@pytest.mark.parametrize("role", ["comms_editor", "comms_approver"])
def test_comms_edit_the_mission_section(request, home, role):
    user = request.getfixturevalue(role)
    mission = factories.mission_page(home)
    category = factories.threat_category(mission, "Cyber")
    # Comms editors publish on each section but News: a new section gets it from setup_roles.
    apply_roles()

    assert mission.permissions_for_user(user).can_edit()
    assert category.permissions_for_user(user).can_publish()
    assert mission.permissions_for_user(user).can_add_subpage()


def test_recruiters_cannot_touch_the_mission_section(recruiter, home):
    mission = factories.mission_page(home)

    assert not mission.permissions_for_user(recruiter).can_edit()
    assert not mission.permissions_for_user(recruiter).can_add_subpage()


def test_mission_page_query_budget_does_not_grow_with_categories(
    client, home, django_assert_max_num_queries
):
    mission = factories.mission_page(home)
    for index in range(15):
        factories.threat_category(mission, f"Category {index}", summary="One line.")
    client.get("/what-we-do/")

    with django_assert_max_num_queries(12):
        assert client.get("/what-we-do/").status_code == 200
