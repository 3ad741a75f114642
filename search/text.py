"""Words as search compares them, the same on SQLite and PostgreSQL.

Neither database is trusted to normalise words: SQLite's full-text index has no stemming,
PostgreSQL's has its own. Pages are indexed with an extra field of their words' stems
(`BasePage.search_stems`), queries are stemmed the same way here, and both databases'
backends are set to compare words as they are (PostgreSQL's "simple" configuration).

The stemmer is the English Snowball stemmer (the `snowballstemmer` package, which Sphinx
also uses): "terrorism" and "terror" share the stem "terror", "spies" and "spy" "spi",
"vetting" and "vet" "vet".
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

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
