"""A visitor answers the Fact or Fiction quiz, with JavaScript and without it."""

import pytest

from quiz.models import FactOrFiction, QuizTally

pytestmark = pytest.mark.django_db(transaction=True)


def films_tally():
    statement = FactOrFiction.objects.get(statement__startswith="Films and television")
    tally = QuizTally.objects.filter(pk=statement.pk).first()
    return (tally.total, tally.correct) if tally else (0, 0)


def test_answer_appears_in_place_with_javascript(page, demo_site):
    page.goto(demo_site.url + "/")
    quiz = page.get_by_role("region", name="Fact or Fiction?")
    assert "Films and television give an accurate picture" in quiz.inner_text()
    page.evaluate("window.stillTheSamePage = true")

    quiz.get_by_role("button", name="False").click()

    result = quiz.locator("[aria-live='polite']")
    result.get_by_text("Correct!").wait_for()
    assert "The answer: False. It is fiction." in result.inner_text()
    # One answer is too few to share a percentage (QUIZ_MIN_ANSWERS_FOR_SHARE).
    assert "Not enough answers yet to say how other visitors did." in result.inner_text()
    assert page.url == demo_site.url + "/"
    assert page.evaluate("window.stillTheSamePage") is True
    assert films_tally() == (1, 1)

    # A second answer from the same browser is shown but not counted.
    quiz.get_by_role("button", name="True").click()
    result.get_by_text("not counted again").wait_for()
    assert "Not quite." in result.inner_text()
    assert films_tally() == (1, 1)
    assert page.console_errors == []


def test_answer_works_without_javascript(browser, demo_site):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    try:
        tab.goto(demo_site.url + "/privacy-and-cookies/")
        sidebar_quiz = tab.get_by_role("region", name="Fact or Fiction?")

        sidebar_quiz.get_by_role("button", name="True").click()

        tab.wait_for_url("**/quiz/result/**")
        assert tab.get_by_role("heading", level=1).inner_text() == "Fact or Fiction?"
        text = tab.locator("main").inner_text()
        assert "Not quite. The answer: False. It is fiction." in text
        assert "Not enough answers yet to say how other visitors did." in text
        assert films_tally() == (1, 0)

        tab.get_by_role("link", name="Back to where you were").click()
        tab.wait_for_url(demo_site.url + "/privacy-and-cookies/#quiz")
        assert "quiz_answered" in tab.locator("main").inner_text()
    finally:
        context.close()
