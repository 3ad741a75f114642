"""Words as search compares them, the same on SQLite and PostgreSQL.

Neither database is trusted to normalise words: SQLite's full-text index has no stemming,
PostgreSQL's has its own. Pages are indexed with an extra field of their words' stems
(`BasePage.search_stems`), queries are stemmed the same way here, and both databases'
backends are set to compare words as they are (PostgreSQL's "simple" configuration).

The stemmer is the English Snowball stemmer (the `snowballstemmer` package, which Sphinx
also uses): "terrorism" and "terror" share the stem "terror", "spies" and "spy" "spi",
"vetting" and "vet" "vet".
"""

import html
import re
import unicodedata
from functools import lru_cache

import snowballstemmer
from django.utils.safestring import mark_safe

# Letters and digits; a thousands separator inside a number does not split it
# ("£32,000" is the word "32000", as people type it).
WORD = re.compile(r"[a-z0-9]+")
THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")

# Words too common to narrow a search. Dropped from queries only while other words remain;
# pages are indexed with every word.
STOP_WORDS = frozenset(
    WORD.findall(
        "a an and are as at be by can do for from has have how i in is it its me my of on or "
        "our the their this to was we what when where which who why will with you your"
    )
)

_stemmer = snowballstemmer.stemmer("english")


def words(text):
    """The words of `text`, lowercased, accents removed, in order (repeats kept)."""
    folded = str(text).lower()
    if not folded.isascii():
        folded = unicodedata.normalize("NFKD", folded)
        folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return WORD.findall(THOUSANDS.sub("", folded))


@lru_cache(maxsize=50_000)
def stem(word):
    return _stemmer.stemWord(word)


def stems(text):
    return [stem(word) for word in words(text)]


def query_words(query):
    """The words of a query that narrow it: stop words out, unless nothing else is left."""
    found = words(query)
    narrowing = [word for word in found if word not in STOP_WORDS]
    return narrowing or found


WORD_PIECES = re.compile(r"(\w+)")


def _piece_stems(word):
    """The stems a word of a text shown may match: a plain word needs only lowercasing,
    others the whole of `words`."""
    return {stem(one) for one in ((word.lower(),) if word.isascii() else words(word))}


def markable_stems(text):
    """Every stem `highlight` could mark in `text`: `highlight(text, stems)` is the same
    as `highlight(text, stems & markable_stems(text))`."""
    return frozenset(
        found for word in WORD_PIECES.findall(str(text or "")) for found in _piece_stems(word)
    )


def highlight(text, stems):
    """`text`, escaped, as HTML with the words whose stem is among `stems` marked."""
    pieces = WORD_PIECES.split(str(text or ""))
    for position in range(1, len(pieces), 2):  # the words, between the other pieces
        word = pieces[position]
        if not _piece_stems(word).isdisjoint(stems):
            pieces[position] = f"<mark>{html.escape(word)}</mark>"
        # Word characters need no escaping: the other words stay as they are.
    for position in range(0, len(pieces), 2):
        pieces[position] = html.escape(pieces[position])
    # Every piece escaped above (the standard library's escape, as Django's); only the
    # marks added are markup.
    return mark_safe("".join(pieces))  # noqa: S308
