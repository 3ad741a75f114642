"""Rich text expanded together, and as plain text."""

from about.text import expand_together, plain_text
from core.models import SiteSettings


def test_plain_text_keeps_the_words_and_the_breaks_between_blocks(db):
    source = (
        "<p>One &amp; <b>two</b><br/>three</p>"
        "<ul><li>four</li><li>five   six</li></ul>"
        '<p><a linktype="page" id="3">seven</a> &lt;eight&gt;</p>'
    )

    assert plain_text(source) == "One & two\nthree\nfour\nfive six\nseven <eight>"


def test_plain_text_gives_a_settings_number_its_digits(db):
    settings = SiteSettings.load()
    source = (
        '<p><a linktype="phone-setting" id="hotline">Ring us</a>, '
        '<a linktype="phone-setting" id="emergency">call 999</a> or '
        '<a linktype="phone-setting" id="nonsense">this</a>.</p>'
    )

    # A link whose words hold the number already, or that names no number, is left be.
    assert plain_text(source) == f"Ring us ({settings.hotline_number}), call 999 or this."


def test_plain_text_of_nothing_is_empty():
    assert plain_text("") == ""
    assert plain_text(None) == ""


def test_expanding_together_gives_each_text_its_own_html(db):
    sources = ["<p>a</p>", "", '<p><a href="https://example.org/">b</a></p>']

    assert expand_together(sources) == [
        "<p>a</p>",
        "",
        '<p><a href="https://example.org/">b</a></p>',
    ]


def test_a_text_holding_the_separator_is_expanded_on_its_own(db):
    sources = ["<p>a\x00b</p>", "<p>c</p>"]

    assert expand_together(sources) == ["<p>a\x00b</p>", "<p>c</p>"]


def test_expanding_together_reads_the_linked_pages_once(db, home, django_assert_num_queries):
    sources = [f'<p><a linktype="page" id="{home.pk}">{n}</a></p>' for n in range(20)]
    expand_together(sources[:1])  # Wagtail reads the site's root paths once, and keeps them

    with django_assert_num_queries(1):
        expanded = expand_together(sources)

    assert expanded[7] == '<p><a href="/">7</a></p>'
