import pytest
from django.core.cache import cache

from portal import shared_data


@pytest.fixture
def kept(settings, sections, commits_at_once):
    """The site's sections, with shared data kept per process, as in production."""
    settings.PORTAL_KEEP_SHARED_DATA = True
    cache.clear()
    shared_data.forget_everything()
    yield sections
    shared_data.forget_everything()
    cache.clear()
