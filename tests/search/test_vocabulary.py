"""The vocabulary holds the words of live, public pages only, and follows every change."""

import pytest
from django.core.management import call_command
from wagtail.models import Page, PageViewRestriction

from search import vocabulary
from search.models import SearchEntry, Word
from search.query import plausible_at_once
from tests import factories

pytestmark = pytest.mark.usefixtures("site_for_the_module")


def pages_with(word):
    return Word.objects.filter(word=word).values_list("pages", flat=True).first() or 0


def test_a_published_page_adds_its_words_and_unpublishing_removes_them(sections):
    page = factories.standard_page(sections["home"], "Quartermaster duties", summary="Gadgets.")

    assert pages_with("quartermaster") == 1
    assert pages_with("gadgets") == 1

    page.unpublish()

    assert pages_with("quartermaster") == 0
    assert not SearchEntry.objects.filter(page=page).exists()


def test_two_pages_count_twice_and_a_word_leaves_with_the_last(sections):
    first = factories.standard_page(sections["home"], "Lighthouse one")
    second = factories.standard_page(sections["home"], "Lighthouse two")
    assert pages_with("lighthouse") == 2

    first.delete()
    assert pages_with("lighthouse") == 1

    second.delete()
    assert not Word.objects.filter(word="lighthouse").exists()


def test_an_edit_published_changes_the_words(sections):
    page = factories.standard_page(sections["home"], "Harbour watch")
    page.title = "Airfield watch"
    page.save_revision().publish()

    assert pages_with("harbour") == 0
    assert pages_with("airfield") == 1
    assert pages_with("watch") == 1


def test_a_draft_and_a_private_page_add_nothing(sections):
    factories.standard_page(sections["home"], "Unannounced draft", live=False)
    private = factories.standard_page(sections["home"], "Restricted corridor")
    assert pages_with("corridor") == 1

    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    assert pages_with("unannounced") == 0
    assert pages_with("corridor") == 0

    PageViewRestriction.objects.filter(page=private).delete()
    assert pages_with("corridor") == 1


def test_a_page_moved_under_a_private_section_leaves(sections):
    section = factories.standard_page(sections["home"], "Vault")
    PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    page = factories.standard_page(sections["home"], "Wandering ledger")
    assert pages_with("ledger") == 1

    page.move(section, pos="last-child")

    assert pages_with("ledger") == 0


def test_a_private_page_is_deleted_with_what_is_below_it_and_its_words(sections):
    # Its restriction goes first, with the page half deleted: refreshing what was below
    # it failed, and the page could not be deleted at all.
    page = factories.standard_page(sections["home"], "Lighthouse keepers")
    factories.standard_page(page, "Lighthouse lamps")
    public = factories.standard_page(sections["home"], "Lighthouse history")
    PageViewRestriction.objects.create(page=public, restriction_type="password", password="x")
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    PageViewRestriction.objects.filter(page=public).delete()

    page.delete()

    assert not Page.objects.filter(title__startswith="Lighthouse l").exists()
    assert pages_with("lighthouse") == 1  # the page made public again is counted


def test_an_alias_leaves_with_the_page_it_copies_made_private(sections):
    page = factories.standard_page(sections["home"], "Harbourmaster briefing")
    page.create_alias(parent=sections["careers"], update_slug="briefing-copy")
    assert pages_with("harbourmaster") == 2

    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    assert pages_with("harbourmaster") == 0

    PageViewRestriction.objects.filter(page=page).delete()
    assert pages_with("harbourmaster") == 2


def test_figures_are_found_but_not_in_the_vocabulary(sections):
    factories.standard_page(sections["home"], "Budget 2026", summary="About 32,000 posts.")

    assert pages_with("budget") == 1
    assert not Word.objects.filter(word__in=["2026", "32000"]).exists()


def test_update_index_counts_everything_afresh(sections):
    factories.standard_page(sections["home"], "Semaphore signals")
    Word.objects.all().delete()
    SearchEntry.objects.all().delete()

    call_command("update_index", verbosity=0)

    assert pages_with("semaphore") == 1
    assert SearchEntry.objects.count() >= 1


def test_completions_and_corrections_come_from_the_vocabulary(sections):
    factories.standard_page(sections["home"], "Vetting explained", summary="Vetting and vets.")
    factories.standard_page(sections["home"], "Vetting again")
    factories.standard_page(sections["home"], "Veterans remembered")
    known = vocabulary.load()

    # Most common first, then in alphabetical order.
    assert known.completions("vet") == ["vetting", "veterans", "vets"]
    assert known.completions("ve") == []  # too short to complete
    assert known.corrections("vettign")[0][0] == "vetting"
    assert known.corrections("zzzzzz") == []


def test_short_words_are_corrected_by_one_edit_and_keep_their_first_letter(sections):
    factories.standard_page(sections["home"], "Spy stories", summary="Cyber defence.")
    known = vocabulary.load()

    assert [found for found, *_ in known.corrections("spu")] == ["spy"]
    assert known.corrections("apy") == []
    assert known.corrections("sxyz") == []  # two edits from "spy": too many for its length
    assert [found for found, *_ in known.corrections("xyber")] == ["cyber"]


def test_no_stop_word_is_a_correction_and_words_under_eight_letters_take_one_edit(sections):
    factories.standard_page(sections["home"], "What we could do", summary="Think of the cars.")
    factories.standard_page(sections["home"], "Surveillance", summary="Under surveillance.")
    known = vocabulary.load()

    assert known.corrections("dog") == []  # "do", one edit away, is a stop word
    assert known.corrections("covid") == []  # "could" is two edits away
    assert known.corrections("china") == []  # "think" too
    assert [found for found, *_ in known.corrections("survelance")] == ["surveillance"]


def test_a_correction_is_searched_at_once_only_where_it_is_plausible():
    assert plausible_at_once("terorism", "terrorism")
    assert plausible_at_once("spys", "spy")  # a plural misspelt
    assert not plausible_at_once("drone", "done")  # a letter typed taken out
    assert not plausible_at_once("table", "able")  # another first letter
    assert not plausible_at_once("bot", "boat")  # too short to tell


def test_update_index_rebuilds_the_search_index(client, sections):
    from wagtail.search.models import IndexEntry

    factories.standard_page(sections["home"], "Semaphore signals")
    IndexEntry.objects.all().delete()
    assert "Semaphore signals" not in client.get("/search/", {"q": "semaphore"}).content.decode()

    call_command("update_index", verbosity=0)

    assert "Semaphore signals" in client.get("/search/", {"q": "semaphore"}).content.decode()
