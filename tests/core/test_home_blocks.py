"""The home page is made of blocks editors arrange (core.home_blocks): a hero, the threat
level card, signposts, latest news as cards with pictures, promotions and the quiz."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction

from core.home_blocks import HomeBlock
from core.models import HomePage
from serving import process
from tests import factories
from tests.conftest import building_for_the_module, fresh
from threats.models import Scope, ThreatLevelSettings

pytestmark = pytest.mark.usefixtures("site_for_the_module")

BUDGET = 12


def image(title):
    return get_image_model().objects.create(
        title=title, file=get_test_image_file(size=(1600, 900)), description=f"{title} alt"
    )


def picture(img, alt):
    return {"image": img, "decorative": False, "alt_text": alt}


@pytest.fixture(scope="module", autouse=True)
def built_for_the_module(site_for_the_module, django_db_blocker):
    """The module's site with its home page arranged, built once for the module (the
    pictures take a while to make): each test changes it only in its own savepoint."""
    with building_for_the_module(site_for_the_module, django_db_blocker) as site:
        home = arrange_home(site)
        # Its news index stands in place of the sections' placeholder.
        news = home.get_children().get(slug="news").specific
        yield {"arranged_home": (HomePage, home.pk), "news": (type(news), news.pk)}


@pytest.fixture
def arranged_home(sections, built_for_the_module):
    return fresh(built_for_the_module, "arranged_home")


def arrange_home(sections):
    """The home page with every kind of block, pictures included, and three articles."""
    home = sections["home"]
    news = factories.news_index(home)
    for day in range(1, 5):
        factories.news_article(
            news,
            f"Story {day}",
            datetime.date(2024, 1, day),
            summary=f"Summary {day}.",
            image=image(f"Story picture {day}"),
            image_alt_text=f"Picture {day}",
        )
    transcripts = factories.video_transcripts_index(home)
    being = factories.video_transcript(transcripts, "Being MI5")
    home = HomePage.objects.get(pk=home.pk)
    home.body = [
        (
            "hero",
            {
                "heading": "",
                "text": "<p>We keep the country safe.</p>",
                "image": picture(image("Hero"), "Gold arcs over navy bands"),
            },
        ),
        ("threat_level", {"heading": "Current national threat level"}),
        (
            "signposts",
            {
                "heading": "What people come to us for",
                "signposts": [
                    {"page": sections["threat_levels"], "title": "", "text": "The five levels."},
                    {"page": sections["careers"], "title": "Work with us", "text": "Roles."},
                ],
            },
        ),
        ("latest_news", {"heading": "Latest news", "count": 3}),
        (
            "promotion",
            {
                "heading": "Careers with us",
                "text": "Work that matters.",
                "page": sections["careers"],
                "link_text": "Find a role",
                "image": picture(image("Careers"), "A grid of lit windows"),
            },
        ),
        (
            "promotion",
            {
                "heading": "Being MI5",
                "text": "Read the transcript.",
                "page": being,
                "link_text": "Read the transcript of Being MI5",
                "image": None,
            },
        ),
        ("quiz", None),
    ]
    home.save_revision().publish()
    factories.quiz_statement()
    return home


def main_of(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def test_every_block_renders_in_the_order_editors_chose(client, arranged_home):
    main = main_of(client.get("/"))

    order = [
        main.index('class="hero'),
        main.index('class="level-card'),
        main.index('class="signposts"'),
        main.index('class="latest-news latest-news--cards"'),
        main.index("Careers with us"),
        main.index("Being MI5"),
        main.index('class="quiz'),
    ]
    assert order == sorted(order)
    # The hero gives the one main heading: the page's title, as its heading is empty.
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", main) == [arranged_home.title]
    assert "We keep the country safe." in main
    assert 'alt="Gold arcs over navy bands"' in main
    assert 'fetchpriority="high"' in main  # above the fold: never lazy
    # Signposts: the chosen title, or the page's own.
    assert ">Threat levels</a>" in main and ">Work with us</a>" in main
    assert "The five levels." in main


def test_latest_news_shows_the_newest_as_cards_with_pictures_in_modern_formats(
    client, arranged_home
):
    main = main_of(client.get("/"))
    cards = main[main.index('class="latest-news latest-news--cards"') :]
    cards = cards[: cards.index("</section>")]

    assert re.findall(r'class="card__title">(Story \d)<', cards) == [
        "Story 4",
        "Story 3",
        "Story 2",
    ]
    assert cards.count('type="image/webp"') == 3
    assert cards.count('loading="lazy"') == 3
    # Every picture has its size, so nothing shifts as it loads.
    assert all(
        re.search(r' width="\d+"', tag) and re.search(r' height="\d+"', tag)
        for tag in re.findall("<img[^>]*>", cards)
    )
    assert "Read full article<span" in cards


def test_the_threat_level_card_follows_the_level(client, arranged_home):
    ThreatLevelSettings.load().change(Scope.NATIONAL, "CRITICAL")

    main = main_of(client.get("/"))
    card = main[main.index('class="level-card') :]
    card = card[: card.index("</section>")]

    assert "threat-level--critical" in card
    assert ">CRITICAL</strong>" in card
    assert "an attack is highly likely in the near future" in card.lower()
    assert 'href="/threat-levels/"' in card


def test_a_home_page_without_a_hero_still_has_its_main_heading(client, sections):
    home = HomePage.objects.get(pk=sections["home"].pk)
    home.body = [("quiz", None)]
    home.save_revision().publish()

    main = main_of(client.get("/"))

    assert re.findall(r"<h1[^>]*>(.*?)</h1>", main) == [home.title]


def test_one_hero_at_most():
    block = HomeBlock()
    value = block.to_python(
        [
            {"type": "hero", "value": {"heading": "One", "text": "", "image": None}},
            {"type": "hero", "value": {"heading": "Two", "text": "", "image": None}},
        ]
    )

    with pytest.raises(ValidationError):
        block.clean(value)


def test_a_signpost_to_a_page_since_deleted_is_left_out(client, sections, arranged_home):
    careers = sections["careers"]
    careers.delete()

    response = client.get("/")

    assert response.status_code == 200
    assert "Work with us" not in main_of(response)
    assert ">Threat levels</a>" in main_of(response)


def test_a_cold_home_page_with_every_block_stays_within_the_query_budget(
    client, arranged_home, django_assert_max_num_queries
):
    client.get("/")  # renditions are made at the first request, as on a real site

    with django_assert_max_num_queries(BUDGET):
        response = client.get("/")

    assert response.status_code == 200


def test_the_admin_edits_a_home_page_with_every_block(client, arranged_home, superuser):
    client.force_login(superuser)

    response = client.get(f"/admin/pages/{arranged_home.pk}/edit/")

    assert response.status_code == 200
    html = response.content.decode()
    # The block chooser's definitions travel with the form (as JSON for Wagtail's editor).
    for label in ("Hero", "Threat level card", "Signposts", "Latest news", "Promotion"):
        assert label in html


def test_signposts_and_promotions_of_pages_the_public_cannot_see_are_left_out(
    client, sections, arranged_home
):
    PageViewRestriction.objects.create(page=sections["careers"], restriction_type="login")

    main = main_of(client.get("/"))

    assert 'href="/careers/"' not in main
    assert "Careers with us" not in main
    assert ">Threat levels</a>" in main


def test_a_kept_home_page_fetches_its_chosen_pages_and_pictures_no_more(
    client, settings, arranged_home, commits_at_once
):
    """With the process tier on (production), the home page is kept for the generation,
    and so are the pages and pictures its blocks chose."""
    settings.SERVING_KEEP_IN_PROCESS = True
    process.forget_everything()
    client.get("/")

    with CaptureQueriesContext(connection) as warm:
        response = client.get("/")

    assert response.status_code == 200
    assert "Careers with us" in response.content.decode()
    chooser_tables = ('"wagtailimages_image"', 'FROM "wagtailcore_page"')
    assert not [q["sql"] for q in warm if any(t in q["sql"] for t in chooser_tables)]
    process.forget_everything()


@pytest.mark.parametrize(("sent", "changed"), [("3", False), ("4", True), ("three", True)])
def test_the_number_of_articles_sent_back_unchanged_is_no_change(db, sent, changed):
    """The editor's form sends the number as text; read as the number it stands for, the
    page has not changed (an approver who opens it and approves it wrote nothing)."""
    from wagtail.blocks.base import BlockField

    stream = HomePage._meta.get_field("body").stream_block
    saved = stream.to_python(
        [{"type": "latest_news", "value": {"heading": "Latest news", "count": 3}, "id": "a"}]
    )
    form = {"body-count": "1", "body-0-type": "latest_news", "body-0-deleted": ""}
    form |= {"body-0-order": "0", "body-0-id": "a", "body-0-value-heading": "Latest news"}
    form["body-0-value-count"] = sent

    assert (
        BlockField(block=stream).has_changed(saved, stream.value_from_datadict(form, {}, "body"))
        is changed
    )


def test_versions_with_a_promotion_without_a_picture_compare(client, sections, superuser):
    """Wagtail's comparison of a picture fails on an empty one (a 500 on the review's
    Compare link); an empty picture compares as nothing chosen."""
    home = sections["home"]
    promotion = {"heading": "Being MI5", "text": "Read it.", "page": sections["careers"]}
    promotion |= {"link_text": "Read the transcript", "image": None}
    home.body = [("promotion", promotion)]
    first = home.save_revision()
    home.body = [("promotion", {**promotion, "heading": "Being MI5, read again"})]
    second = home.save_revision()
    client.force_login(superuser)

    response = client.get(f"/admin/pages/{home.pk}/revisions/compare/{first.pk}...{second.pk}/")

    assert response.status_code == 200
    assert "Being MI5, read again" in response.content.decode()
