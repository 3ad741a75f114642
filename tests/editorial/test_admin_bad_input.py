"""What Wagtail's admin views took on trust from an address or a post, found by a sweep
of hand-made requests (each was a 500 for a signed-in role): a 400 page, or the value
left out, and nothing lost."""

import json

import pytest
from django.db import connection
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Workflow
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from editorial.roles import apply_roles
from tests import factories
from tests.editorial.helpers import article_form, edit_url

pytestmark = pytest.mark.usefixtures("site_for_the_module")


def refused(response):
    assert response.status_code == 400
    return response.content.decode()


@pytest.mark.parametrize("kind", ["root image", "document"])
def test_a_next_that_is_no_path_is_left_out_and_the_change_kept(client, superuser, items, kind):
    """`?next=abc`: Wagtail's edit view saved, then took the word for a URL name."""
    item = items[kind]
    address = (
        f"/admin/images/{item.pk}/"
        if isinstance(item, get_image_model())
        else f"/admin/documents/edit/{item.pk}/"
    )
    client.force_login(superuser)
    form = {"title": "Renamed", "collection": item.collection_id}

    response = client.post(address + "?next=abc", form)

    assert response.status_code == 302
    assert response["Location"] == address.split("/", 3)[2].join(["/admin/", "/"])
    item.refresh_from_db()
    assert item.title == "Renamed"
    # A path of the site is still followed.
    response = client.post(address + "?next=/admin/pages/", {**form, "title": "Again"})
    assert response["Location"] == "/admin/pages/"


@pytest.mark.parametrize("chooser", ["external", "email", "phone", "anchor"])
def test_a_link_chooser_asked_for_a_parent_that_is_no_id_opens_as_usual(
    client, comms_editor, chooser
):
    client.force_login(comms_editor)

    response = client.get(f"/admin/choose-{chooser}-link/?parent_page_id=abc")

    assert response.status_code == 200
    assert client.get(f"/admin/choose-{chooser}-link/?parent_page_id=1").status_code == 200


def test_a_query_with_a_nul_character_is_a_400(client, comms_editor):
    """PostgreSQL refuses the character in a query (the image chooser's tag filter)."""
    client.force_login(comms_editor)

    assert "cannot be read" in refused(client.get("/admin/images/chooser/?tag=a%00"))
    assert client.get("/admin/images/chooser/?tag=a").status_code == 200


@pytest.mark.parametrize(
    "address",
    [
        "/admin/images/chooser/chosen/abc/",
        "/admin/documents/chooser/chosen/%00x/",
        "/admin/snippets/choose/quiz/factorfiction/chosen/abc/",
        "/admin/snippets/choose/careers/careerarea/chosen/%ff/",
    ],
)
def test_a_chooser_s_chosen_step_for_an_id_that_is_no_id_is_not_found(
    client, comms_editor, items, address
):
    """Found by a probe: each was a 500 (Wagtail's chooser looks the id up as given)."""
    client.force_login(comms_editor)

    assert client.get(address).status_code == 404
    image = items["careers image"]
    assert client.get(f"/admin/images/chooser/chosen/{image.pk}/").status_code == 200


def test_the_tree_s_root_is_never_chosen(client, comms_editor):
    client.force_login(comms_editor)

    response = client.get("/admin/choose-page/chosen-multiple/?id=1")

    assert response.status_code == 200
    assert response.json()["result"] == []


def test_rich_text_of_the_wrong_shape_is_refused_and_nothing_saved(client, sections, superuser):
    """JSON, but a list where the editor sends an object: the converter met a list."""
    careers = factories.careers_index(sections["home"], intro="<p>Join us.</p>")
    client.force_login(superuser)

    refused(client.post(edit_url(careers), {"title": "Changed", "slug": "careers", "intro": "[]"}))
    careers.refresh_from_db()
    assert careers.draft_title != "Changed"


def test_a_related_row_whose_id_is_no_number_is_refused_and_nothing_saved(
    client, news, comms_editor
):
    apply_roles()
    article = factories.news_article(news, "An article", "2024-01-01")
    other = factories.news_article(news, "Another", "2024-01-02")
    revisions = article.revisions.count()
    client.force_login(comms_editor)
    row = {"id": "abc", "article": str(other.pk)}

    data = article_form(
        title="Changed", slug=article.slug, related_article_links=inline_formset([row], initial=1)
    )
    refused(client.post(edit_url(article), data))

    assert article.revisions.count() == revisions


def test_a_search_promotion_of_a_page_that_is_no_id_is_refused(client, superuser):
    """The chooser looked the posted id up to show the form again."""
    client.force_login(superuser)
    promotion = {
        "query_string": "spies",
        "editors_picks": inline_formset(
            [{"page": "abc", "description": "Read this", "ORDER": "1", "id": ""}]
        ),
    }

    refused(client.post("/admin/searchpicks/add/", nested_form_data(promotion)))


def test_a_page_number_that_is_no_number_shows_the_first_page(client, superuser):
    """The workflow editor read `p` with int() and asked its paginator for page 0."""
    workflow = Workflow.objects.create(name="Checked pages")
    client.force_login(superuser)
    address = reverse("wagtailadmin_workflows:edit", args=[workflow.pk])

    for number in ("abc", "0", "-1", "1"):
        response = client.get(f"{address}?p={number}")
        assert response.status_code == 200, number
        assert "Checked pages" in response.content.decode()

    response = client.get(f"{address}?p=999")
    assert response.status_code == 404
    assert "no such page" in response.content.decode()


def test_a_filter_number_too_big_for_the_database_is_not_an_error(client, sections, superuser):
    """SQLite cannot bind a number past 2**63 (PostgreSQL finds no such owner)."""
    client.force_login(superuser)
    address = reverse("wagtailadmin_explore", args=[sections["home"].pk])

    response = client.get(f"{address}?owner={'9' * 20}")

    if connection.vendor == "sqlite":
        assert "cannot be read" in refused(response)
    else:
        assert response.status_code == 200
    assert client.get(f"{address}?owner={superuser.pk}").status_code == 200


def test_an_offset_or_a_position_too_big_for_the_database_is_refused(client, sections, superuser):
    """The admin's API took `offset`, the page reordering `position`, to the database:
    past 2**63 SQLite refused it as a datatype mismatch (a 500)."""
    home = sections["home"]
    first, second = factories.standard_page(home, "First"), factories.standard_page(home, "Second")
    order = list(home.get_children().values_list("pk", flat=True))
    client.force_login(superuser)
    reorder = reverse("wagtailadmin_pages:set_page_position", args=[second.pk])

    # Read as the views read them (int(): underscores, other scripts' digits).
    for big in (str(2**63), "9" * 40, "1_000_000_000_000_000_000_000", "\u0661" * 20):
        assert "cannot be read" in refused(client.get(f"/admin/api/main/pages/?offset={big}"))
        assert "cannot be read" in refused(client.post(f"{reorder}?position={big}"))
    assert list(home.get_children().values_list("pk", flat=True)) == order

    # Numbers that fit are the views' own, as before: the last one the database holds, a
    # word or a negative offset (Wagtail's own 400, in JSON).
    assert client.get(f"/admin/api/main/pages/?offset={2**63 - 1}").json()["items"] == []
    for word in ("abc", "-" + "9" * 19):
        response = client.get(f"/admin/api/main/pages/?offset={word}")
        assert (response.status_code, response["Content-Type"]) == (400, "application/json")
    assert client.get("/admin/api/main/pages/?offset=1").status_code == 200
    position = order.index(first.pk)
    assert client.post(f"{reorder}?position={position}").status_code == 200
    assert list(home.get_children().values_list("pk", flat=True))[position] == second.pk


def test_an_image_previewed_with_a_fill_it_cannot_make_is_refused(
    client, items, comms_editor, recruiter
):
    """Wagtail's preview divided by a fill's 0 side, and failed on a crop thinner than a
    pixel (500s; a 1x100000000 fill ran out of memory); a 0 in the other filters makes
    a 1-pixel image, as before."""
    image = items["root image"]
    preview = f"/admin/images/{image.pk}/preview/"
    client.force_login(comms_editor)

    # A 0 side; a side past 10,000 px; a shape thinner than a pixel of this 640x480 image.
    for spec in (
        "fill-0x0",
        "fill-0x10",
        "fill-10x0",
        "fill-0x10-c100",
        "fill-10001x10",
        "fill-1x100000000",
        "fill-1x" + "9" * 400,
        "fill-1x10000",
        "fill-10000x1",
    ):
        assert refused(client.get(f"{preview}{spec}/")) == f"Invalid filter spec: {spec}"
    assert client.get(f"/admin/images/{image.pk + 1000}/preview/fill-0x0/").status_code == 404
    for spec in ("fill-10x10", "fill-10x10-c100", "fill-1x480", "max-0x0", "width-0", "original"):
        response = client.get(f"{preview}{spec}/")
        assert response.status_code == 200, spec
        assert response["Content-Type"].startswith("image/"), spec
    assert client.get(f"{preview}blur-5/").status_code == 400  # Wagtail's own refusal
    # Wagtail's right to change the image still decides the rest (its refusal: back to
    # the dashboard, saying so).
    client.force_login(recruiter)
    for spec in ("fill-10x10", "fill-0x0"):
        response = client.get(f"{preview}{spec}/")
        assert (response.status_code, response["Location"]) == (302, "/admin/"), spec


@pytest.mark.parametrize("address", ["/admin/images/chooser/", "/admin/images/chooser/results/"])
def test_the_image_chooser_searches_within_a_tag(client, items, comms_editor, recruiter, address):
    """Wagtail filtered by tag before searching, which its search backend refused (a 500);
    the chooser still lists only what the user may choose."""
    director, open_day = items["root image"], items["careers image"]
    for image in (director, open_day):
        image.tags.add("portrait")
    get_image_model().objects.create(
        title="Portrait of the Director", file=get_test_image_file(), collection=director.collection
    )  # found by the words, not tagged
    client.force_login(comms_editor)

    def titles(query):
        response = client.get(address, query)
        assert response.status_code == 200, query
        html = response.content.decode()
        return {image.title for image in get_image_model().objects.all() if image.title in html}

    assert titles({"q": "director", "tag": "portrait"}) == {"Director General"}
    assert titles({"q": "open day", "tag": "portrait"}) == {"Graduate open day"}
    assert titles({"q": "director", "tag": "nothing"}) == set()
    assert titles({"tag": "portrait"}) == {"Director General", "Graduate open day"}
    assert titles({"q": "director"}) == {"Director General", "Portrait of the Director"}
    client.force_login(recruiter)  # the Careers collection alone
    assert titles({"q": "open day", "tag": "portrait"}) == {"Graduate open day"}
    assert titles({"q": "director", "tag": "portrait"}) == set()
    assert titles({"tag": "portrait"}) == {"Graduate open day"}


def test_an_editing_session_ping_for_an_id_that_cannot_be_one_is_not_found(
    client, sections, comms_editor
):
    """Wagtail's ping looked the page up by the id in its address (`abc`: a 500)."""
    home = sections["home"]
    client.force_login(comms_editor)
    ping = "/admin/editing-sessions/ping/wagtailcore/page/{}/0/"

    for object_id in ("abc", "1.5", "%C2%B2", "-", "999999", "9" * 20):
        assert client.post(ping.format(object_id)).status_code == 404, object_id
    assert client.post("/admin/editing-sessions/ping/nothing/page/1/0/").status_code == 404
    # A revision id that is no id (Wagtail read it with int(): a 500).
    for revision_id in ("abc", "", "1.5"):
        response = client.post(ping.format(home.pk), {"revision_id": revision_id})
        assert "arrived incomplete" in refused(response), revision_id
    # A page's own ping opens a session, as Wagtail's does.
    revision = home.save_revision()
    response = client.post(ping.format(home.pk), {"revision_id": revision.pk})
    assert response.status_code == 200
    assert response.json()["session_id"]
    assert client.get(ping.format(home.pk)).status_code == 405


def test_an_external_link_posted_without_its_address_is_refused(client, comms_editor):
    client.force_login(comms_editor)
    address = "/admin/choose-external-link/"

    assert "arrived incomplete" in refused(client.post(address, {}))
    response = client.post(address, {"external-link-chooser-url": "https://www.gov.uk/"})
    assert response.status_code == 200
    assert response.json()["step"] == "external_link_chosen"


def test_a_nul_character_posted_to_the_admin_is_refused_and_nothing_saved(
    client, news, comms_editor
):
    """PostgreSQL cannot store the character (a block's id, a rich text link's id); no
    browser sends one."""
    article = factories.news_article(news, "An article", "2024-01-01")
    revisions = article.revisions.count()
    client.force_login(comms_editor)
    data = article_form(title="Changed", slug=article.slug)

    assert "arrived incomplete" in refused(
        client.post(edit_url(article), {**data, "body-0-id": "a\x00b"})
    )
    assert article.revisions.count() == revisions

    response = client.post(edit_url(article), {**data, "body-0-id": "ab"})
    assert response.status_code == 302
    assert article.revisions.count() == revisions + 1


def test_a_stream_counted_below_zero_is_refused_and_nothing_saved(client, news, comms_editor):
    """Found by a probe: `body-count=-1` saved the article with its body emptied."""
    article = factories.news_article(news, "An article", "2024-01-01")
    revisions = article.revisions.count()
    client.force_login(comms_editor)
    data = article_form(title="Changed", slug=article.slug)

    assert "arrived incomplete" in refused(
        client.post(edit_url(article), {**data, "body-count": "-1"})
    )
    assert article.revisions.count() == revisions


def test_a_control_character_pasted_into_a_title_becomes_a_space(client, news, comms_editor):
    """Word's line break is a vertical tab; HTML forbids it in a page."""
    article = factories.news_article(news, "An article", "2024-01-01")
    client.force_login(comms_editor)
    data = article_form(title="Seeing\x0bMI5\x01 differently", slug=article.slug)
    data["summary"] = "First line.\r\nSecond\tline\x0c."

    assert client.post(edit_url(article), data).status_code == 302

    article.refresh_from_db()
    saved = article.get_latest_revision_as_object()
    assert saved.title == "Seeing MI5  differently"
    assert saved.summary == "First line.\r\nSecond\tline ."


def contentstate(text="a", entity_ranges=(), entity_map=None):
    block = {
        "key": "x",
        "text": text,
        "type": "unstyled",
        "depth": 0,
        "inlineStyleRanges": [],
        "entityRanges": list(entity_ranges),
        "data": {},
    }
    return json.dumps({"blocks": [block], "entityMap": entity_map or {}})


# Rich text the editor never sends, made by hand (found by a probe: each a 500).
HAND_MADE_RICH_TEXT = {
    "a range naming no entity": contentstate(entity_ranges=[{"offset": 0, "length": 1, "key": 7}]),
    "a link to a page whose id is no number": contentstate(
        entity_ranges=[{"offset": 0, "length": 1, "key": 0}],
        entity_map={"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"id": "abc"}}},
    ),
    "nested past Python's depth": "[" * 5000 + "]" * 5000,
    # Half of a character written out in two (a lone surrogate): no text can hold it.
    "half a character": contentstate(text="\ud800"),
}


@pytest.mark.parametrize("case", sorted(HAND_MADE_RICH_TEXT))
def test_hand_made_rich_text_is_refused_and_nothing_saved(client, news, comms_editor, case):
    article = factories.news_article(news, "An article", "2024-01-01")
    careers = factories.careers_index(news.get_parent(), intro="<p>Join us.</p>")
    client.force_login(comms_editor)
    apply_roles()
    revisions = article.revisions.count(), careers.revisions.count()
    value = HAND_MADE_RICH_TEXT[case]
    data = article_form(title="Changed", slug=article.slug)
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=[article.pk])

    in_a_block = {**data, "body-0-value": value}
    assert "arrived incomplete" in refused(client.post(edit_url(article), in_a_block))
    assert client.post(preview, in_a_block).status_code in (200, 400)
    # A rich text field of its own: refused so, or shown again with a form error.
    in_a_field = {"title": "Changed", "slug": "careers", "intro": value}
    assert client.post(edit_url(careers), in_a_field).status_code in (200, 400)
    assert (article.revisions.count(), careers.revisions.count()) == revisions
