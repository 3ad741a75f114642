"""The demo's pictures: original artwork without text, with a focal point on their subject
and honest alt text; `refresh_pictures` replaces the ones earlier versions wrote titles
on, and nothing editors uploaded."""

import datetime
import hashlib
import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from PIL import ImageColor, ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection

from careers.models import StaffStoryPage
from demo import pictures
from news.models import NewsArticlePage
from tests import factories

SHAPES = ("wide", "square")
EVERY_LOOK = [(motif, shape) for motif in pictures.MOTIFS for shape in SHAPES]
OLD_ALT = "An abstract graphic of gold rings on dark blue with the words “MI5 at 75”."


@pytest.fixture
def text_drawn(monkeypatch):
    """Every attempt to draw text with Pillow, recorded instead of drawn."""
    calls = []

    def recorder(name):
        def record(*args, **kwargs):
            calls.append(name)

        return record

    for name in ("text", "multiline_text"):
        monkeypatch.setattr(ImageDraw.ImageDraw, name, recorder(name))
    for name in ("load_default", "load", "truetype"):
        monkeypatch.setattr(ImageFont, name, recorder(name))
    return calls


def accent_pixels(picture, box, accent):
    """How many pixels in `box` (left, top, width, height) are the accent colour."""
    left, top, width, height = box
    target = ImageColor.getrgb(accent)
    crop = picture.convert("RGB").crop((left, top, left + width, top + height))
    return sum(
        count
        for count, colour in crop.getcolors(width * height)
        if max(abs(one - two) for one, two in zip(colour, target, strict=True)) < 24
    )


def png_bytes(colour="#14213d"):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (960, 540), colour).save(buffer, format="PNG")
    return buffer


def old_demo_picture(title, prefix="news", **fields):
    """A picture as the first generator made it: its file named from the title's digest,
    no focal point."""
    digest = hashlib.sha1(title.encode(), usedforsecurity=False).hexdigest()[:12]
    return get_image_model().objects.create(
        title=title,
        description=OLD_ALT,
        file=ImageFile(png_bytes(), name=f"{prefix}-{digest}.png"),
        **fields,
    )


# Drawing


def test_the_recorder_sees_text_drawn_as_the_old_generator_drew_it(text_drawn):
    draw = ImageDraw.Draw(PillowImage.new("RGB", (10, 10)))
    draw.multiline_text((0, 0), "A title", font=ImageFont.load_default(size=38))

    assert text_drawn == ["load_default", "multiline_text"]


@pytest.mark.parametrize(("motif", "shape"), EVERY_LOOK)
def test_no_motif_draws_text(text_drawn, motif, shape):
    drawn, _subject = pictures.render("MI5 commemorates VE Day 75", shape, motif=motif)

    assert text_drawn == []
    assert drawn.size == pictures.SIZES[shape]
    assert len(drawn.getcolors(1_000_000)) > 2  # a composition, not a blank


def test_the_same_key_gives_the_same_picture_and_another_key_another():
    one, _subject = pictures.render("Seeing MI5 Differently")
    again, _subject = pictures.render("Seeing MI5 Differently")
    other, _subject = pictures.render("MI5 marks LGBT+ History Month 2021")

    assert one.tobytes() == again.tobytes()
    assert one.tobytes() != other.tobytes()
    # The same motif and colours for two keys still give two layouts.
    first, _subject = pictures.render("one", motif="radar", ground="navy", accent="gold")
    second, _subject = pictures.render("two", motif="radar", ground="navy", accent="gold")
    assert first.tobytes() != second.tobytes()


@pytest.mark.parametrize(("motif", "shape"), EVERY_LOOK)
def test_the_focal_box_is_inside_the_picture_and_on_its_subject(motif, shape):
    drawn, (left, top, width, height) = pictures.render("A key", shape, motif=motif)
    _motif, palette = pictures.choose("A key", motif=motif)

    assert left >= 0 and top >= 0 and width > 0 and height > 0
    assert left + width <= drawn.width and top + height <= drawn.height
    # Smaller than the picture, so that a crop has something to keep...
    assert width * height < drawn.width * drawn.height * 0.6
    # ...and holding the subject, drawn in the accent colour.
    assert accent_pixels(drawn, (left, top, width, height), palette.accent) > 100


@pytest.mark.parametrize(("motif", "shape"), EVERY_LOOK)
def test_every_picture_file_is_small(motif, shape):
    drawn, _subject = pictures.render("A key", shape, motif=motif)

    assert len(pictures.png(drawn).getvalue()) < 200 * 1024


def test_alt_text_names_what_the_picture_shows():
    text = pictures.describe("A key", motif="hills", ground="dark green", accent="amber")

    assert text == (
        "Layers of rolling hills in shades of dark green, with a low amber sun partly "
        "behind the farthest ridge."
    )
    for motif in pictures.MOTIFS:
        assert motif in pictures.describe("A key", motif=motif)


@pytest.mark.parametrize(
    "look",
    [{"motif": "portrait"}, {"ground": "red"}, {"accent": "#fca311"}],
)
def test_an_unknown_motif_or_colour_is_refused(look):
    with pytest.raises(ValueError, match="choose from"):
        pictures.render("A key", **look)


def test_an_unknown_shape_is_refused():
    with pytest.raises(ValueError, match="No shape 'tall'"):
        pictures.render("A key", "tall")


# Wagtail images


def test_a_picture_is_a_wagtail_image_with_alt_text_and_focal_point(db):
    image = pictures.picture("home-hero", "Hills under a low sun.", motif="hills")

    image.refresh_from_db()
    assert (image.title, image.description) == ("home-hero", "Hills under a low sun.")
    assert (image.width, image.height) == (1600, 900)
    assert image.file.name.split("/")[-1].startswith(pictures.FILE_PREFIX)
    assert image.file_size == image.file.size < 200 * 1024
    assert image.file_hash
    focal = image.get_focal_point()
    assert 0 <= focal.left < focal.right <= 1600
    assert 0 <= focal.top < focal.bottom <= 900
    with image.open_file() as stored:
        assert PillowImage.open(stored).format == "PNG"


def test_the_same_key_gives_the_same_image_row(db):
    first = pictures.picture("home-hero", "Hills under a low sun.")
    count = get_image_model().objects.count()

    again = pictures.picture("home-hero", "Other words.", shape="square")

    assert again.pk == first.pk
    assert again.description == "Hills under a low sun."
    assert get_image_model().objects.count() == count


def test_a_square_picture_goes_into_its_collection(db):
    collection = Collection.get_first_root_node().add_child(name="Careers")

    image = pictures.picture("Staff story: Sam", "Words.", collection=collection, shape="square")

    assert (image.width, image.height) == (800, 800)
    assert image.collection == collection


def test_without_alt_text_the_picture_describes_itself(db):
    image = pictures.picture("home-careers", motif="windows", ground="navy")

    assert image.description == pictures.describe("home-careers", motif="windows", ground="navy")
    assert "windows" in image.description and "navy" in image.description


def test_a_focal_box_given_is_kept_and_one_outside_the_picture_refused(db):
    image = pictures.picture("home-hero", "Words.", focal=(100, 50, 400, 300))

    assert (image.focal_point_x, image.focal_point_y) == (300, 200)
    assert (image.focal_point_width, image.focal_point_height) == (400, 300)
    with pytest.raises(ValueError, match="not inside"):
        pictures.picture("another", "Words.", focal=(1400, 0, 400, 300))
    assert not get_image_model().objects.filter(title="another").exists()


@pytest.mark.django_db
def test_every_demo_picture_is_new_artwork_its_alt_text_describes(demo_loaded):
    pages = [
        *((page.image, page.image_alt_text) for page in NewsArticlePage.objects.all()),
        *((page.portrait, page.portrait_alt_text) for page in StaffStoryPage.objects.all()),
    ]
    assert len(pages) == 8
    for image, alt_text in pages:
        motif, palette = pictures.choose(image.title)
        assert image.file.name.split("/")[-1].startswith(pictures.FILE_PREFIX)
        assert image.has_focal_point()
        assert image.description == alt_text
        assert "words" not in alt_text
        for word in (motif, palette.ground_name, palette.accent_name):
            assert word in alt_text, (image.title, word)


# Refreshing what earlier versions made


@pytest.fixture
def news(sections):
    return factories.news_index(sections["home"])


def article_with(index, image, alt_text, title="MI5 at 75"):
    return factories.news_article(
        index, title, datetime.date(2020, 5, 8), image=image, image_alt_text=alt_text
    )


def test_refresh_replaces_an_old_demo_picture_in_place(news):
    old = old_demo_picture("MI5 at 75")
    old_name = old.file.name
    old.get_rendition("fill-320x180")
    page = article_with(news, old, OLD_ALT)
    messages = []

    pictures.refresh_pictures(messages.append)

    image = get_image_model().objects.get(pk=old.pk)
    assert image.file.name.split("/")[-1].startswith(pictures.FILE_PREFIX)
    assert not image.file.storage.exists(old_name)
    assert (image.width, image.height) == (1600, 900)
    assert image.has_focal_point()
    assert not image.renditions.exists()
    assert image.description == pictures.describe("MI5 at 75")
    page = NewsArticlePage.objects.get(pk=page.pk)
    assert page.image_id == old.pk
    assert page.image_alt_text == image.description
    assert not page.has_unpublished_changes
    assert messages[0] == "Refreshed the picture “MI5 at 75”: new artwork, without text."
    assert "its picture's alt text describes the new picture" in messages[1]

    # Run again, nothing is left to do.
    pictures.refresh_pictures(messages.append)
    assert len(messages) == 2
    assert get_image_model().objects.get(pk=old.pk).file.name == image.file.name


def test_refresh_gives_an_old_portrait_a_square_picture_in_its_collection(db):
    collection = Collection.get_first_root_node().add_child(name="Careers")
    old = old_demo_picture("Staff story: Sam", prefix="careers", collection=collection)

    pictures.refresh_pictures(lambda message: None)

    image = get_image_model().objects.get(pk=old.pk)
    assert (image.width, image.height) == (800, 800)
    assert image.collection == collection


def test_refresh_leaves_an_editors_alt_text_and_a_page_being_edited_alone(news):
    written = article_with(news, old_demo_picture("MI5 at 75"), "An editor's own words.")
    other = old_demo_picture("Seeing MI5 Differently")
    drafted = article_with(news, other, OLD_ALT, title="Seeing MI5 Differently")
    drafted.summary = "A draft."
    drafted.save_revision()
    messages = []

    pictures.refresh_pictures(messages.append)

    assert NewsArticlePage.objects.get(pk=written.pk).image_alt_text == "An editor's own words."
    assert NewsArticlePage.objects.get(pk=drafted.pk).image_alt_text == OLD_ALT
    assert any("Left “Seeing MI5 Differently”" in message for message in messages)
    # The pictures themselves were the demo's, so they are new either way.
    assert get_image_model().objects.get(pk=other.pk).has_focal_point()


def test_refresh_never_touches_images_editors_uploaded(db):
    uploaded = get_image_model().objects.create(
        title="MI5 at 75", file=get_test_image_file(filename="news-photo.png")
    )
    # Named as the first generator named the picture for another title.
    misnamed = old_demo_picture("Another title")
    misnamed.title = "MI5 at 75"
    misnamed.save()
    # The generator's own name, but an editor has set a focal point since.
    focused = old_demo_picture("Seeing MI5 Differently")
    focused.focal_point_x, focused.focal_point_y = 10, 10
    focused.focal_point_width, focused.focal_point_height = 5, 5
    focused.save()
    before = {
        image.pk: (image.file.name, image.file_hash, image.description)
        for image in (uploaded, misnamed, focused)
    }
    messages = []

    pictures.refresh_pictures(messages.append)

    after = {
        image.pk: (image.file.name, image.file_hash, image.description)
        for image in get_image_model().objects.filter(pk__in=before)
    }
    assert after == before
    assert messages == []
