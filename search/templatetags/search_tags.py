import re

from django import template
from django.utils.html import format_html, format_html_join

from search.text import stem, words

register = template.Library()

WORD_PIECES = re.compile(r"(\w+)")


@register.filter
def highlight(text, stems):
    """`text`, escaped, with the words whose stem is among `stems` marked."""
    pieces = WORD_PIECES.split(str(text or ""))
    marked = []
    for position, piece in enumerate(pieces):
        # Split pieces alternate: text between words, then a word.
        if position % 2 and any(stem(word) in stems for word in words(piece)):
            piece = format_html("<mark>{}</mark>", piece)
        marked.append((piece,))
    # Each piece escaped unless it is a mark made above (its word escaped in it).
    return format_html_join("", "{}", marked)
