"""What every feed of the site shares."""

from django.contrib.syndication.views import Feed


class PortalFeed(Feed):
    """A syndication feed sent, and kept by the page cache, as one piece.

    The feed writer adds each tag and each text to the response separately: hundreds of
    pieces, which the server would send in as many writes and the page cache would
    store one by one.
    """

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response.content = response.content  # joined into one
        return response
