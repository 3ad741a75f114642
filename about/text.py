"""Rich text of many blocks expanded together, and rich text as plain text (for places
that cannot take markup, such as structured data)."""

import re
from html.parser import HTMLParser

from django.utils.safestring import mark_safe
from wagtail.rich_text import expand_db_html

from core.rich_text import PHONE_SETTING_FEATURE, settings_phone_number

# Joins texts to expand them together. Editors cannot type it, and PostgreSQL's JSON
# cannot store it; a text that holds it all the same is expanded on its own.
_SEPARATOR = "\x00"


def expand_together(sources):
    """Rich text sources (Wagtail's database format) as HTML, expanded in one go: one
    query for the pages all of them link to, where each text on its own costs one."""
    sources = [str(source or "") for source in sources]
    if any(_SEPARATOR in source for source in sources):
        expanded = [expand_db_html(source) for source in sources]
    else:
        expanded = expand_db_html(_SEPARATOR.join(sources)).split(_SEPARATOR)
    return [mark_safe(html) for html in expanded]  # noqa: S308 (the rich text's own HTML)


# Elements that end a line of text: their words must not run into the next ones.
BLOCK_ELEMENTS = frozenset({"p", "li", "ol", "ul", "h2", "h3", "h4", "h5", "h6", "div"})


class _PlainText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.numbers = []  # the number each open link would dial, if it names a setting

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.parts.append("\n")
        elif tag == "a":
            attrs = dict(attrs)
            number = ""
            if attrs.get("linktype") == PHONE_SETTING_FEATURE:
                _name, number = settings_phone_number(attrs.get("id"))
            self.numbers.append((number, len(self.parts)))

    def handle_endtag(self, tag):
        if tag in BLOCK_ELEMENTS:
            self.parts.append("\n")
        elif tag == "a" and self.numbers:
            number, start = self.numbers.pop()
            # The words of a link to call a number rarely say the number itself.
            if number and number not in "".join(self.parts[start:]):
                self.parts.append(f" ({number})")

    def handle_data(self, data):
        self.parts.append(data)

    def text(self):
        lines = ("".join(self.parts)).split("\n")
        return "\n".join(
            line for line in (re.sub(r"\s+", " ", line).strip() for line in lines) if line
        )


def plain_text(source):
    """The words of rich text as stored (Wagtail's database format), without markup.

    Paragraphs and list items become lines; a link naming a phone number from the site
    settings keeps its words and gains the number as the settings hold it now.
    """
    parser = _PlainText()
    parser.feed(str(source or ""))
    parser.close()
    return parser.text()
