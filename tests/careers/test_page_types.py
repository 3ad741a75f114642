"""Careers page types go only where they belong; role profiles validate their input."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from careers.models import CareersIndexPage, RoleProfilePage, StaffStoryPage
from core.models import HomePage, StandardPage
from news.models import NewsIndexPage
from tests import factories


class TestCareersPageTree(WagtailPageTestCase):
    def setUp(self):
        self.home = factories.home_page()

    def test_index_goes_only_under_home_and_holds_roles_and_stories(self):
        self.assertAllowedParentPageTypes(CareersIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(CareersIndexPage, {RoleProfilePage, StaffStoryPage})
        self.assertCanCreateAt(HomePage, CareersIndexPage)
        self.assertCanNotCreateAt(StandardPage, CareersIndexPage)
        self.assertCanNotCreateAt(Page, CareersIndexPage)

    def test_roles_and_stories_go_only_under_the_careers_index(self):
        for page_type in (RoleProfilePage, StaffStoryPage):
            self.assertAllowedParentPageTypes(page_type, {CareersIndexPage})
            self.assertAllowedSubpageTypes(page_type, set())
            self.assertCanNotCreateAt(HomePage, page_type)
            self.assertCanNotCreateAt(NewsIndexPage, page_type)

    def test_there_is_only_one_careers_index(self):
        factories.careers_index(self.home)
        self.assertFalse(CareersIndexPage.can_create_at(self.home))


def test_role_salary_range_and_reference_are_checked(careers):
    factories.role_profile(careers, "First", reference="REF-1")
    role = RoleProfilePage(
        title="Second",
        slug="second",
        reference="ref-1",
        career_area=factories.career_area("Technology"),
        salary_minimum=40000,
        salary_maximum=30000,
        apply_url="https://apply.example.org/x",
    )
    role.path, role.depth = careers.path + "0099", careers.depth + 1

    with pytest.raises(ValidationError) as error:
        role.full_clean()

    assert set(error.value.message_dict) >= {"salary_maximum", "reference"}


def test_role_needs_a_career_area_and_an_apply_link(careers):
    role = RoleProfilePage(title="Third", slug="third", reference="REF-3")
    role.path, role.depth = careers.path + "0098", careers.depth + 1

    with pytest.raises(ValidationError) as error:
        role.full_clean()

    assert {"career_area", "apply_url"} <= set(error.value.message_dict)


def test_staff_story_portrait_needs_alt_text(careers):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    image = get_image_model().objects.create(title="Shapes", file=get_test_image_file())
    story = StaffStoryPage(
        title="Sam", slug="sam", first_name="Sam", role_title="Analyst", portrait=image
    )
    story.path, story.depth = careers.path + "0097", careers.depth + 1

    with pytest.raises(ValidationError) as error:
        story.full_clean()

    assert "portrait_alt_text" in error.value.message_dict


def test_eligibility_has_sensible_defaults(careers):
    role = factories.role_profile(careers, "Defaults")

    assert "British citizen" in role.nationality
    assert "18 or over" in role.age
    assert "seven of the last ten years" in role.residency


@pytest.mark.parametrize(
    ("title", "byline"),
    [
        ("Samira, Occupational Psychologist", ""),  # the title says both
        ("Why I joined", "Samira, Occupational Psychologist"),
        ("Samira's first year", "Occupational Psychologist"),
    ],
)
def test_a_staff_story_names_its_author_once(client, careers, title, byline):
    story = factories.staff_story(
        careers,
        title=title,
        slug="samira",
        first_name="Samira",
        role_title="Occupational Psychologist",
    )
    html = client.get(story.url).content.decode()

    assert (f'<p class="meta">{byline}</p>' in html) is bool(byline)
    listing = client.get(careers.url).content.decode()
    assert (f'<p class="card__meta meta">{byline}</p>' in listing) is bool(byline)


# (days from now, days since the role was first published (None: never), whether it is
# refused)
CLOSING_TIMES = [
    (30, None, False),
    (-0.01, 30, False),  # closed early, now, on a live role
    (-400, 500, False),  # a closed role edited later keeps its past closing
    (-3, None, True),  # a new role would go live closed
    (-365 * 2025, None, True),  # year 1 (a review typed 0001)
    (-365 * 2025, 30, True),  # year 1 on a live role: closed before it was published
    (365 * 8, None, True),  # a mistyped year ahead (9999 likewise)
]


def test_a_closing_time_typed_that_cannot_be_right_is_refused(careers):
    """Each case, in one test (the role is built once)."""
    from django.utils import timezone

    built = factories.role_profile(careers, "Analyst")
    form_class = RoleProfilePage.get_edit_handler().get_form_class()

    def outcome(closes_at, first_published_days_ago, stored=None):
        role = RoleProfilePage.objects.get(pk=built.pk)
        role.closes_at = stored or role.closes_at
        role.first_published_at = first_published_days_ago and (
            timezone.now() - datetime.timedelta(days=first_published_days_ago)
        )
        form = form_class(instance=role, for_user=None, parent_page=careers)
        form.cleaned_data = {"closes_at": closes_at}
        try:
            return "kept" if form.clean_closes_at() == closes_at else "changed"
        except ValidationError:
            return "refused"

    outcomes = [
        (days, published, outcome(timezone.now() + datetime.timedelta(days=days), published))
        for days, published, _refused in CLOSING_TIMES
    ]

    assert outcomes == [
        (days, published, "refused" if refused else "kept")
        for days, published, refused in CLOSING_TIMES
    ]
    # A closing time kept as it was is not asked again (the demo's closed roles close
    # before their first publication, made so in code).
    long_ago = timezone.now() - datetime.timedelta(days=60)
    assert outcome(long_ago, 1, stored=long_ago) == "kept"
