import datetime

import pytest
from django.utils import timezone

from tests import factories


@pytest.fixture
def news_index(sections):
    return factories.news_index(sections["home"])


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def days_ago(today):
    return lambda days: today - datetime.timedelta(days=days)
