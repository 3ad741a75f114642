import pytest
from django.core.cache import cache

from editorial import roles
from serving import changes, generation, process
from serving.cache_backends import breaker
from tests import factories


@pytest.fixture(autouse=True)
def fresh_serving_state():
    """Each test starts as a new worker would: nothing known, kept or pending, and an
    empty cache (rate-limit counters included)."""
    cache.clear()
    generation.forget()
    changes.discard_pending()
    process.forget_everything()
    breaker.close()
    yield
    generation.forget()
    changes.discard_pending()
    process.forget_everything()


@pytest.fixture
def commits_at_once(monkeypatch, settings):
    """Serving as in production, within a test's transaction.

    The test's transaction never commits, so what waits for the commit (announcing the
    new generation) runs when the change is made, as it does for a change made outside a
    transaction. The database is read for the generation only on a worker's first request
    (so query counts do not depend on the clock); tests of that reading set it themselves.
    """
    monkeypatch.setattr(changes, "after_commit", lambda func: func())
    settings.SERVING_REVALIDATE_SECONDS = 3600
    settings.SERVING_UNCONFIRMED_SECONDS = 3600


@pytest.fixture
def sections(db):
    return factories.site_with_sections()


@pytest.fixture
def home(sections):
    return sections["home"]


@pytest.fixture
def comms_editor(sections):
    return factories.user("comms", roles.COMMS_EDITORS)


@pytest.fixture
def comms_approver(sections):
    return factories.user("approver", roles.COMMS_APPROVERS)


@pytest.fixture
def recruiter(sections):
    return factories.user("recruiter", roles.RECRUITERS)


@pytest.fixture
def threat_level_manager(sections):
    return factories.user("threatlevel", roles.THREAT_LEVEL_MANAGERS)


@pytest.fixture
def superuser(sections):
    return factories.user("admin", roles.ADMINISTRATORS, is_superuser=True, is_staff=True)
