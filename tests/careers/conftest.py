import datetime
from unittest import mock

import pytest
from django.utils import timezone

from tests import factories


@pytest.fixture
def careers(sections):
    return factories.careers_index(sections["home"])


@pytest.fixture
def technology():
    return factories.career_area("Technology")


@pytest.fixture
def administration():
    return factories.career_area("Administration")


@pytest.fixture
def london():
    return factories.career_location("London")


@pytest.fixture
def belfast():
    return factories.career_location("Belfast")


# A fixed moment in UK summer time (BST, UTC+1), so local and UTC times differ.
CLOSING = timezone.make_aware(datetime.datetime(2030, 7, 1, 17, 0))


@pytest.fixture
def closing():
    return CLOSING


@pytest.fixture
def frozen_clock():
    """freeze(moment) makes django.utils.timezone.now() return that moment."""
    patcher = None

    def freeze(moment):
        nonlocal patcher
        if patcher is not None:
            patcher.stop()
        patcher = mock.patch("django.utils.timezone.now", return_value=moment)
        patcher.start()

    yield freeze
    if patcher is not None:
        patcher.stop()
