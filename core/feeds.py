"""What every feed of the site shares."""

from django.contrib.syndication.views import Feed
from django.utils.cache import set_response_etag


class PortalFeed(Feed):
    """A syndication feed sent, and kept by the page cache, as one piece, and validated
    by its content.

    The feed writer adds each tag and each text to the response separately: hundreds of
    pieces, which the server would send in as many writes and the page cache would
    store one by one.

    Django dates a feed (Last-Modified) by its newest entry's date, but an entry can be
    dated before the newest one when it is added (a threat level change that took effect
    yesterday, an article dated back): a reader, nginx or a CDN asking "changed since?"
    would then be told no (a 304) and keep the old feed. An ETag of the content changes
    whenever the feed does.
    """

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response.content = response.content  # joined into one
        response.headers.pop("Last-Modified", None)
        set_response_etag(response)
        return response
