"""The words of the live, public pages, which search suggests corrections from and
completes the last word of a query with.

Each page's distinct words are stored beside it (`PageWords`) and counted per word
(`Word`): a page published, unpublished, moved, deleted or put behind a view restriction
updates its own words' counts in the transaction that changed it, so a word leaves the
vocabulary with the last public page that had it. `rebuild()` counts everything afresh
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
from .text import stem, words

# Longer words are identifiers or pasted noise; figures are neither misspelt nor
# completed (they are still found), and would crowd the vocabulary.
MAX_WORD_LENGTH = 40
# Completions of the last word of a query: the most common words it begins.
MAX_COMPLETIONS = 8
MIN_PREFIX = 3
# Rows a statement names at most (SQLite limits the parameters of one statement).
BATCH = 500


def restricted_paths():
    """Read afresh, not from what this request or process keeps: a restriction may have
    changed in this very transaction."""
    from wagtail.models import PageViewRestriction

    return tuple(PageViewRestriction.objects.values_list("page__path", flat=True))


def page_words(page, restricted):
    """The distinct words the page is found by, or none while it is not live and public
    (`restricted`: the paths of pages with a view restriction)."""
    if not page.live or page.path.startswith(restricted):
        return set()
    return {
        word
        for word in words(page_text(page))
        if 2 <= len(word) <= MAX_WORD_LENGTH and not word.isdigit()
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
    """Count the words of `pages` as they are now (live and public, or not)."""
    from wagtail.models import Page

    from .models import PageWords

    pages = [page.specific if type(page) is Page else page for page in pages]
    stored = {row.page_id: row for row in PageWords.objects.filter(page__in=[p.pk for p in pages])}
    added, removed = Counter(), Counter()
    restricted = restricted_paths()
    created = []
    for page in pages:
        new = page_words(page, restricted)
        row = stored.get(page.pk)
        old = set(row.words.split()) if row else set()
        added.update(new - old)
        removed.update(old - new)
        if row and not new:
            row.delete()
        elif row and new != old:
            row.words = " ".join(sorted(new))
            row.save(update_fields=["words"])
        elif not row and new:
            created.append(PageWords(page_id=page.pk, words=" ".join(sorted(new))))
    PageWords.objects.bulk_create(created, batch_size=BATCH)
    _apply(added, removed)


def refresh_tree(page):
    """Count the words of `page` and the pages below it afresh (a move, a restriction)."""
    refresh(page.get_descendants(inclusive=True).specific().iterator(chunk_size=200))


def forget(page_ids):
    """Pages about to be deleted: their words leave the count."""
    from .models import PageWords

    rows = PageWords.objects.filter(page__in=page_ids)
    removed = Counter(word for row in rows for word in row.words.split())
    rows.delete()
    _apply(Counter(), removed)


def rebuild():
    """Count the words of every page afresh."""
    from wagtail.models import Page

    from .models import PageWords, Word

    PageWords.objects.all().delete()
    Word.objects.all().delete()
    counts = Counter()
    rows = []
    restricted = restricted_paths()
    for page in Page.objects.live().specific().iterator(chunk_size=200):
        found = page_words(page, restricted)
        if found:
            rows.append(PageWords(page_id=page.pk, words=" ".join(sorted(found))))
            counts.update(found)
    PageWords.objects.bulk_create(rows, batch_size=BATCH)
    Word.objects.bulk_create(
        [Word(word=word, pages=pages) for word, pages in counts.items()], batch_size=BATCH
    )
    return len(counts)


@dataclass(frozen=True)
class Vocabulary:
    pages: dict  # word → number of live, public pages that have it
    ordered: list  # the words, sorted, to find those a prefix begins
    stems: dict  # stem → number of pages of its most common word

    def __contains__(self, word):
        return word in self.pages

    def knows_stem(self, word):
        return stem(word) in self.stems

    def weight(self, group):
        """How much finding one of `group` (stems) in a page says: little for stems most
        pages have, more for rare ones (an inverse document frequency)."""
        most = max(self.stems.values(), default=0)
        common = max((self.stems.get(one, 0) for one in group), default=0)
        return math.log((1 + most) / (1 + common)) + 0.01

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
        two swapped): one edit for words of up to four letters, two for longer ones, and
        never a change of first letter for short words. Most common first."""
        limit = 1 if len(word) <= 4 else 2
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
            if candidate != word and (len(word) > 4 or candidate[0] == word[0])
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
    return Vocabulary(pages, sorted(pages), stems)


def current():
    """The vocabulary, kept for this generation."""
    return kept("search-vocabulary", load)
