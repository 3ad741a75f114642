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

from wagtail.search.query import PlainText

from serving.process import kept

from . import vocabulary
from .text import query_words, stem, stems, words

# Longer queries are cut to their first words: nobody types more, and each word costs.
MAX_WORDS = 12
# A correction is clearly right when it is the only one at its distance, or this many
# times as common as the next.
CLEAR_MARGIN = 3


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

    words: list
    stems: list = field(default_factory=list)  # every stem that matches, in order
    groups: list = field(default_factory=list)  # for each word, the stems that match it
    correction: str = ""  # the query with unknown words corrected, if any could be
    clear: bool = False  # whether that correction is clearly what was meant

    @property
    def expression(self):
        return PlainText(" ".join(self.stems), operator="or") if self.stems else None


def plan(query):
    known = vocabulary.current()
    alternatives = synonyms()
    typed = query_words(query)[:MAX_WORDS]
    result = Plan(typed)
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
        if rivals and pages < CLEAR_MARGIN * rivals[0][2]:
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


def score(title_stems, page_stems, groups, known):
    """The same on both databases: for each query word the page has, its weight
    (rarer words weigh more), more if the title has it."""
    total = 0.0
    for group in groups:
        if group & page_stems or group & title_stems:
            weight = known.weight(group)
            total += weight * (1 + TITLE_WEIGHT * bool(group & title_stems))
    return round(total, 6)


def rank_again(pages, groups):
    """`pages` ordered by `score` (one query: the words of each page, as the vocabulary
    counted them)."""
    from .models import PageWords

    known = vocabulary.current()
    page_words = dict(
        PageWords.objects.filter(page__in=[page.pk for page in pages]).values_list(
            "page_id", "words"
        )
    )

    def key(page):
        own = {stem(word) for word in page_words.get(page.pk, "").split()}
        title = stems(page.title)
        matched = sum(1 for one in title if any(one in group for group in groups))
        # Ties: the title most about the query, then the page higher in the tree, then
        # tree order; never the backend's order, which differs between the databases.
        return (
            -score(set(title), own, groups, known),
            -matched / (len(title) or 1),
            page.depth,
            page.path,
        )

    return sorted(pages, key=key)


class Ranked:
    """Search results as a sequence for Django's Paginator: the first `head` ranked again
    (rank_again), the rest in the backend's order."""

    def __init__(self, results, groups, count, head=30):
        self.results, self.groups, self.count, self.head = results, groups, count, head
        self._head = None

    def __len__(self):
        return self.count

    def _ranked_head(self):
        if self._head is None:
            self._head = rank_again(list(self.results[: self.head]), self.groups)
        return self._head

    def __getitem__(self, index):
        start, stop = index.start or 0, min(index.stop, self.count)
        if stop <= self.head:
            return self._ranked_head()[start:stop]
        if start >= self.head:
            return list(self.results[start:stop])
        return self._ranked_head()[start:] + list(self.results[self.head : stop])
