"""gunicorn's logger, leaving out of the access log the requests the app asks it to.

A response carrying `X-Access-Log: off` (the report form and its page: reports.views)
is not logged, nor is any request to the form's post, whatever answered it, so that no
log records who looked at or sent a report. gunicorn has no setting for this; its access
log format can leave fields out, not lines.
"""

from gunicorn import glogging

NOT_LOGGED = ("x-access-log", "off")
NOT_LOGGED_PATHS = ("/report/send",)


class Logger(glogging.Logger):
    def access(self, resp, req, environ, request_time):
        if req.path.startswith(NOT_LOGGED_PATHS) or any(
            (name.lower(), value.lower()) == NOT_LOGGED for name, value in resp.headers
        ):
            return
        super().access(resp, req, environ, request_time)
