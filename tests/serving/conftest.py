import pytest
from django.core.cache import cache

from serving import process


@pytest.fixture
def kept(settings, sections, commits_at_once):
    """The site's sections, with what pages are built from kept per process, as in production."""
    settings.SERVING_KEEP_IN_PROCESS = True
    cache.clear()
    process.forget_everything()
    yield sections
    process.forget_everything()
    cache.clear()
