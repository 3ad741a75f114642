"""One middleware for both tiers (listed early in MIDDLEWARE: before sessions and
authentication, so that a stored page costs no query, and before the header middleware,
as a page is stored with its headers)."""

from django.core.exceptions import DisallowedHost

from . import generation, process, shared


class ServingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request.get_host()
        except DisallowedHost:
            # Django's 400, made inside, where the security headers are added.
            return self.get_response(request)
        raw_query = request.META.get("QUERY_STRING", "")
        if not (shared.is_cacheable_request(request) and shared.keep_only_known_params(request)):
            return self.render(request)
        key = shared.page_key(request)
        if key is None:
            return self.render(request)
        # One round trip: the generation, and the stored page, which is only good if it
        # was rendered in the current generation.
        current, found = generation.read([key])
        response = shared.stored_page(found.get(key), current)
        if response is None:
            response = self.render(request, current)
            shared.store(request, key, response, current)
        shared.mark_for_edge(raw_query, response, current)
        return response

    def render(self, request, *current):
        """The view's response, with the process tier serving this request."""
        with process.serving(request, *current):
            process.give_wagtail_what_is_kept(request)
            return self.get_response(request)
