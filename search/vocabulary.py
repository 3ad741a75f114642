"""What search keeps of each live, public page beside Wagtail's index, and the words of
them all, which it suggests corrections from and completes a query's last word with.

Each such page has a `SearchEntry`: its distinct words and their stems (which ranking
compares, search.query.rank_again) and what a result shows (summary, own date). `Word`
counts the pages that have each word. A page published, unpublished, moved, deleted or
put behind a view restriction updates its entry and its words' counts in the
transaction that changed it, so a word leaves the vocabulary with the last public page
that had it. `rebuild()` makes everything afresh
(`manage.py update_index`).

Each process keeps the vocabulary for the cache generation (serving.process): a change
of a public page starts a new one.
"""

import bisect
import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import F
from rapidfuzz import process as fuzzy
from rapidfuzz.distance import OSA

from serving.process import kept

from .indexing import page_text
from .text import STOP_WORDS, stem, words

# Longer words are identifiers or pasted noise; figures are neither misspelt nor
# completed (they are still found), and would crowd the vocabulary.
MAX_WORD_LENGTH = 40
# Completions of the last word of a query: the most common words it begins.
MAX_COMPLETIONS = 8
MIN_PREFIX = 3
# Words of this many letters or more may be corrected by two edits; shorter ones by one.
TWO_EDITS_FROM = 8
# Rows a statement names at most (SQLite limits the parameters of one statement).
BATCH = 500
ENTRY_FIELDS = ("words", "stems", "summary", "date")


def restricted_paths():
    """Read afresh, not from what this request or process keeps: a restriction may have
    changed in this very transaction (core.queries: aliases of private pages included)."""
    from core.queries import restricted_paths as read_afresh

    return read_afresh()


def entry_fields(page, restricted):
    """What the page's entry holds, or None while it is not live and public
    (`restricted`: the paths of pages with a view restriction)."""
    if not page.live or page.path.startswith(restricted):
        return None
    found = {
        word
        for word in words(page_text(page))
        if 2 <= len(word) <= MAX_WORD_LENGTH and not word.isdigit()
    }
    date_field = getattr(page, "search_date_field", None)
    return {
        "words": " ".join(sorted(found)),
        "stems": " ".join(sorted({stem(word) for word in found})),
        "summary": getattr(page, "summary", "") or page.search_description or "",
        "date": getattr(page, date_field) if date_field else None,
    }


def _apply(added, removed):
    """Count words in (`added`) and out (`removed`): Counters of word → pages."""
    from .models import Word

    net = Counter(added)
    net.subtract(removed)
    Word.objects.bulk_create(
        [Word(word=word, pages=0) for word, change in net.items() if change > 0],
        ignore_conflicts=True,
        batch_size=BATCH,
    )
    by_change = defaultdict(list)
    for word, change in net.items():
        if change:
            by_change[change].append(word)
    for change, changed in by_change.items():
        for start in range(0, len(changed), BATCH):
            batch = changed[start : start + BATCH]
            Word.objects.filter(word__in=batch).update(pages=F("pages") + change)
            if change < 0:
                Word.objects.filter(word__in=batch, pages__lte=0).delete()


def refresh(pages):
    """Bring the entries of `pages` (and the words' counts) up to date."""
    from wagtail.models import Page

    from .models import SearchEntry

    pages = [page.specific if type(page) is Page else page for page in pages]
    stored = {}
    for start in range(0, len(pages), BATCH):
        batch = [page.pk for page in pages[start : start + BATCH]]
        stored.update((row.page_id, row) for row in SearchEntry.objects.filter(page__in=batch))
    added, removed = Counter(), Counter()
    restricted = restricted_paths()
    created = []
    for page in pages:
        fields = entry_fields(page, restricted)
        row = stored.get(page.pk)
        old = set(row.words.split()) if row else set()
        new = set(fields["words"].split()) if fields else set()
        added.update(new - old)
        removed.update(old - new)
        if row and fields is None:
            row.delete()
        elif row:
            for name, value in fields.items():
                setattr(row, name, value)
            row.save(update_fields=ENTRY_FIELDS)
        elif fields is not None:
            created.append(SearchEntry(page_id=page.pk, **fields))
    SearchEntry.objects.bulk_create(created, batch_size=BATCH)
    _apply(added, removed)


def refresh_tree(page):
    """Bring `page` and the pages below it up to date (a move, a restriction)."""
    refresh(page.get_descendants(inclusive=True).specific().iterator(chunk_size=200))


def forget(page_ids):
    """Pages unpublished or about to be deleted: their entries and words go."""
    from .models import SearchEntry

    rows = SearchEntry.objects.filter(page__in=page_ids)
    removed = Counter(word for row in rows for word in row.words.split())
    rows.delete()
    _apply(Counter(), removed)


def rebuild():
    """Make every entry, and count every word, afresh."""
    from wagtail.models import Page

    from .models import SearchEntry, Word

    SearchEntry.objects.all().delete()
    Word.objects.all().delete()
    counts = Counter()
    rows = []
    restricted = restricted_paths()
    for page in Page.objects.live().specific().iterator(chunk_size=200):
        fields = entry_fields(page, restricted)
        if fields is not None:
            rows.append(SearchEntry(page_id=page.pk, **fields))
            counts.update(fields["words"].split())
    SearchEntry.objects.bulk_create(rows, batch_size=BATCH)
    Word.objects.bulk_create(
        [Word(word=word, pages=pages) for word, pages in counts.items()], batch_size=BATCH
    )
    return len(counts)


@dataclass(frozen=True)
class Vocabulary:
    pages: dict  # word → number of live, public pages that have it
    ordered: list  # the words, sorted, to find those a prefix begins
    stems: dict  # stem → number of pages of its most common word
    most: int = 0  # pages of the most common word

    def __contains__(self, word):
        return word in self.pages

    def knows_stem(self, word):
        return stem(word) in self.stems

    def weight(self, group):
        """How much finding one of `group` (stems) in a page says: little for stems most
        pages have, more for rare ones (an inverse document frequency)."""
        common = max((self.stems.get(one, 0) for one in group), default=0)
        return math.log((1 + self.most) / (1 + common)) + 0.01

    def completions(self, prefix):
        """The most common words that begin with `prefix` (itself excluded)."""
        if len(prefix) < MIN_PREFIX:
            return []
        start = bisect.bisect_left(self.ordered, prefix)
        found = []
        for word in self.ordered[start:]:
            if not word.startswith(prefix):
                break
            if word != prefix:
                found.append(word)
        found.sort(key=lambda word: (-self.pages[word], word))
        return found[:MAX_COMPLETIONS]

    def corrections(self, word):
        """The words nearest `word` by edit distance (a letter added, dropped, changed or
        two swapped): one edit for words of up to seven letters, two for longer ones (two
        edits make "covid" "could" and "china" "think"), never a change of first letter
        for words of up to four letters, and never a stop word (the most common words of
        all, so they would win every tie: "dog" read as "do"). Most common first."""
        limit = 1 if len(word) < TWO_EDITS_FROM else 2
        matches = fuzzy.extract(
            word,
            self.ordered,
            scorer=OSA.distance,
            score_cutoff=limit,
            limit=None,
        )
        found = [
            (distance, -self.pages[candidate], candidate)
            for candidate, distance, _index in matches
            if candidate != word
            and candidate not in STOP_WORDS
            and (len(word) > 4 or candidate[0] == word[0])
        ]
        found.sort()
        return [(candidate, distance, -minus_pages) for distance, minus_pages, candidate in found]


def load():
    from .models import Word

    pages = dict(Word.objects.values_list("word", "pages"))
    stems = {}
    for word, count in pages.items():
        own = stem(word)
        stems[own] = max(stems.get(own, 0), count)
    return Vocabulary(pages, sorted(pages), stems, max(stems.values(), default=0))


def current():
    """The vocabulary, kept for this generation."""
    return kept("search-vocabulary", load)
