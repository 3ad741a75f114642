"""The quiz cannot be skewed by a client that drops its cookie (core.ratelimit), and a
share of right answers shows only once enough answers were counted."""

import ipaddress

import pytest

from quiz.models import QuizTally
from tests.quiz.test_quiz import SAME_SITE, answer, counts
from tests.serving.test_redis_cache import closed_port, redis_settings

pytestmark = pytest.mark.usefixtures("site_for_the_module")


@pytest.fixture
def statement(sections):
    from tests import factories

    return factories.quiz_statement("The service has its own police force.")


@pytest.fixture
def behind_nginx(settings):
    settings.TRUSTED_PROXY_NETWORKS = [ipaddress.ip_network("127.0.0.1/32")]


def answer_without_cookie(client, statement, **extra):
    client.cookies.clear()
    return answer(client, statement, "fiction", json=True, **extra)


def test_a_client_dropping_its_cookie_is_counted_a_few_times_a_day(client, statement, settings):
    results = [
        answer_without_cookie(client, statement, REMOTE_ADDR="198.51.100.7").json()
        for _ in range(200)
    ]

    limit = settings.QUIZ_ANSWERS_PER_CLIENT_PER_DAY
    assert counts(statement) == (limit, limit)
    assert [r["counted"] for r in results] == [True] * limit + [False] * (200 - limit)
    # Each of them a first answer as far as its browser knows: not told it answered before
    # (others behind one address, an office or a phone network, have not).
    assert {r["note"] for r in results} == {""}


def test_many_clients_behind_our_proxy_are_all_counted(client, statement, behind_nginx):
    for number in range(200):
        client_address = f"203.0.{number // 250}.{number % 250 + 1}"
        answer_without_cookie(
            client, statement, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=client_address
        )

    assert counts(statement) == (200, 200)


def test_a_forged_forwarded_header_does_not_make_a_new_client(
    client, statement, settings, behind_nginx
):
    for number in range(50):
        # Straight to the app, not through nginx: the header is ignored.
        answer_without_cookie(
            client, statement, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}"
        )

    assert counts(statement)[0] == settings.QUIZ_ANSWERS_PER_CLIENT_PER_DAY


def test_ipv6_clients_are_counted_per_network(client, statement, settings):
    for number in range(50):
        answer_without_cookie(client, statement, REMOTE_ADDR=f"2001:db8:1:2::{number + 1:x}")

    assert counts(statement)[0] == settings.QUIZ_ANSWERS_PER_CLIENT_PER_DAY


def test_with_the_cache_down_answers_still_count(client, statement, settings):
    settings.CACHES = redis_settings(f"redis://127.0.0.1:{closed_port()}/0")

    for _ in range(10):
        assert answer_without_cookie(client, statement, REMOTE_ADDR="198.51.100.7").json()[
            "counted"
        ]

    assert counts(statement) == (10, 10)


def test_the_share_shows_from_twenty_answers(client, statement, settings):
    assert settings.QUIZ_MIN_ANSWERS_FOR_SHARE == 20
    QuizTally.objects.create(statement=statement, total=18, correct=18)

    first = answer(client, statement, "fact", json=True, HTTP_ORIGIN=SAME_SITE).json()
    assert first["share_correct"] is None
    assert first["share_text"] == "Not enough answers yet to say how other visitors did."

    client.cookies.clear()
    second = answer(client, statement, "fact", json=True, REMOTE_ADDR="203.0.113.9").json()
    assert second["share_correct"] == 90  # 18 of 20
    assert second["share_text"] == "90% of visitors answered correctly."
