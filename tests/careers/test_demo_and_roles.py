"""Demo careers content loads once and renders; setup_roles scopes recruiters to careers."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import GroupPagePermission, Page, Site

from careers.models import CareersIndexPage, RoleProfilePage, StaffStoryPage
from editorial.roles import apply_roles
from tests import factories


def counts():
    return (
        Page.objects.count(),
        RoleProfilePage.objects.count(),
        StaffStoryPage.objects.count(),
    )


@pytest.mark.django_db
def test_demo_careers_loads_twice_without_duplicates(client, demo_loaded):
    first = counts()
    call_command("load_demo_content", verbosity=0)

    assert counts() == first
    assert first[1:] == (3, 2)
    home = Site.objects.get(is_default_site=True).root_page
    careers = Page.objects.child_of(home).get(slug="careers").specific
    assert isinstance(careers, CareersIndexPage)
    assert careers.show_in_menus
    open_roles = [role for role in RoleProfilePage.objects.all() if role.is_open()]
    assert len(open_roles) == 2
    assert all(role.apply_url.startswith("https://apply.example.org/") for role in open_roles)
    stories = {story.first_name: story for story in StaffStoryPage.objects.all()}
    assert stories["Samira"].role_title == "Occupational Psychologist"
    assert stories["Alex"].role_title == "Business Enabler"
    assert all(story.portrait_alt_text for story in stories.values())
    assert stories["Alex"].portrait.collection.name == "Careers"


@pytest.mark.django_db
def test_demo_careers_pages_render(client, demo_loaded):
    listing = client.get("/careers/").content.decode()
    assert "Technology Graduate Development Programme: business roles" in listing
    assert "Administrative Assistants" not in listing  # closed
    assert "Alex, Business Enabler" in listing
    for page in [*RoleProfilePage.objects.all(), *StaffStoryPage.objects.all()]:
        assert client.get(page.url).status_code == 200, page.url
    closed = client.get("/careers/administrative-assistants/").content.decode()
    assert "This vacancy is now closed" in closed


def test_recruiters_page_rights_follow_the_careers_index_wherever_it_stands(sections, careers):
    elsewhere = factories.standard_page(sections["home"], "Jobs")
    careers.move(elsewhere, pos="last-child")
    apply_roles()

    recruiters = Group.objects.get(name="Recruiters")
    granted = set(
        GroupPagePermission.objects.filter(group=recruiters).values_list(
            "page_id", "permission__codename"
        )
    )
    assert granted == {
        (careers.pk, "add_page"),
        (careers.pk, "change_page"),
        (careers.pk, "publish_page"),
    }
    model_perms = set(recruiters.permissions.values_list("codename", flat=True))
    assert {"add_careerarea", "change_careerarea", "delete_careerarea"} <= model_perms
    assert not {"change_sitesettings", "change_threatlevelsettings", "add_user"} & model_perms


def test_comms_roles_keep_careers_and_get_the_career_lists(careers, comms_editor, comms_approver):
    apply_roles()
    role = factories.role_profile(careers, "Analyst")
    for user in (comms_editor, comms_approver):
        perms = role.permissions_for_user(user)
        assert perms.can_edit() and perms.can_publish() and perms.can_unpublish()
        assert user.has_perm("careers.change_careerarea")


def test_recruiters_publish_and_unpublish_under_careers_only(careers, sections, recruiter):
    apply_roles()
    role = factories.role_profile(careers, "Analyst")
    perms = role.permissions_for_user(recruiter)

    assert perms.can_edit() and perms.can_publish() and perms.can_unpublish()
    assert not sections["home"].permissions_for_user(recruiter).can_edit()
    assert not sections["news"].permissions_for_user(recruiter).can_edit()


def test_recruiters_work_below_the_careers_index_not_on_it(
    client, careers, recruiter, comms_editor, comms_approver
):
    """Their rights are granted on the index so as to reach the roles and stories below;
    the index itself (the whole section, if unpublished) stays the comms staff's."""
    apply_roles()
    index = careers.permissions_for_user(recruiter)

    assert index.can_add_subpage() and index.can_publish_subpage()
    assert index.can_reorder_children()
    assert not (index.can_edit() or index.can_publish() or index.can_unpublish())
    assert not (index.can_set_view_restrictions() or index.can_delete() or index.can_move())
    assert not index.can_lock()
    assert not index.can_view_revisions()  # its History is not offered, as it is refused
    assert careers.permissions_for_user(comms_editor).can_view_revisions()
    for user in (comms_editor, comms_approver):
        assert careers.permissions_for_user(user).can_edit()
    # Unpublishing or restricting the section is the administrators' (core.permissions).

    # And in the admin: unpublishing the section with its roles, or making it private.
    client.force_login(recruiter)
    history = client.get(f"/admin/pages/{careers.pk}/history/")
    assert (history.status_code, history.get("Location")) == (302, "/admin/")  # refused
    url = f"/admin/pages/{careers.pk}/unpublish/"
    response = client.post(url, {"include_descendants": "on"})
    careers.refresh_from_db()
    assert careers.live
    assert response.status_code in (302, 403)
    assert client.get(f"/admin/pages/{careers.pk}/privacy/").status_code in (302, 403)
    assert client.get(f"/admin/pages/{careers.pk}/edit/").status_code in (302, 403)
    assert client.get(f"/admin/pages/add/careers/roleprofilepage/{careers.pk}/").status_code == 200


def test_the_careers_index_stays_out_of_reach_of_a_renamed_recruiters_group(careers, recruiter):
    """What is read is where the group's grants stand, not the group's name."""
    apply_roles()
    Group.objects.filter(name="Recruiters").update(name="Careers team")

    index = careers.permissions_for_user(recruiter)

    assert index.can_add_subpage() and index.can_publish_subpage()
    assert not (index.can_edit() or index.can_unpublish() or index.can_set_view_restrictions())


def test_comms_editors_edit_and_publish_the_careers_index(client, careers, comms_editor):
    """Their publishing right is granted on each section page, the careers index too: it
    is the Recruiters' grant on the index that counts for its subpages alone. Taking the
    section away (unpublishing, restricting) is the administrators', as for every fixed
    section (tests/editorial/test_fixed_sections.py)."""
    apply_roles()
    index = careers.permissions_for_user(comms_editor)
    assert index.can_edit() and index.can_publish() and index.can_add_subpage()
    assert not (index.can_unpublish() or index.can_set_view_restrictions())

    client.force_login(comms_editor)
    response = client.post(f"/admin/pages/{careers.pk}/edit/", {})
    assert response.status_code == 200  # its form, answered (incomplete here)


def test_superusers_browse_edit_and_add_under_the_careers_index(client, careers, superuser):
    role = factories.role_profile(careers, "Analyst")
    client.force_login(superuser)
    for url in (
        f"/admin/pages/{careers.get_parent().pk}/",
        f"/admin/pages/{careers.pk}/",
        f"/admin/pages/{careers.pk}/edit/",
        f"/admin/pages/add/careers/roleprofilepage/{careers.pk}/",
        f"/admin/pages/{role.pk}/edit/",
    ):
        assert client.get(url).status_code == 200, url
    index = careers.permissions_for_user(superuser)
    assert index.can_publish_subpage() and index.can_reorder_children() and index.can_unpublish()


def test_a_role_profile_is_copied_as_a_draft_never_published_at_once(client, careers, recruiter):
    """The copy keeps the reference another live role has: published at once, or made an
    alias (live at once), it failed its own validation inside Wagtail's copy (a 500)."""
    apply_roles()
    role = factories.role_profile(careers, "Analyst")
    client.force_login(recruiter)
    url = f"/admin/pages/{role.pk}/copy/"
    form = {"new_title": "Analyst 2", "new_slug": "analyst-2", "new_parent_page": careers.pk}

    for refused_choice in ({"publish_copies": "on"}, {"alias": "on"}):
        refused = client.post(url, {**form, **refused_choice}, follow=True)

        assert refused.status_code == 200
        assert "copied as a draft" in refused.content.decode()
        assert not RoleProfilePage.objects.filter(slug="analyst-2").exists()

    assert client.post(url, form).status_code == 302
    copy = RoleProfilePage.objects.get(slug="analyst-2")
    assert not copy.live and copy.reference == role.reference
