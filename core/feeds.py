"""What every feed of the site shares."""

import re

from django.contrib.syndication.views import Feed
from django.utils.cache import set_response_etag

from .queries import site_for

# What XML 1.0 cannot carry: control characters but tab and line breaks, the
# non-characters U+FFFE and U+FFFF, and lone surrogates. Django's feed writer refuses
# the controls (a 500), and writes the others into a feed no reader can parse. Text an
# editor pasted can hold them (Word's line break is a vertical tab).
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(value):
    """`value` with what XML cannot carry taken out (a vertical tab or form feed, a line
    break where it was typed, becomes a space); lists and tuples of texts item by item;
    anything else as it is."""
    if isinstance(value, (list, tuple)):
        return type(value)(xml_text(item) for item in value)
    if not isinstance(value, str):
        return value
    return NOT_IN_XML.sub(lambda match: " " if match[0] in "\x0b\x0c" else "", value)


def xml_texts(values):
    """The dict `values` (a feed's or an item's) with every text made `xml_text`."""
    return {name: xml_text(value) for name, value in values.items()}


def validated_by_content(response):
    """Send `response` as one piece, validated by an ETag of its content, without a
    Last-Modified.

    Django dates a feed, and Wagtail the sitemap, by their newest entry's date, but an
    entry can be dated before the newest one when it is added (a threat level change that
    took effect yesterday, an article dated back), and a page can leave them (unpublished,
    restricted) without any date moving: a reader, a crawler, nginx or a CDN asking
    "changed since?" would be told no (a 304) and keep the old copy. An ETag of the
    content changes whenever the content does.

    The feed writer adds each tag and each text to the response separately: hundreds of
    pieces, which the server would send in as many writes and the page cache would store
    one by one.
    """
    response.content = response.content  # joined into one
    response.headers.pop("Last-Modified", None)
    set_response_etag(response)
    return response


def readable_by_any_site(response):
    """`response` (a feed, the threat level's API and badge) for any site's script to
    read, with the ETag that validates it."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag"
    return response


class PortalFeed(Feed):
    """A syndication feed whose addresses are the Site's (as canonical links and the
    sitemap), whatever host the request named, and which carries any text: what XML
    cannot carry is taken out (`xml_text`). Sent whole and validated by its content
    (`validated_by_content`).

    Subclasses give absolute links (a page's `get_full_url(request)`, `site_url()`); the
    feed's own address is made here. An item's description is HTML to feed readers
    (Atom's summary is typed "html", RSS readers read it so): plain text goes through
    `escape()`. Any site may read it from a page's script (a public feed, as the threat
    level's), and the ETag that validates it.
    """

    def __call__(self, request, *args, **kwargs):
        return readable_by_any_site(
            validated_by_content(super().__call__(request, *args, **kwargs))
        )

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed = xml_texts(feed.feed)
        feed.feed["feed_url"] = site_url(request, request.path)
        feed.items = [xml_texts(item) for item in feed.items]
        return feed


def site_url(request, path="/"):
    """The full address of `path` on the Site serving `request`."""
    site = site_for(request)
    return site.root_url + path if site is not None else request.build_absolute_uri(path)
