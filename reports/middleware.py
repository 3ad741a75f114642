"""A redirect to the report form's page is kept out of the access log, as the page is.

The page and the form's post answer with `X-Access-Log: off` (reports.views.no_store);
the address asked for over plain HTTP (Django's redirect to HTTPS), typed without its
last slash (APPEND_SLASH) or an editor's redirect to the page answered before the page's
view ran, and gunicorn logged it with the client's address. (nginx leaves the page's
addresses out by its own map, edge.nginx.render_edge.)

Listed first in MIDDLEWARE (around the redirect to HTTPS), outside the process tier: the
page's path is looked up, one query, for each redirect alone.
"""

from urllib.parse import urlsplit

from django.db import DatabaseError

REDIRECTS = (301, 302, 303, 307, 308)


def report_page_path():
    """The path of the live report page, or None."""
    from .models import ReportPage

    page = ReportPage.objects.live().first()
    return page.get_url() if page is not None else None


class ReportPageRedirectsNotLogged:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in REDIRECTS and "Location" in response:
            try:
                path = report_page_path()
            except DatabaseError:  # unknown while the database is down: logged as before
                return response
            # To HTTPS, the address as it was typed: with or without its last slash.
            if path and urlsplit(response["Location"]).path.rstrip("/") == path.rstrip("/"):
                response["X-Access-Log"] = "off"
        return response
