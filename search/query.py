"""From what a visitor typed to the pages that answer it.

- Words are compared by their stems (search.text), on both databases.
- The last word also stands for the common words it begins ("vet" → "vetting"), as
  people type; a word editors gave synonyms for also stands for them ("jobs" → careers).
- A page matches if it has any of the words; Wagtail's backend ranks those with more of
  them, and rarer ones, first. The two databases rank differently (bm25 and ts_rank), so
  the first results are ranked again here, the same way on both (`rank_again`): by the
  query's words each page has, rare words weighing more, words in the title more still.
- A word no page has (nor its stem) is looked up in the vocabulary of public pages
  (search.vocabulary): the nearest word by edit distance is suggested, and where one is
  clearly right its results are shown instead.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import F
from wagtail.search.query import PlainText

from serving.process import kept

from . import vocabulary
from .kinds import kind_of_row, told_apart
from .text import query_words, stem, stems, words

# Longer queries are cut to their first words: nobody types more, and each word costs.
MAX_WORDS = 12
# A correction is clearly right when it is the only one at its distance, or this many
# times as common as the next, and it is `plausible_at_once`.
CLEAR_MARGIN = 3
# Words shorter than this have too many neighbours for any to be clearly meant ("cat":
# can, car, cap).
CLEAR_FROM_LETTERS = 5


def plausible_at_once(typed, correction):
    """Whether `correction` may be searched for instead of `typed` without asking: the
    same first letter, and a plural misspelt ("spys": "spy"), or a word long enough to
    tell with nothing typed taken out ("drone" is not "done", "table" not "able"). The
    others are only suggested."""
    if correction[0] != typed[0]:
        return False
    if typed in (f"{correction}s", f"{correction}es"):
        return True
    return len(typed) >= CLEAR_FROM_LETTERS and len(correction) >= len(typed)


def synonyms():
    """{stem of a word people type: stems of the words pages use}, kept for the generation."""

    def load():
        from .models import Synonym

        found = {}
        for typed, means in Synonym.objects.values_list("word", "means"):
            found.setdefault(stem(typed), set()).update(stem(word) for word in words(means))
        return found

    return kept("search-synonyms", load)


@dataclass
class Plan:
    """What a query asks for."""

    stems: list = field(default_factory=list)  # every stem that matches, in order
    groups: list = field(default_factory=list)  # for each word, the stems that match it
    correction: str = ""  # the query with unknown words corrected, if any could be
    clear: bool = False  # whether that correction is clearly what was meant
    left_out: list = field(default_factory=list)  # words past MAX_WORDS, not searched for

    @property
    def expression(self):
        return PlainText(" ".join(self.stems), operator="or") if self.stems else None


def plan(query):
    known = vocabulary.current()
    alternatives = synonyms()
    narrowing = query_words(query)
    typed = narrowing[:MAX_WORDS]
    result = Plan(left_out=narrowing[MAX_WORDS:])
    stems, corrected, clear, changed = [], [], True, False
    for position, word in enumerate(typed):
        own = stem(word)
        matching = [own, *sorted(alternatives.get(own, ()))]
        if position == len(typed) - 1:
            matching += [stem(more) for more in known.completions(word)]
        stems += matching
        result.groups.append(frozenset(matching))
        if (
            word in known
            or known.knows_stem(word)
            or own in alternatives
            or len(matching) > 1
            or any(ch.isdigit() for ch in word)
        ):
            corrected.append(word)
            continue
        candidates = known.corrections(word)
        if not candidates:
            corrected.append(word)
            continue
        best, distance, pages = candidates[0]
        rivals = [c for c in candidates[1:] if c[1] == distance]
        if (rivals and pages < CLEAR_MARGIN * rivals[0][2]) or not plausible_at_once(word, best):
            clear = False
        corrected.append(best)
        changed = True
    result.stems = list(dict.fromkeys(stems))
    if changed:
        result.correction = " ".join(corrected)
        result.clear = clear
    return result


# A query word in the title counts this many times more than one elsewhere in the page
# (1: twice as much; 2 let any title with a common word outrank a page with a rare one).
TITLE_WEIGHT = 1


def score(title_stems, page_stems, weighted):
    """The same on both databases: for each query word the page has, its weight
    (rarer words weigh more), more if the title has it. `weighted`: [(group, weight)]."""
    total = 0.0
    for group, weight in weighted:
        if group & page_stems or group & title_stems:
            total += weight * (1 + TITLE_WEIGHT * bool(group & title_stems))
    return round(total, 6)


ENTRY_COLUMNS = {
    "entry_stems": "search_entry__stems",
    "listing_summary": "search_entry__summary",
    "listing_date": "search_entry__date",
}
# What a result reads of its page: a link (title, address), and for ranking its place in
# the tree and its type.
RESULT_FIELDS = ("id", "title", "url_path", "locale_id", "path", "depth", "content_type_id")
# The same, as `only()` names them, for the pages the backend's ranked search reads.
RESULT_ONLY = ("title", "url_path", "locale", "path", "depth", "content_type")


def with_entry_columns(pages, kinds):
    """A queryset of pages that reads, in the same query, what search keeps of each
    (its SearchEntry) and the field that tells its kind, where its type has one."""
    entry = {name: F(column) for name, column in ENTRY_COLUMNS.items()}
    return pages.annotate(**entry, **told_apart(kinds))


def result_rows(pages, kinds):
    """The rows of `pages` (read with_entry_columns) as Results."""
    columns = (*RESULT_FIELDS, *ENTRY_COLUMNS, *told_apart(kinds))
    return [Result(row, kinds) for row in pages.values(*columns)]


class Result:
    """One page found, as ranking and the results page read it: `title`, `depth`,
    `path`, `entry_stems` (a set), what its card shows (`listing_summary`, `listing_date`,
    `listing_kind`, a SearchKind) and `result_kind`, its KindFilter.

    Read as values, not as Wagtail pages: making a page of every match (up to 30 are
    read to be ranked) took a tenth of a new search. `page`, for the link, is made only
    for a card not kept yet (search.html)."""

    def __init__(self, row, kinds):
        self.row = row
        self.pk, self.title = row["id"], row["title"]
        self.path, self.depth = row["path"], row["depth"]
        self.entry_stems = set((row["entry_stems"] or "").split())
        self.listing_summary = row["listing_summary"] or ""
        self.listing_date = row["listing_date"]
        self.result_kind = kind_of_row(row["content_type_id"], row, kinds)
        self.listing_kind = self.result_kind.kind if self.result_kind else None

    @classmethod
    def of_page(cls, page, kinds):
        """The Result of a Wagtail page read with_entry_columns (the backend's search
        results are pages)."""
        columns = (*RESULT_FIELDS, *ENTRY_COLUMNS, *told_apart(kinds))
        result = cls({name: getattr(page, name) for name in columns}, kinds)
        result.page = page
        return result

    @cached_property
    def page(self):
        from wagtail.models import Page

        return Page(**{name: self.row[name] for name in RESULT_FIELDS})


def rank_again(pages, groups):
    """`pages` (with their entries) ordered by `score`."""
    known = vocabulary.current()
    weighted = [(group, known.weight(group)) for group in groups]

    def key(page):
        title = stems(page.title)
        matched = sum(1 for one in title if any(one in group for group, _ in weighted))
        # Ties: the title most about the query, then the page higher in the tree, then
        # tree order; never the backend's order, which differs between the databases.
        return (
            -score(set(title), page.entry_stems, weighted),
            -matched / (len(title) or 1),
            page.depth,
            page.path,
        )

    return sorted(pages, key=key)


class Ranked:
    """Search results as a sequence for Django's Paginator, each a Result: the first
    `head` ranked again (rank_again), the rest in the backend's order (`ranked_search()`,
    its search of pages read with_entry_columns, ranked by relevance). `few`: every
    result, already read, where there are no more than `head` (search.views.few_matches);
    then they are ranked here alone: the backend's ranking costs SQLite a full-text
    lookup per result, and is not needed."""

    def __init__(self, few, ranked_search, groups, count, *, head, kinds):
        self.few, self.ranked_search = few, ranked_search
        self.groups, self.count, self.head, self.kinds = groups, count, head, kinds
        self._head = None

    def __len__(self):
        return self.count

    def _read(self, start, stop):
        return [Result.of_page(page, self.kinds) for page in self.ranked_search()[start:stop]]

    def _ranked_head(self):
        if self._head is None:
            found = self.few if self.few is not None else self._read(0, self.head)
            self._head = rank_again(found, self.groups)
        return self._head

    def __getitem__(self, index):
        start, stop = index.start or 0, min(index.stop, self.count)
        if stop <= self.head:
            return self._ranked_head()[start:stop]
        if start >= self.head:
            return self._read(start, stop)
        return self._ranked_head()[start:] + self._read(self.head, stop)
