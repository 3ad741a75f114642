"""Who may do what, with real admin requests: recruiters stay inside Careers.

Each refusal is a redirect (to the sign-in page, or Wagtail's dashboard) or a 403, and
leaves the database as it was.
"""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from careers.models import CareerArea, Location, RoleProfilePage, StaffStoryPage
from core.models import HomePage, SiteSettings
from editorial.roles import apply_roles
from tests import factories
from tests.conftest import building_for_the_module, fresh, make_users
from threats.models import ThreatLevelChange, ThreatLevelSettings

pytestmark = pytest.mark.usefixtures("site_for_the_module", "built_for_the_module")

ROLES = ["anonymous", "recruiter", "comms_editor", "comms_approver", "superuser"]
EVERYONE_BUT_ANONYMOUS = {"recruiter", "comms_editor", "comms_approver", "superuser"}
COMMS_AND_ADMINS = {"comms_editor", "comms_approver", "superuser"}

MAY = {
    "add_role": EVERYONE_BUT_ANONYMOUS,
    "publish_role": EVERYONE_BUT_ANONYMOUS,
    # Recruiters add, edit, publish and unpublish, nothing else: Wagtail let whoever may
    # edit a page delete it (a vacancy and its history gone).
    "delete_role": COMMS_AND_ADMINS,
    "bulk_delete_story": COMMS_AND_ADMINS,
    "edit_news_article": COMMS_AND_ADMINS,
    # News goes live only through "Comms review" (tests/editorial/test_review_holds.py).
    "publish_news_article": set(),
    "edit_home_page": COMMS_AND_ADMINS,
    "change_site_settings": {"comms_approver", "superuser"},
    "change_threat_level": {"superuser"},
    "manage_users": {"superuser"},
}


@pytest.fixture(scope="module")
def built_for_the_module(site_for_the_module, django_db_blocker):
    """The careers and news indexes in place of the placeholders, an article, a draft
    article and a draft role, the roles' permissions attached to them, and a user of each
    role: built once for the module, as each test changes them only in its own savepoint."""
    with building_for_the_module(site_for_the_module, django_db_blocker) as site:
        careers = factories.careers_index(site["home"])
        technology = factories.career_area("Technology")
        news = factories.news_index(site["home"])
        made = {
            **site,
            "careers": careers,
            "news": news,
            "technology": technology,
            "article": factories.news_article(news, "An article", datetime.date(2024, 1, 1)),
            "news_draft": factories.news_article(news, "A draft article", None, live=False),
            "draft": factories.role_profile(
                careers, "Draft role", live=False, career_area=technology
            ),
            "open_role": factories.role_profile(careers, "Filled role", career_area=technology),
            "story": factories.staff_story(careers, "Sam, analyst"),
        }
        apply_roles()  # the careers and news indexes exist now: attach their permissions
        # The users of the fixtures of tests/conftest.py (which fetch these).
        made.update(make_users("recruiter", "comms_editor", "comms_approver", "superuser"))
        yield {name: (type(made[name]), made[name].pk) for name in made}


@pytest.fixture
def technology(built_for_the_module, db):
    return fresh(built_for_the_module, "technology")


@pytest.fixture
def site(sections, built_for_the_module):
    return {
        "home": sections["home"],
        "careers": sections["careers"],
        "article": fresh(built_for_the_module, "article"),
        "news_draft": fresh(built_for_the_module, "news_draft"),
        "draft": fresh(built_for_the_module, "draft"),
        "open_role": fresh(built_for_the_module, "open_role"),
        "story": fresh(built_for_the_module, "story"),
    }


def role_form(area, **changes):
    fields = {
        "title": "Interpreter",
        "slug": "interpreter",
        "summary": "Interpret.",
        "reference": "INT-1",
        "career_area": area.pk,
        "what_the_job_involves": rich_text("<p>Work.</p>"),
        "what_you_need": rich_text("<p>Skills.</p>"),
        "salary_text": "",
        "working_pattern": "full_time",
        "contract_type": "permanent",
        "number_of_posts": "1",
        "vetting_level": "dv",
        "nationality": "British",
        "age": "18 or over",
        "residency": "UK",
        "closes_at": "",
        "apply_url": "https://apply.example.org/INT-1",
        "application_steps": streamfield([]),
        "related_story_links": inline_formset([]),
        "related_transcript_links": inline_formset([]),
    }
    fields.update(changes)
    return nested_form_data(fields)


def article_form(article):
    return nested_form_data(
        {
            "title": "Changed article",
            "slug": article.slug,
            "summary": article.summary,
            "kind": "news",
            "published_date": "2024-01-01",
            "body": streamfield([]),
            "related_article_links": inline_formset([]),
        }
    )


def home_form(home):
    return nested_form_data(
        {
            "title": "Changed home",
            "slug": home.slug,
            "summary": "",
            "intro": rich_text("<p>Hello.</p>"),
            "body": streamfield([]),
        }
    )


def settings_form():
    return {
        "site_name": "Changed name",
        "emergency_text": "Call",
        "emergency_number": "999",
        "hotline_label": "Hotline",
        "hotline_number": "0800 789 321",
        "footer_links-count": "0",
    }


def user_form():
    return {
        "username": "newcomer",
        "email": "newcomer@example.org",
        "first_name": "New",
        "last_name": "Comer",
        "password1": "a-long-new-password-1",
        "password2": "a-long-new-password-1",
        "is_active": "on",
    }


def attempt(client, action, site, area):
    """Make the request for `action`; returns (responses, whether it took effect)."""
    if action == "add_role":
        url = reverse(
            "wagtailadmin_pages:add", args=["careers", "roleprofilepage", site["careers"].pk]
        )
        response = client.post(url, role_form(area))
        return response, RoleProfilePage.objects.filter(slug="interpreter").exists()
    if action == "publish_role":
        url = reverse("wagtailadmin_pages:edit", args=[site["draft"].pk])
        data = role_form(area, title="Draft role", slug="draft-role", **{"action-publish": "1"})
        response = client.post(url, data)
        return response, Page.objects.get(pk=site["draft"].pk).live
    if action == "delete_role":
        role = site["open_role"]
        response = client.post(reverse("wagtailadmin_pages:delete", args=[role.pk]))
        return response, not Page.objects.filter(pk=role.pk).exists()
    if action == "bulk_delete_story":
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
        response = client.post(f"{url}?id={site['story'].pk}")
        return response, not Page.objects.filter(pk=site["story"].pk).exists()
    if action == "edit_news_article":
        article = site["article"]
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=[article.pk]), article_form(article)
        )
        return response, Page.objects.get(pk=article.pk).draft_title == "Changed article"
    if action == "publish_news_article":
        # The bulk action publishes or refuses outright, with no draft saved on the way.
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
        response = client.post(f"{url}?id={site['news_draft'].pk}", {"include_descendants": ""})
        return response, Page.objects.get(pk=site["news_draft"].pk).live
    if action == "edit_home_page":
        home = site["home"]
        response = client.post(reverse("wagtailadmin_pages:edit", args=[home.pk]), home_form(home))
        return response, HomePage.objects.get(pk=home.pk).draft_title == "Changed home"
    if action == "change_site_settings":
        url = factories.settings_edit_url(SiteSettings.load())
        response = client.post(url, settings_form())
        return response, SiteSettings.objects.get().site_name == "Changed name"
    if action == "change_threat_level":
        response = client.post(
            reverse("threats_admin:change"),
            {
                "scope": "national",
                "level": "CRITICAL",
                "took_effect_on": "",
                "note": "",
                "confirm": "yes",
            },
        )
        return response, ThreatLevelSettings.load().national_level == "CRITICAL"
    if action == "manage_users":
        response = client.post(reverse("wagtailusers_users:add"), user_form())
        return response, get_user_model().objects.filter(username="newcomer").exists()
    raise AssertionError(action)


def database_state():
    return (
        sorted(Page.objects.values_list("pk", "draft_title", "live", "latest_revision_id")),
        SiteSettings.objects.get().site_name,
        ThreatLevelSettings.load().national_level,
        ThreatLevelChange.objects.count(),
        get_user_model().objects.count(),
    )


@pytest.mark.parametrize("action", list(MAY))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, request, site, technology, role, action):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    before = database_state()

    response, took_effect = attempt(client, action, site, technology)

    if role in MAY[action]:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert took_effect
    else:
        assert response.status_code in (302, 403)
        # A bulk action sends a signed-in editor back to it, having done nothing.
        if response.status_code == 302 and not (
            action in ("publish_news_article", "bulk_delete_story") and role != "anonymous"
        ):
            location = response["Location"]
            assert location.startswith(reverse("wagtailadmin_login")) or location == reverse(
                "wagtailadmin_home"
            )
        assert not took_effect
        assert database_state() == before


def test_recruiters_manage_career_areas_but_nothing_else_of_the_kind(client, recruiter):
    client.force_login(recruiter)

    response = client.post(
        reverse("wagtailsnippets_careers_careerarea:add"), {"name": "Linguists", "slug": "lang"}
    )

    assert response.status_code == 302
    from careers.models import CareerArea

    assert CareerArea.objects.filter(slug="lang").exists()
    assert client.get(reverse("wagtailsnippets_quiz_factorfiction:list")).status_code in (
        302,
        403,
    )


def test_only_those_who_may_choose_a_quiz_statement_are_offered_one(
    client, recruiter, comms_editor, site
):
    """A recruiter's role form offered a statement chooser that answered 404, without a
    word; and a hand-made post of the field set one."""
    from quiz.models import FactOrFiction

    statement = FactOrFiction.objects.create(
        statement="Spies wear hats.", answer="fiction", explanation="Not often."
    )
    role = factories.role_profile(site["careers"], "Quiz tester")
    url = reverse("wagtailadmin_pages:edit", args=[role.pk])
    client.force_login(comms_editor)
    article = reverse("wagtailadmin_pages:edit", args=[site["article"].pk])
    assert 'name="quiz_statement"' in client.get(article).content.decode()

    client.force_login(recruiter)
    form = client.get(url).content.decode()
    saved = client.post(
        url,
        role_form(
            role.career_area, title="Quiz tester", slug="quiz-tester", quiz_statement=statement.pk
        ),
    )

    assert saved.status_code == 302

    assert 'name="quiz_statement"' not in form
    assert 'name="title"' in form
    assert RoleProfilePage.objects.get(pk=role.pk).quiz_statement_id is None


def test_recruiters_use_only_the_careers_image_collection(recruiter):
    from wagtail.images.permissions import permission_policy

    for action in ("add", "change", "choose"):
        collections = permission_policy.collections_user_has_permission_for(recruiter, action)
        assert [collection.name for collection in collections] == ["Careers"]


def story_form(**changes):
    fields = {
        "title": "Jo, data analyst",
        "slug": "jo-data-analyst",
        "summary": "",
        "first_name": "Jo",
        "role_title": "Data analyst",
        "portrait": "",
        "portrait_alt_text": "",
        "intro": rich_text("<p>Hello.</p>"),
        "body": streamfield([]),
        "related_role_links": inline_formset([]),
        "action-publish": "publish",
    }
    fields.update(changes)
    return nested_form_data(fields)


def test_a_recruiter_publishes_only_pictures_of_their_own_collection(client, recruiter, site):
    """Found by a review: the chooser lists the Careers collection only, but the form took
    any image by its id, and published it (core.choosing)."""
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file
    from wagtail.models import Collection

    from editorial.roles import CAREERS_COLLECTION

    apply_roles()
    root = Collection.get_first_root_node()
    careers_collection = root.get_children().get(name=CAREERS_COLLECTION)
    Image = get_image_model()  # noqa: N806
    elsewhere = Image.objects.create(title="DG", file=get_test_image_file(), collection=root)
    own = Image.objects.create(
        title="Open day", file=get_test_image_file(), collection=careers_collection
    )
    client.force_login(recruiter)
    add = f"/admin/pages/add/careers/staffstorypage/{site['careers'].pk}/"

    refused = client.post(add, story_form(portrait=elsewhere.pk, portrait_alt_text="A face"))

    assert refused.status_code == 200
    assert "You may not use this image" in refused.content.decode()
    assert not Page.objects.filter(slug="jo-data-analyst").exists()

    accepted = client.post(add, story_form(portrait=own.pk, portrait_alt_text="A face"))
    assert accepted.status_code == 302
    story = Page.objects.get(slug="jo-data-analyst").specific
    assert story.live and story.portrait == own
    # An approver who may choose every collection sets another; the recruiter's next edit
    # keeps it (what the page holds already stays, whoever edits it).
    story.portrait = elsewhere
    story.save_revision().publish()
    edit = f"/admin/pages/{story.pk}/edit/"
    kept = client.post(edit, story_form(portrait=elsewhere.pk, portrait_alt_text="A face"))
    assert kept.status_code == 302


def test_a_recruiter_links_only_to_published_pages_or_their_own(
    client, recruiter, site, technology
):
    """Found by a permission review: the page chooser offers a recruiter live pages and
    Careers, but the form took any page by its id, in a related transcript or a rich text
    link, and published a news draft's address (core.choosing)."""
    apply_roles()
    transcripts = factories.video_transcripts_index(site["home"])
    transcript = factories.video_transcript(transcripts, "Being MI5")
    draft_transcript = factories.video_transcript(transcripts, "Draft transcript")
    draft_transcript.unpublish()
    client.force_login(recruiter)
    url = reverse("wagtailadmin_pages:add", args=["careers", "roleprofilepage", site["careers"].pk])
    draft = site["news_draft"]

    def post(**changes):
        return client.post(url, role_form(technology, **{"action-publish": "1", **changes}))

    def links_to(*pages):
        rows = [{"transcript": page.pk} for page in pages]
        return {"related_transcript_links": inline_formset(rows)}

    rich_text_link = rich_text(f'<p><a linktype="page" id="{draft.pk}">x</a></p>')
    attempts = [
        post(what_the_job_involves=rich_text_link),
        post(**links_to(draft_transcript)),
        post(**links_to(site["article"])),  # published, but no transcript
    ]
    for number, refused in enumerate(attempts):
        assert refused.status_code == 200, number
        html = refused.content.decode()
        assert "You may not link to this page" in html or "Choose a video transcript" in html
        # Neither the draft's title nor its address is shown back.
        assert draft.title not in html and draft.url_path not in html
        assert draft_transcript.title not in html
    assert not RoleProfilePage.objects.filter(slug="interpreter").exists()

    article = site["article"]
    accepted = post(
        what_the_job_involves=rich_text(f'<p><a linktype="page" id="{article.pk}">x</a></p>'),
        **links_to(transcript),
    )
    assert accepted.status_code == 302
    role = RoleProfilePage.objects.get(slug="interpreter")
    assert role.live and [link.transcript_id for link in role.related_transcript_links.all()] == [
        transcript.pk
    ]


def test_what_blocks_and_rich_text_choose_is_read_too(site):
    """The same check reads StreamField blocks and rich text (Wagtail's references), for
    the page types whose images sit there (core.choosing)."""
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    from core.choosing import chosen_in

    Image = get_image_model()  # noqa: N806
    image = Image.objects.create(title="Hero", file=get_test_image_file())
    home = site["home"].specific
    home.body = [("promotion", {"heading": "H", "text": "T", "image": image, "link_text": "Go"})]
    field = HomePage._meta.get_field("body")
    assert chosen_in(field, home.body)[Image] == {str(image.pk)}
    text = f'<p>A</p><embed embedtype="image" id="{image.pk}" format="left" alt="x"/>'
    assert chosen_in(StaffStoryPage._meta.get_field("intro"), text)[Image] == {str(image.pk)}
    portrait = StaffStoryPage._meta.get_field("portrait")
    assert chosen_in(portrait, image)[Image] == chosen_in(portrait, image.pk)[Image]


@pytest.mark.parametrize("typed", ["0001-01-01 00:00", "9999-12-31 17:00"])
def test_a_new_role_closing_at_a_time_that_cannot_be_right_is_a_form_error(
    client, recruiter, site, technology, typed
):
    """Found by a review: a new role went live with 0001 as its closing year, closed."""
    apply_roles()
    client.force_login(recruiter)
    url = reverse("wagtailadmin_pages:add", args=["careers", "roleprofilepage", site["careers"].pk])

    response = client.post(url, role_form(technology, closes_at=typed, **{"action-publish": "1"}))

    assert response.status_code == 200
    html = response.content.decode()
    assert "closed already" in html or "Check the year" in html
    assert not RoleProfilePage.objects.filter(slug="interpreter").exists()


def test_a_live_role_closing_before_it_was_first_published_is_a_form_error(
    client, recruiter, site, technology
):
    """Found by a probe: a live role was published again closed "on 1 January 0001"."""
    apply_roles()
    role = factories.role_profile(site["careers"], "Interpreter", career_area=technology)
    client.force_login(recruiter)
    data = role_form(technology, slug=role.slug, **{"action-publish": "1"})

    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[role.pk]),
        {**data, "closes_at": "01/01/0001 00:00"},
    )

    assert response.status_code == 200
    assert "Check the year: the role was first published on" in response.content.decode()
    assert RoleProfilePage.objects.get(pk=role.pk).closes_at == role.closes_at


def test_a_role_is_closed_now_in_the_minute_it_was_first_published(
    client, recruiter, site, technology
):
    """Found by an editors' probe: the time typed to the minute was compared with the
    first publication's seconds, and "close now" was refused as before it."""
    apply_roles()
    role = factories.role_profile(site["careers"], "Interpreter", career_area=technology)
    first = timezone.localtime(role.first_published_at)
    client.force_login(recruiter)
    data = role_form(technology, slug=role.slug, **{"action-publish": "1"})

    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[role.pk]),
        {**data, "closes_at": f"{first:%d/%m/%Y %H:%M}"},
    )

    assert response.status_code == 302, response.context["form"].errors
    closed = RoleProfilePage.objects.get(pk=role.pk).closes_at
    assert closed == first.replace(second=0, microsecond=0)


def test_a_new_role_closing_a_minute_ago_is_a_form_error(client, recruiter, site, technology):
    """What the date picker made of a date it could not read: the present moment."""
    apply_roles()
    client.force_login(recruiter)
    url = reverse("wagtailadmin_pages:add", args=["careers", "roleprofilepage", site["careers"].pk])
    typed = f"{timezone.localtime() - datetime.timedelta(minutes=1):%d/%m/%Y %H:%M}"

    response = client.post(url, role_form(technology, closes_at=typed, **{"action-publish": "1"}))

    assert "closed already" in response.content.decode()
    assert not RoleProfilePage.objects.filter(slug="interpreter").exists()


def test_a_closing_time_typed_the_uk_way_is_read_so(client, recruiter, site, technology):
    apply_roles()
    client.force_login(recruiter)
    url = reverse("wagtailadmin_pages:add", args=["careers", "roleprofilepage", site["careers"].pk])
    year = timezone.localdate().year + 1

    response = client.post(
        url, role_form(technology, closes_at=f"02/01/{year} 17:30", **{"action-publish": "1"})
    )

    assert response.status_code == 302
    role = RoleProfilePage.objects.get(slug="interpreter")
    closes = timezone.localtime(role.closes_at)
    assert (closes.year, closes.month, closes.day, closes.hour, closes.minute) == (
        year,
        1,
        2,
        17,
        30,
    )
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[role.pk]))
    assert f'value="02/01/{year} 17:30"' in edit.content.decode()


def test_a_role_scheduled_to_go_live_after_it_closes_is_a_form_error(
    client, recruiter, site, technology
):
    """Found by a hunt through the admin: it went live closed, never listed."""
    apply_roles()
    client.force_login(recruiter)
    url = reverse("wagtailadmin_pages:add", args=["careers", "roleprofilepage", site["careers"].pk])
    soon = timezone.localtime() + datetime.timedelta(days=10)
    later = soon + datetime.timedelta(days=1)

    def post(go_live, closes):
        fields = {
            "go_live_at": f"{go_live:%Y-%m-%d %H:%M}",
            "closes_at": f"{closes:%Y-%m-%d %H:%M}",
        }
        return client.post(url, role_form(technology, **fields, **{"action-publish": "1"}))

    refused = post(later, soon)
    assert refused.status_code == 200
    assert "closes before its go-live date" in refused.content.decode()
    assert not RoleProfilePage.objects.filter(slug="interpreter").exists()
    assert post(soon, later).status_code == 302
    assert RoleProfilePage.objects.get(slug="interpreter").go_live_at is not None


def test_a_chosen_value_that_names_nothing_is_a_form_error_not_a_500(
    client, recruiter, site, technology
):
    """A hand-made post (found by a review): Wagtail's chooser widget looked `abc` up to
    show it again."""
    apply_roles()
    client.force_login(recruiter)
    url = reverse("wagtailadmin_pages:add", args=["careers", "roleprofilepage", site["careers"].pk])
    data = role_form(technology)
    data["career_area"] = "abc"

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not RoleProfilePage.objects.filter(slug="interpreter").exists()


def draftail_link(data, kind="LINK"):
    """A Draftail value with one linked word, its entity's data as given (hand-made)."""
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "a1",
                    "text": "click here",
                    "type": "unstyled",
                    "depth": 0,
                    "inlineStyleRanges": [],
                    "entityRanges": [{"offset": 0, "length": 5, "key": 0}],
                    "data": {},
                }
            ],
            "entityMap": {"0": {"type": kind, "mutability": "MUTABLE", "data": data}},
        }
    )


@pytest.mark.parametrize("page_id", ["²", "99999999999999999999", "abc"])
def test_rich_text_naming_something_by_a_bad_id_is_a_form_error(
    client, recruiter, site, technology, page_id
):
    """Hand-made posts (found by a review): a page published with a link id of "²"
    answered every visitor, and its editor, with a 500."""
    apply_roles()
    client.force_login(recruiter)
    url = reverse("wagtailadmin_pages:add", args=["careers", "roleprofilepage", site["careers"].pk])
    data = role_form(technology, **{"action-publish": "1"})
    data["what_the_job_involves"] = draftail_link({"id": page_id, "url": "/x/"})

    response = client.post(url, data)

    assert response.status_code == 200
    assert "This refers to something that does not exist." in response.content.decode()
    assert not RoleProfilePage.objects.filter(slug="interpreter").exists()


def test_a_stored_link_with_a_bad_id_is_left_out_not_a_500(client, site, technology):
    role = factories.role_profile(site["careers"], "Interpreter", career_area=technology)
    for bad in ("²", "99999999999999999999"):
        RoleProfilePage.objects.filter(pk=role.pk).update(
            what_the_job_involves=f'<p><a linktype="page" id="{bad}">Apply</a> now</p>'
        )

        response = client.get(role.url)

        assert response.status_code == 200
        assert "Apply" in response.content.decode()


def test_a_stored_link_without_its_id_does_not_stop_an_edit(client, recruiter, site, technology):
    """A page holding a link stored without its id (before ids were checked) could not be
    saved again: reading what it held failed, a 500. What the recruiter posts is checked
    as new."""
    apply_roles()
    role = factories.role_profile(site["careers"], "Interpreter", career_area=technology)
    RoleProfilePage.objects.filter(pk=role.pk).update(
        what_the_job_involves='<p><a linktype="page">Apply</a> now</p>'
    )
    client.force_login(recruiter)

    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[role.pk]),
        role_form(technology, title="Arabic interpreter", slug=role.slug),
    )

    assert response.status_code == 302
    saved = RoleProfilePage.objects.get(pk=role.pk).get_latest_revision().as_object()
    assert saved.title == "Arabic interpreter"


def test_a_recruiter_orders_the_roles_but_nothing_outside_careers(
    client, recruiter, comms_editor, site
):
    """The explorer's ordering moves a page among its siblings: Wagtail asked the right
    to publish on the careers index, which recruiters hold only for its subpages."""
    careers = site["careers"]
    first = factories.role_profile(careers, "First role", career_area=site["draft"].career_area)
    second = factories.role_profile(careers, "Second role", career_area=site["draft"].career_area)
    order = lambda parent: [page.pk for page in parent.get_children()]  # noqa: E731
    assert order(careers)[-2:] == [first.pk, second.pk]
    client.force_login(recruiter)

    moved = client.post(f"/admin/pages/{second.pk}/set_position/?position=0")

    assert moved.status_code == 200
    assert order(careers)[0] == second.pk

    # Outside careers: the home page's sections stay as they were.
    home = site["home"]
    before = order(home)
    refused = client.post(f"/admin/pages/{before[-1]}/set_position/?position=0")
    assert refused.status_code == 302
    assert order(home) == before


def test_required_text_that_shows_nothing_is_a_form_error(client, recruiter, site, technology):
    """A zero-width space passed the required checks (Python's strip() keeps it): a role
    with an empty reference, a location shown in the filters as an empty choice."""
    client.force_login(recruiter)
    careers = site["careers"]
    add_role = reverse("wagtailadmin_pages:add", args=["careers", "roleprofilepage", careers.pk])

    # Published: a draft may leave required fields for later (Wagtail), invisible or empty.
    refused = client.post(
        add_role, role_form(technology, reference="\u200b\u200d", **{"action-publish": "1"})
    )
    assert refused.status_code == 200
    assert "reference" in refused.context["form"].errors
    assert not RoleProfilePage.objects.filter(slug="interpreter").exists()

    for name, created in (("\u2060 \u200e", False), ("Cheltenham", True)):
        answer = client.post(
            "/admin/snippets/careers/location/add/", {"name": name, "slug": "a-place"}
        )
        assert Location.objects.filter(slug="a-place").exists() is created
        assert answer.status_code == (302 if created else 200)


def test_the_number_of_posts_says_its_least_once(client, recruiter, site, technology):
    """The field type's least (0) was checked before the model's (1): "-2" was told to be
    at least 0, then 0 to be at least 1."""
    client.force_login(recruiter)
    careers = site["careers"]
    add_role = reverse("wagtailadmin_pages:add", args=["careers", "roleprofilepage", careers.pk])

    for posts in ("-2", "0"):
        data = role_form(technology, number_of_posts=posts, **{"action-publish": "1"})
        refused = client.post(add_role, data)
        assert refused.context["form"].errors["number_of_posts"] == [
            "Ensure this value is greater than or equal to 1."
        ], posts
        assert 'min="1"' in refused.content.decode()
    assert not RoleProfilePage.objects.filter(slug="interpreter").exists()


def test_a_career_area_roles_name_is_not_deleted_from_under_them(
    client, recruiter, site, technology, administration
):
    """It was: the roles lost their area (out of its filter), and could not be published
    again without one."""
    role = factories.role_profile(site["careers"], "Analyst", career_area=technology)
    apply_roles()
    client.force_login(recruiter)

    def delete_url(area):
        return reverse("wagtailsnippets_careers_careerarea:delete", args=[area.pk])

    asked = client.get(delete_url(technology)).content.decode()
    assert "prevent it from being deleted" in asked
    refused = client.post(delete_url(technology))
    assert refused.url == reverse("wagtailadmin_home")  # "Sorry, you do not have permission"
    role.refresh_from_db()
    assert role.career_area == technology
    # One no role names goes.
    deleted = client.post(delete_url(administration))
    assert deleted.url == reverse("wagtailsnippets_careers_careerarea:list")
    assert not CareerArea.objects.filter(pk=administration.pk).exists()


def test_the_admin_s_listing_says_which_roles_have_closed(client, recruiter, site, technology):
    careers = site["careers"]
    factories.role_profile(careers, "Open role", career_area=technology)
    closed = factories.role_profile(careers, "Closed role", career_area=technology)
    RoleProfilePage.objects.filter(pk=closed.pk).update(
        closes_at=timezone.now() - datetime.timedelta(days=1)
    )
    apply_roles()
    client.force_login(recruiter)

    html = client.get(reverse("wagtailadmin_explore", args=[careers.pk])).content.decode()

    rows = {
        title: row
        for row in html.split("<tr")[1:]
        for title in ("Open role", "Closed role")
        if title in row
    }
    assert "live, closed" in " ".join(rows["Closed role"].split())
    assert "closed" not in " ".join(rows["Open role"].split()).replace("Closed role", "")


def test_a_recruiter_deletes_a_draft_of_their_own_that_never_went_live(
    client, recruiter, site, technology
):
    """Only that: another's draft, and their own role once live (a vacancy with a
    history), stay for comms staff to delete."""
    client.force_login(recruiter)
    add = reverse("wagtailadmin_pages:add", args=["careers", "roleprofilepage", site["careers"].pk])
    assert client.post(add, role_form(technology)).status_code == 302
    own_draft = RoleProfilePage.objects.get(slug="interpreter")
    assert own_draft.owner == recruiter
    published = client.post(
        add, role_form(technology, slug="closed", reference="INT-2", **{"action-publish": "1"})
    )
    assert published.status_code == 302
    once_live = RoleProfilePage.objects.get(slug="closed")
    once_live.unpublish()
    others_draft = site["draft"]

    def delete(page):
        return client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))

    edit_page = client.get(reverse("wagtailadmin_pages:edit", args=[own_draft.pk]))
    assert reverse("wagtailadmin_pages:delete", args=[own_draft.pk]) in edit_page.content.decode()
    deleted = delete(own_draft)
    refused = {page.slug: delete(page).status_code for page in (once_live, others_draft)}

    assert deleted.status_code == 302
    assert not Page.objects.filter(pk=own_draft.pk).exists()
    assert refused == {"closed": 302, others_draft.slug: 302}
    assert Page.objects.filter(pk__in=[once_live.pk, others_draft.pk]).count() == 2


def test_a_recruiter_follows_the_careers_index_s_usage_link_but_edits_nothing_from_it(
    client, recruiter, comms_editor, site
):
    """The side panel links "Referenced N times" for whoever sees the page; Wagtail
    answered only those who may edit it. What refers to it that they may not edit shows
    as private; the Edit button only for those who may; a page they do not see stays
    theirs to ask for."""
    careers = site["careers"]
    row = SiteSettings.objects.get()
    row.footer_links = [("link", {"label": "Jobs", "page": careers, "url": ""})]
    row.save()  # in the reference index, as the admin saves it
    factories.role_profile(careers, "Linguist")  # refers to nothing: not listed
    usage = reverse("wagtailadmin_pages:usage", args=[careers.pk])
    edit = reverse("wagtailadmin_pages:edit", args=[careers.pk])

    client.force_login(recruiter)
    listing = client.get(reverse("wagtailadmin_explore", args=[careers.pk])).content.decode()
    seen = client.get(usage)
    refused = client.get(reverse("wagtailadmin_pages:usage", args=[site["article"].pk]))
    client.force_login(comms_editor)
    editors = client.get(usage).content.decode()

    assert usage in listing
    assert seen.status_code == 200
    html = seen.content.decode()
    assert "(Private site settings)" in html and "Footer links" in html
    assert f'href="{edit}"' not in html
    assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")
    assert f'href="{edit}"' in editors
