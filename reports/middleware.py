"""A redirect to the report form's page is kept out of the access log, as the page is.

The page and the form's post answer with `X-Access-Log: off` (reports.views.no_store);
the address typed without its last slash (Django's APPEND_SLASH) or an editor's redirect
to the page answered before the page's view ran, and gunicorn logged it with the
client's address. (nginx leaves the page's addresses out by its own map,
edge.nginx.render_edge.)
"""

from urllib.parse import urlsplit

from django.db import DatabaseError

from serving.process import kept

REDIRECTS = (301, 302, 303, 307, 308)


def report_page_path():
    """The path of the live report page, or None."""
    from .models import ReportPage

    def find():
        page = ReportPage.objects.live().first()
        return page.get_url() if page is not None else None

    return kept("report-page-path", find)


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
            if path and urlsplit(response["Location"]).path == path:
                response["X-Access-Log"] = "off"
        return response
