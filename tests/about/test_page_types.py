"""The "Who we are" page types go only where they belong."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from about.blocks import FAQBlock, TimelineBlock
from about.models import AboutPage, FAQPage
from careers.models import CareersIndexPage
from core.models import HomePage, StandardPage
from tests import factories
from tests.about.conftest import about_page


class TestAboutPageTree(WagtailPageTestCase):
    def setUp(self):
        self.home = factories.home_page()

    def test_about_pages_stand_under_home_or_another_about_page(self):
        self.assertAllowedParentPageTypes(AboutPage, {HomePage, AboutPage})
        self.assertAllowedSubpageTypes(AboutPage, {AboutPage, FAQPage})
        self.assertCanCreateAt(HomePage, AboutPage)
        self.assertCanCreateAt(AboutPage, AboutPage)
        self.assertCanNotCreateAt(StandardPage, AboutPage)
        self.assertCanNotCreateAt(CareersIndexPage, AboutPage)
        self.assertCanNotCreateAt(Page, AboutPage)

    def test_faq_pages_stand_only_in_an_about_section(self):
        self.assertAllowedParentPageTypes(FAQPage, {AboutPage})
        self.assertAllowedSubpageTypes(FAQPage, set())
        self.assertCanCreateAt(AboutPage, FAQPage)
        self.assertCanNotCreateAt(HomePage, FAQPage)
        self.assertCanNotCreateAt(StandardPage, FAQPage)
        self.assertCanNotCreateAt(FAQPage, FAQPage)

    def test_the_home_page_offers_the_section_to_editors(self):
        self.assertIn(AboutPage, HomePage.allowed_subpage_models())

    def test_more_than_one_of_each_may_be_made(self):
        # No max_count: a second FAQ page (for applicants, say) has its place too.
        section = about_page(self.home, "Who we are")
        factories.publish_child(section, FAQPage(title="FAQ", slug="faq"))
        self.assertTrue(FAQPage.can_create_at(section))
        self.assertTrue(AboutPage.can_create_at(self.home))


@pytest.mark.parametrize("slug", ["search", "admin", "report"])
def test_a_top_level_about_page_cannot_take_a_reserved_slug(home, slug):
    page = AboutPage(title="Who we are", slug=slug)
    page.path, page.depth = home.path + "0099", home.depth + 1

    with pytest.raises(ValidationError) as error:
        page.full_clean()

    assert "slug" in error.value.message_dict


def test_a_reserved_slug_is_fine_further_down(home):
    section = about_page(home, "Who we are")
    page = AboutPage(title="Search", slug="search")
    page.path, page.depth = section.path + "0099", section.depth + 1

    page.full_clean()  # no error: only the site's own top-level addresses are reserved


def test_the_admin_forms_and_previews_open(client, superuser, about):
    client.force_login(superuser)
    add_about = reverse("wagtailadmin_pages:add", args=["about", "aboutpage", about["section"].pk])
    add_faq = reverse("wagtailadmin_pages:add", args=["about", "faqpage", about["section"].pk])

    for url in [
        add_about,
        add_faq,
        reverse("wagtailadmin_pages:edit", args=[about["history"].pk]),
        reverse("wagtailadmin_pages:edit", args=[about["faq"].pk]),
    ]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("block", [TimelineBlock(), FAQBlock()], ids=["timeline", "faq"])
def test_the_blocks_preview_in_the_admin(db, block):
    html = block.render(block.get_preview_value())

    assert html.strip()
    if isinstance(block, TimelineBlock):
        assert '<time class="timeline-list__year" datetime="1909">1909</time>' in html
    else:
        assert "<h2" in html and "Is there a museum?" in html
        assert "<p>No: our buildings are not open to visitors.</p>" in html


@pytest.mark.parametrize(
    ("model", "parent"),
    [("aboutpage", "home"), ("faqpage", "section"), ("aboutpage", "section")],
)
def test_a_new_page_previews_before_it_is_saved(client, superuser, about, model, parent):
    client.force_login(superuser)
    parent_page = about["section"] if parent == "section" else about["section"].get_parent()
    url = reverse("wagtailadmin_pages:preview_on_add", args=["about", model, parent_page.pk])
    body = [("question", {"question": "Any tours?", "answer": rich_text("<p>No.</p>")})]
    if model == "aboutpage":
        body = [("paragraph", rich_text("<p>Hello.</p>"))]
    data = nested_form_data(
        {"title": "New page", "slug": "new-page", "summary": "", "body": streamfield(body)}
    )

    assert client.post(url, data).json()["is_valid"]
    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>New page</h1>" in html
    assert ("Any tours?" if model == "faqpage" else "Hello.") in html
