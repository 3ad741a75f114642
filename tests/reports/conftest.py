import contextlib
import resource
import signal
import time

import pytest
from nacl.public import PrivateKey

from editorial import roles
from reports.forms import form_token
from reports.models import ReportPage
from reports.offline import format_public_key
from tests import factories

SEND_URL = "/report/send/"
SAME_SITE = "http://testserver"


@pytest.fixture
def report_key(settings):
    """A key pair of the test's own: reports are sealed to its public half."""
    key = PrivateKey.generate()
    settings.REPORTS_PUBLIC_KEY = format_public_key(bytes(key.public_key))
    return key


@pytest.fixture
def report_page(home):
    return factories.publish_child(
        home,
        ReportPage(
            title="Report information",
            slug="report-information",
            intro="<p>Tell us what you know.</p>",
            after_sending="<p>Thank you for telling us.</p>",
        ),
    )


@pytest.fixture
def handler(sections):
    return factories.user("handler", roles.REPORT_HANDLERS)


def report_data(**fields):
    """A valid post of the form, shown long enough ago for a person to have typed it."""
    data = {
        "what": "A van has been parked outside the depot every night this week.",
        "when_where": "Every night since Monday, Station Road.",
        "contact": "",
        "token": form_token(time.time() - 60),
        "website_address": "",
    }
    data.update(fields)
    return data


def send(client, data=None, *, origin=SAME_SITE, **extra):
    if origin is not None:
        extra["HTTP_ORIGIN"] = origin
    return client.post(SEND_URL, data if data is not None else report_data(), **extra)


@contextlib.contextmanager
def files_at_most(size):
    """Within it, this process writes no file past `size` bytes: a write beyond fails
    (EFBIG), as on a full disk (the process ignores SIGXFSZ meanwhile, which would end it)."""
    limits = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, limits[1]))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, limits)
        signal.signal(signal.SIGXFSZ, handler)
