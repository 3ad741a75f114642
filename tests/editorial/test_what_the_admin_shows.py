"""The admin shows a page's title or a picture only to those who may reach it (found by
the editors' review; core.choosing): Wagtail's chooser steps and the page mover's
confirmation answered for any id, and its page types report named drafts of every
section."""

import pytest
from django.urls import reverse

from editorial.roles import REPORT_HANDLERS, apply_roles
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def handler(sections):
    return factories.user("handler", REPORT_HANDLERS)


def test_chooser_steps_answer_only_for_what_the_user_may_choose(client, items, recruiter, handler):
    apply_roles()
    root_image, careers_image = items["root image"], items["careers image"]
    steps = ("/admin/images/chooser/{}/select_format/", "/admin/images/chooser/chosen/{}/")

    client.force_login(recruiter)
    for step in steps:
        refused = client.get(step.format(root_image.pk))
        assert refused.status_code in (302, 404), step  # Wagtail's own "chosen" redirects
        assert "Director General" not in refused.content.decode()
        assert client.get(step.format(careers_image.pk)).status_code == 200, step
    assert client.post(steps[0].format(root_image.pk), {"alt_text": "x"}).status_code == 404

    # An id that cannot be one is not found, not an error.
    assert client.get("/admin/images/chooser/abc/select_format/").status_code == 404

    client.force_login(handler)
    document = f"/admin/documents/chooser/chosen/{items['document'].pk}/"
    assert client.get(document).status_code in (302, 404)
    assert client.get(steps[1].format(careers_image.pk)).status_code in (302, 404)


def test_the_move_confirmation_shows_nothing_to_whoever_may_not_move_the_page(
    client, sections, recruiter, comms_approver
):
    apply_roles()
    draft = factories.standard_page(sections["home"], "Embargoed plan", live=False)
    address = f"/admin/pages/{draft.pk}/move/{sections['privacy'].pk}/confirm/"

    client.force_login(recruiter)
    response = client.get(address, follow=True)
    assert "Embargoed plan" not in response.content.decode()
    assert "permission" in response.content.decode()

    client.force_login(comms_approver)
    assert "Embargoed plan" in client.get(address).content.decode()


def test_the_move_confirmation_names_no_destination_the_user_may_not_move_to(
    client, sections, recruiter
):
    """The page is the recruiter's to move; the destination, another section's draft, is
    not theirs: its title must not show."""
    apply_roles()
    careers = factories.careers_index(sections["home"])
    apply_roles()
    role = factories.role_profile(careers, "Analyst")
    draft = factories.standard_page(sections["home"], "Embargoed plan", live=False)
    client.force_login(recruiter)

    response = client.get(f"/admin/pages/{role.pk}/move/{draft.pk}/confirm/", follow=True)

    assert "Embargoed plan" not in response.content.decode()


@pytest.mark.parametrize("report", ["page-types-usage", "site-history"])
def test_the_whole_site_s_reports_are_for_those_who_see_the_whole_site(
    client, sections, recruiter, comms_approver, report
):
    """The page types report names the last page edited of each type, drafts included;
    the site history showed a recruiter the log of the pages above Careers (the home
    page): what was done to them, and by whom."""
    apply_roles()
    factories.standard_page(sections["home"], "Embargoed draft", live=False)
    home = sections["home"]
    home.title = "Home with an embargoed headline"
    home.save_revision(user=comms_approver, log_action=True)
    address = f"/admin/reports/{report}/"

    client.force_login(recruiter)
    for asked in (address, address + "results/"):
        refused = client.get(asked)
        assert refused.status_code == 302, asked
        assert "mbargoed" not in refused.content.decode()
    assert report not in client.get("/admin/").content.decode()

    client.force_login(comms_approver)
    assert client.get(address).status_code == 200
    assert report in client.get("/admin/").content.decode()
    if report == "site-history":
        assert "embargoed headline" in client.get(address).content.decode()


def test_a_bulk_actions_confirmation_names_only_what_the_user_may_edit(
    client, sections, items, recruiter, handler
):
    """Found by a second review: the confirmation listed, by title, every page, picture
    or document the user may not act on, another section's drafts included."""
    apply_roles()
    draft = factories.standard_page(sections["home"], "Embargoed plan", live=False)
    client.force_login(recruiter)

    for address in (
        f"/admin/bulk/wagtailcore/page/unpublish/?id={draft.pk}",
        f"/admin/bulk/wagtailcore/page/delete/?id=all&childOf={sections['home'].pk}&q=plan",
        f"/admin/bulk/wagtailimages/image/delete/?id={items['root image'].pk}",
    ):
        html = client.get(address).content.decode()
        assert "Embargoed plan" not in html and "Director General" not in html, address
        assert "you may not open" in html, address

    client.force_login(handler)
    html = client.get(f"/admin/bulk/wagtaildocs/document/delete/?id={items['document'].pk}")
    assert "Annual report" not in html.content.decode()


def test_the_page_chooser_s_steps_name_no_draft_the_user_may_not_explore(
    client, sections, recruiter, comms_editor
):
    """The page chooser's steps that read ids (the page browsed, the pages chosen) looked
    each id up: counting through them named every draft of the site, with its address."""
    apply_roles()
    draft = factories.standard_page(sections["home"], "Embargoed plan", live=False)
    live = factories.standard_page(sections["home"], "Announced plan")
    chosen = f"/admin/choose-page/chosen-multiple/?id={draft.pk}&id={live.pk}&id=abc"
    browsed = f"/admin/choose-page/{draft.pk}/"

    client.force_login(recruiter)
    answer = client.get(chosen).content.decode()
    assert "Announced plan" in answer  # live: its title is public
    assert "Embargoed plan" not in answer and "embargoed-plan" not in answer
    # Browsing the draft browses from where it stands: the chooser opens at a linked
    # page's parent, which may be such a draft.
    from_above = client.get(browsed)
    assert from_above.status_code == 200
    assert "Embargoed plan" not in from_above.content.decode()
    assert "Announced plan" in from_above.content.decode()
    assert client.get(f"/admin/choose-page/{live.pk}/").status_code == 200

    client.force_login(comms_editor)  # who may explore the draft sees it
    assert "Embargoed plan" in client.get(chosen).content.decode()
    assert "Embargoed plan" in client.get(browsed).content.decode()


@pytest.mark.parametrize("browsed", ["/admin/choose-page/", "/admin/choose-page/{home}/"])
def test_the_page_chooser_takes_no_page_to_move_that_is_no_id(
    client, sections, comms_editor, browsed
):
    """Wagtail's chooser, opened to move pages, read each `target_pages[]` as a number:
    anything else was a 500. Such a value is dropped, and the chooser browses."""
    news = sections["news"]
    address = browsed.format(home=sections["home"].pk)
    client.force_login(comms_editor)

    for junk in ("abc", "²", "9" * 30):
        response = client.get(address, {"target_pages[]": [junk, str(news.pk)]})
        assert response.status_code == 200, junk
        assert response.json()["step"] == "browse"


def test_a_page_type_s_listing_offers_add_only_where_one_may_be_added(
    client, sections, comms_editor
):
    """The page types report's "Pages using" listing offered "Add" for a one-of-a-kind
    type that exists already (the threat levels page): the next step said "you do not
    have permission". Where one may be added, it is offered and leads to the form."""
    client.force_login(comms_editor)

    def listing(app, model):
        response = client.get(reverse("wagtailadmin_pages:type_use", args=[app, model]))
        add = reverse("wagtailadmin_pages:choose_parent", args=[app, model])
        return response.status_code, add in response.content.decode(), response

    status, offered, listed = listing("threats", "threatlevelspage")
    assert (status, offered) == (200, False)
    assert "Threat levels" in listed.content.decode()  # its page listed as before
    status, offered, _listed = listing("core", "standardpage")
    assert (status, offered) == (200, True)
    chosen = client.get(reverse("wagtailadmin_pages:choose_parent", args=["core", "standardpage"]))
    assert chosen.status_code == 200
