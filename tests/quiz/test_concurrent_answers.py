"""Visitors answering the quiz at the same moment are all counted, exactly (PostgreSQL:
SQLite serialises writers). A module of its own: the test is transactional, and the
quiz's other tests share one site (tests/quiz/test_quiz.py)."""

import threading

import pytest
from django.db import connection
from django.test import Client

from tests import factories
from tests.quiz.answers import answer, counts

THREADS = 20
ANSWERS_PER_THREAD = 11


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers; concurrent counting is tested on PostgreSQL",
)
def test_concurrent_answers_are_all_counted_exactly():
    item = factories.quiz_statement("Counted under load.")
    start = threading.Barrier(THREADS)
    failures = []

    def visitor_batch(index):
        try:
            start.wait()
            for number in range(ANSWERS_PER_THREAD):
                choice = "fiction" if (index + number) % 3 else "fact"
                # A fresh client each time: a new visitor without the cookie, from an
                # address of its own (one address is counted a few times a day only).
                visitor = Client(REMOTE_ADDR=f"203.0.{index}.{number + 1}")
                response = answer(visitor, item, choice, next_path="/")
                if response.status_code != 303:
                    failures.append(response.status_code)
        except Exception as error:  # reported through the assertion below
            failures.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=visitor_batch, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    expected_correct = sum(
        1
        for index in range(THREADS)
        for number in range(ANSWERS_PER_THREAD)
        if (index + number) % 3
    )
    assert failures == []
    assert counts(item) == (THREADS * ANSWERS_PER_THREAD, expected_correct)
