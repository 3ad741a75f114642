"""A visitor browses careers: filters by area, opens an open role and a closed one."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_filters_roles_and_sees_open_and_closed_vacancies(page, demo_site):
    page.goto(demo_site.url + "/careers/")
    assert page.get_by_role("heading", level=1).inner_text() == "Careers"

    page.get_by_label("Career area").select_option(label="Technology")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/careers/?area=technology*")
    roles = page.get_by_role("list", name="Role profiles")
    assert roles.get_by_role("link").count() == 2

    roles.get_by_role(
        "link", name="Technology Graduate Development Programme: business roles"
    ).click()
    page.wait_for_url("**/technology-graduate-development-programme-business-roles/")
    apply = page.get_by_role("link", name="Apply")
    assert apply.get_attribute("href") == "https://apply.example.org/TGDP-BUS"
    assert page.get_by_text("This vacancy is now closed").count() == 0

    page.goto(demo_site.url + "/careers/administrative-assistants/")
    assert page.get_by_text("This vacancy is now closed").is_visible()
    assert page.get_by_role("link", name="Apply").count() == 0
    assert page.console_errors == []
