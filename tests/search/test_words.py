"""Words as search compares them: the same normalisation for pages and queries."""

import pytest

from search.text import highlight, markable_stems, query_words, stem, stems, words


def test_words_are_lowercased_without_accents_and_punctuation():
    assert words("Café-culture: MI5’s “Würth” files!") == [
        "cafe", "culture", "mi5", "s", "wurth", "files",
    ]  # fmt: skip


def test_a_figure_with_thousands_separators_is_one_word():
    assert words("£32,000 to £36,000 a year") == ["32000", "to", "36000", "a", "year"]
    assert words("1,2 and 3,45") == ["1", "2", "and", "3", "45"]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("terrorism", "terror"),
        ("spies", "spy"),
        ("vetting", "vet"),
        ("careers", "career"),
        ("technology", "technologies"),
    ],
)
def test_word_forms_share_a_stem(one, other):
    assert stem(one) == stem(other)


def test_stems_of_a_text():
    assert stems("Counter-terrorism careers") == ["counter", "terror", "career"]


def test_query_words_leave_out_common_words_unless_nothing_else_is_left():
    assert query_words("careers in technology") == ["careers", "technology"]
    assert query_words("Who we are") == ["who", "we", "are"]


@pytest.mark.parametrize("text", ["", "   ", "\x00\x07", "—", "安全", '"((*))"'])
def test_odd_text_gives_no_words_or_only_plain_ones(text):
    assert all(word.isalnum() and word.isascii() for word in words(text))


@pytest.mark.parametrize(
    "text",
    ["Lanterns at <work>.", "Café culture at £32,000 & more", "Vetting: the vetted, VET", ""],
)
@pytest.mark.parametrize("query", ["lantern work", "cafe 000 culture", "vet more", "nothing"])
def test_only_the_stems_a_text_can_show_decide_its_marks(text, query):
    """Cards are kept by the stems they mark (search.views.cards): marking with those
    alone gives the same HTML as marking with the query's every stem."""
    wanted = frozenset(stem(word) for word in words(query))

    assert highlight(text, wanted & markable_stems(text)) == highlight(text, wanted)


def test_marks_are_added_to_escaped_text():
    marked = highlight("Cafés <b>and</b> café", frozenset({stem("cafe")}))

    assert marked == "<mark>Cafés</mark> &lt;b&gt;and&lt;/b&gt; <mark>café</mark>"
