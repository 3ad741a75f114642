"""gunicorn's logger, leaving out of the access log the requests the app asks it to.

A response carrying `X-Access-Log: off` (the report form and its page: reports.views)
is not logged, nor is any request to the form's post, whatever answered it, so that no
log records who looked at or sent a report. gunicorn has no setting for this; its access
log format can leave fields out, not lines.

A password reset link's user and token are masked wherever a line would show them (the
request, the Referer, the redirect): the link sets a new password until it is used or
expires, so whoever read the log could take the account.
"""

import re

from gunicorn import glogging

NOT_LOGGED = ("x-access-log", "off")
NOT_LOGGED_PATHS = ("/report/send",)
# Django's reset link: .../password_reset/confirm/<uidb64>/<token>/ (Wagtail's admin).
RESET_LINK = re.compile(r"(/password_reset/confirm/)[^/\s?\"]+/[^/\s?\"]+")
MASKED = r"\1-/-"


class Logger(glogging.Logger):
    def access(self, resp, req, environ, request_time):
        if req.path.startswith(NOT_LOGGED_PATHS) or any(
            (name.lower(), value.lower()) == NOT_LOGGED for name, value in resp.headers
        ):
            return
        super().access(resp, req, environ, request_time)

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for name, value in atoms.items():
            if isinstance(value, str) and "/password_reset/confirm/" in value:
                atoms[name] = RESET_LINK.sub(MASKED, value)
        return atoms
