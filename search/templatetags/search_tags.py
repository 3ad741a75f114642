import html
import re

from django import template
from django.utils.safestring import mark_safe

from search.text import stem, words

register = template.Library()

WORD_PIECES = re.compile(r"(\w+)")


@register.filter
def highlight(text, stems):
    """`text`, escaped, with the words whose stem is among `stems` marked."""
    pieces = WORD_PIECES.split(str(text or ""))
    for position in range(1, len(pieces), 2):  # the words, between the other pieces
        word = pieces[position]
        # A plain word needs only lowercasing; others the whole of search.text.words.
        found = (word.lower(),) if word.isascii() else words(word)
        if any(stem(one) in stems for one in found):
            pieces[position] = f"<mark>{html.escape(word)}</mark>"
        # Word characters need no escaping: the other words stay as they are.
    for position in range(0, len(pieces), 2):
        pieces[position] = html.escape(pieces[position])
    # Every piece escaped above (the standard library's escape, as Django's); only the
    # marks added are markup.
    return mark_safe("".join(pieces))  # noqa: S308
