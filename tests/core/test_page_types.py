"""Editors can only build the tree the site expects; reserved slugs stay free."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, streamfield

from core.editor_input import RESERVED_TOP_LEVEL_SLUGS
from core.models import HomePage, StandardPage
from tests import factories


class TestPageTree(WagtailPageTestCase):
    def setUp(self):
        self.home = factories.home_page()

    def test_home_page_is_a_singleton_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))

    def test_standard_pages_go_under_home_or_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})
        self.assertCanNotCreateAt(Page, StandardPage)

    def test_standard_page_is_created_through_the_admin(self):
        self.login()
        self.assertCanCreate(
            self.home,
            StandardPage,
            nested_form_data(
                {
                    "title": "Our history",
                    "slug": "our-history",
                    "summary": "How it began.",
                    "body": streamfield([("heading", {"text": "Beginnings", "level": "h2"})]),
                }
            ),
        )

    def test_pages_render(self):
        page = factories.standard_page(self.home, "Renderable")
        self.assertPageIsRenderable(self.home)
        self.assertPageIsRenderable(page)


def test_reserved_slugs_are_refused_at_the_top_level_in_the_admin(client, superuser, home):
    client.force_login(superuser)
    url = reverse("wagtailadmin_pages:add", args=["core", "standardpage", home.pk])
    slugs = sorted(RESERVED_TOP_LEVEL_SLUGS)

    refused = []
    for slug in slugs:
        data = {"title": "Clash", "slug": slug, "summary": "", "body": streamfield([])}
        response = client.post(url, nested_form_data(data))
        if response.status_code == 200 and "slug" in response.context["form"].errors:
            refused.append(slug)

    assert refused == slugs
    assert not StandardPage.objects.filter(slug__in=slugs).exists()


def test_reserved_slugs_are_refused_at_the_top_level_from_code(home):
    with pytest.raises(ValidationError) as error:
        home.add_child(instance=StandardPage(title="Search", slug="search"))

    assert "slug" in error.value.message_dict


def test_reserved_words_are_fine_below_the_top_level(home):
    section = factories.standard_page(home, "Help")

    page = factories.standard_page(section, "Search", slug="search")

    assert page.url == "/help/search/"


def copy_form(page, **fields):
    return {
        "new_title": page.title,
        "new_slug": f"{page.slug}-copy",
        "new_parent_page": page.get_parent().pk,
        **fields,
    }


def test_a_copy_takes_the_page_s_limits_as_form_errors(client, superuser, home):
    """Wagtail's copy form has no length on the new title or slug, and knows nothing of
    the reserved slugs: each was a 500 when the copy was saved."""
    page = factories.standard_page(home, "Our history")
    client.force_login(superuser)
    url = reverse("wagtailadmin_pages:copy", args=[page.pk])
    assert 'maxlength="255"' in client.get(url).content.decode()

    for fields, field in (
        ({"new_title": "x" * 256}, "new_title"),
        ({"new_slug": "y" * 256}, "new_slug"),
        ({"new_slug": "search"}, "new_slug"),
    ):
        response = client.post(url, copy_form(page, **fields))
        assert response.status_code == 200, fields
        assert field in response.context["form"].errors, fields
    assert StandardPage.objects.filter(title=page.title).count() == 1

    longest = client.post(url, copy_form(page, new_title="x" * 255, new_slug="y" * 255))
    assert longest.status_code == 302
    assert StandardPage.objects.get(slug="y" * 255).title == "x" * 255


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_root_page_has_no_place_among_siblings_to_change(client, superuser, home, method):
    root = Page.get_first_root_node()
    client.force_login(superuser)
    url = reverse("wagtailadmin_pages:set_page_position", args=[root.pk])

    assert getattr(client, method)(url + "?position=0").status_code == 404
    assert Page.get_first_root_node().pk == root.pk
    # A page below it still moves among its siblings.
    first, second = factories.standard_page(home, "First"), factories.standard_page(home, "Second")
    url = reverse("wagtailadmin_pages:set_page_position", args=[second.pk])
    assert client.post(url + f"?position={home.get_children().count() - 2}").status_code == 200
    assert list(home.get_children().values_list("pk", flat=True))[-2:] == [second.pk, first.pk]


@pytest.mark.parametrize("parent", ["abc", "", "²", "999999", None])
def test_a_copy_or_move_to_a_parent_that_is_no_page_is_refused(client, superuser, home, parent):
    """Hand-made posts: Wagtail's copy view looked the new parent up before its form read
    it, and its move form showed a refused one again through its chooser: 500s."""
    page = factories.standard_page(home, "Our history")
    elsewhere = factories.standard_page(home, "Elsewhere")
    client.force_login(superuser)
    copy_url = reverse("wagtailadmin_pages:copy", args=[page.pk])
    move_url = reverse("wagtailadmin_pages:move", args=[page.pk])

    data = copy_form(page, new_parent_page=parent)
    if parent is None:
        del data["new_parent_page"]
    copy = client.post(copy_url, data)
    assert copy.status_code == 400
    assert "Nothing was saved" in copy.content.decode()
    assert not StandardPage.objects.filter(slug="our-history-copy").exists()

    move = client.post(move_url, {} if parent is None else {"new_parent_page": parent})
    if parent in ("", None):  # left out: the form says it is needed
        assert move.status_code == 200
        assert "new_parent_page" in move.context["move_form"].errors
    else:
        assert move.status_code == 400
    assert page.get_parent().pk == home.pk

    assert client.post(copy_url, copy_form(page)).status_code == 302
    moved = client.post(move_url, {"new_parent_page": elsewhere.pk})
    assert moved.status_code == 302 and moved["Location"].endswith(f"/move/{elsewhere.pk}/confirm/")


@pytest.mark.parametrize("title", ["\u200b", "\u200b\u200d\ufeff", "\u2060 \u200e"])
def test_a_title_that_shows_nothing_is_a_form_error(client, superuser, home, title):
    """Found by a hunt through the admin: a zero-width space passed the required check
    (Python's strip() keeps it) and the page showed in the menu as an empty link."""
    client.force_login(superuser)
    url = reverse("wagtailadmin_pages:add", args=["core", "standardpage", home.pk])

    def post(page_title, slug):
        data = {"title": page_title, "slug": slug, "summary": "", "body": streamfield([])}
        return client.post(url, nested_form_data(data))

    refused = post(title, "invisible")
    assert refused.status_code == 200
    assert "title" in refused.context["form"].errors
    assert not StandardPage.objects.filter(slug="invisible").exists()
    assert post(f"Café{title}", "visible").status_code == 302  # such characters inside are fine

    page = StandardPage.objects.get(slug="visible")
    copy = client.post(
        reverse("wagtailadmin_pages:copy", args=[page.pk]), copy_form(page, new_title=title)
    )
    assert "new_title" in copy.context["form"].errors


def test_text_in_a_block_that_shows_nothing_is_a_form_error(client, superuser, home):
    """A heading block of a zero-width space alone was taken, and the page showed an
    empty <h2> (and named it in its table of contents). Each such text is refused on its
    block, required or not; the same characters beside letters are fine."""
    client.force_login(superuser)
    url = reverse("wagtailadmin_pages:add", args=["core", "standardpage", home.pk])

    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    picture = get_image_model().objects.create(title="Harbour", file=get_test_image_file())

    def post(slug, heading, attribution, summary="", alt_text="A harbour at dawn"):
        image = {"image": {"image": picture.pk, "decorative": "", "alt_text": alt_text}}
        body = streamfield(
            [
                ("heading", {"text": heading, "level": "h2"}),
                ("quote", {"quote": "We keep the country safe.", "attribution": attribution}),
                ("image", {**image, "caption": ""}),
            ]
        )
        data = {"title": "Blocks", "slug": slug, "summary": summary, "body": body}
        return client.post(url, nested_form_data(data))

    # The summary: the Braille blank, optional text neither there nor empty.
    refused = post("invisible", "\u200b", "\u2060\u200e", summary="\u2800", alt_text="\u200b")
    assert refused.status_code == 200
    assert refused.context["form"].errors["summary"] == [
        "Enter letters a reader can see, or leave this empty."
    ]
    errors = refused.context["form"].errors["body"].as_data()[0].as_json_data()
    heading, quote, image = (errors["blockErrors"][i] for i in range(3))
    # A picture's alt text of nothing, read out as nothing (Wagtail's ImageBlock).
    alt_text = image["blockErrors"]["image"]["blockErrors"]["alt_text"]["messages"]
    assert alt_text == ["Enter letters a reader can see."]
    assert heading["blockErrors"]["text"]["messages"] == ["Enter letters a reader can see."]
    assert quote["blockErrors"]["attribution"]["messages"] == [
        "Enter letters a reader can see, or leave this empty."
    ]
    assert "Enter letters a reader can see, or leave this empty." in refused.content.decode()
    assert not StandardPage.objects.filter(slug="invisible").exists()

    assert post("visible", "Our\u200bwork", "").status_code == 302
    assert StandardPage.objects.get(slug="visible").body[0].value["text"] == "Our\u200bwork"


def test_a_page_with_a_reserved_slug_is_not_moved_to_the_top_level(client, superuser, home):
    """Below the top level "search" is a slug like any other; moved up, the page would be
    unreachable behind the site search. The move is refused, one page or in bulk."""
    section = factories.standard_page(home, "Help")
    page = factories.standard_page(section, "Search", slug="search")
    elsewhere = factories.standard_page(home, "Elsewhere")
    client.force_login(superuser)

    confirm = client.post(
        reverse("wagtailadmin_pages:move_confirm", args=[page.pk, home.pk]), follow=True
    )
    bulk = client.post(
        f"/admin/bulk/wagtailcore/page/move/?id={page.pk}&next=/admin/pages/",
        {"chooser": home.pk},
    )

    assert confirm.redirect_chain == [(reverse("wagtailadmin_pages:move", args=[page.pk]), 302)]
    assert "“search” is reserved for the site" in confirm.content.decode()
    assert bulk.status_code == 200
    assert "cannot be moved to" in bulk.content.decode()
    assert Page.objects.get(pk=page.pk).get_parent().pk == section.pk
    # Moved anywhere else, it goes.
    client.post(reverse("wagtailadmin_pages:move_confirm", args=[page.pk, elsewhere.pk]))
    assert Page.objects.get(pk=page.pk).get_parent().pk == elsewhere.pk


def test_a_picture_deleted_from_the_library_leaves_no_caption_behind(client, home):
    """Wagtail deletes a picture in use after a warning; its block showed the caption of
    a picture no longer there, in an empty figure."""
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    picture = get_image_model().objects.create(title="Harbour", file=get_test_image_file())
    chosen = {"image": picture, "decorative": False, "alt_text": "A harbour at dawn"}
    page = factories.standard_page(
        home,
        "Pictures",
        body=[
            ("image", {"image": chosen, "caption": "The harbour, 1909"}),
            ("paragraph", "<p>What the harbour saw.</p>"),
        ],
    )
    shown = client.get(page.url).content.decode()
    assert 'alt="A harbour at dawn"' in shown
    assert "<figcaption>The harbour, 1909</figcaption>" in shown

    picture.delete()

    html = client.get(page.url).content.decode()
    assert "What the harbour saw." in html
    assert "The harbour, 1909" not in html
    assert "block-image" not in html
