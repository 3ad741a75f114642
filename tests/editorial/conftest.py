import datetime

import pytest

from editorial.roles import apply_roles
from tests import factories
from tests.conftest import user


@pytest.fixture
def news(sections):
    index = factories.news_index(sections["home"])
    apply_roles()  # the news index exists now: attach the workflow and permissions
    return index


@pytest.fixture
def draft_article(news):
    return factories.news_article(news, "An article", datetime.date(2024, 1, 1), live=False)


@pytest.fixture
def live_article(news):
    return factories.news_article(news, "A live article", datetime.date(2024, 1, 1))


@pytest.fixture
def second_approver(request, sections):
    return user(request, "second_approver")
