"""The Fact or Fiction quiz: the block, answering with and without JavaScript, bad input."""

from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from core.models import StandardPage
from demo import core as demo
from quiz.models import FactOrFiction, QuizTally
from quiz.views import ANSWERED_COOKIE, ANSWERED_COOKIE_MAX_AGE, ANSWERED_COOKIE_SALT
from tests import factories
from tests.quiz.answers import ANSWER_URL, SAME_SITE, answer, counts

OWN = object()  # stands for the statement under test in parameters

pytestmark = pytest.mark.usefixtures("site_for_the_module")


def activated(statement, days_ago):
    FactOrFiction.objects.filter(pk=statement.pk).update(
        activated_at=timezone.now() - timedelta(days=days_ago)
    )


@pytest.fixture
def statement(sections):
    return factories.quiz_statement(
        "Films show the real work of the service.",
        explanation="Real work is mostly research and analysis.",
    )


@pytest.fixture
def counted(statement):
    """A statement 25 visitors answered already, 15 of them rightly."""
    QuizTally.objects.create(statement=statement, total=25, correct=15)
    return statement


def quiz_section(html):
    start = html.index('<section class="quiz"')
    return html[start : html.index("</section>", start)]


# The block


def test_block_shows_on_the_home_page_without_any_per_visitor_data(client, statement):
    html = client.get("/").content.decode()

    block = quiz_section(html)
    assert '<h2 id="quiz-heading">Fact or Fiction?</h2>' in block
    assert '<form class="quiz__form" method="post" action="/quiz/answer/"' in block
    assert "<fieldset>" in block
    assert '<legend class="quiz__statement">Films show the real work of the service.</legend>' in (
        block
    )
    assert f'<input type="hidden" name="statement" value="{statement.pk}">' in block
    assert '<input type="hidden" name="next" value="/">' in block
    assert '<button type="submit" name="answer" value="fact">True</button>' in block
    assert '<button type="submit" name="answer" value="fiction">False</button>' in block
    assert 'aria-live="polite"' in block
    assert '<script src="/static/js/quiz.js" defer></script>' in block
    assert "csrfmiddlewaretoken" not in html
    assert "Real work is mostly research" not in html  # the answer comes after answering


def test_block_shows_in_the_sidebar_of_a_standard_page(client, statement):
    html = client.get("/careers/").content.decode()

    sidebar = html[html.index('<aside class="sidebar"') : html.index("</aside>")]
    assert "Films show the real work of the service." in sidebar
    assert '<input type="hidden" name="next" value="/careers/">' in sidebar


def test_block_shows_the_most_recently_activated_active_statement(client, sections):
    older = factories.quiz_statement("Older statement.")
    newer = factories.quiz_statement("Newer statement.")
    hidden = factories.quiz_statement("Inactive statement.", active=False)
    activated(older, 10)
    activated(newer, 2)

    html = client.get("/").content.decode()

    assert "Newer statement." in html
    assert "Older statement." not in html
    assert hidden.activated_at is None
    assert "Inactive statement." not in html


def test_no_active_statement_means_no_block(client, sections):
    factories.quiz_statement("Switched off.", active=False)

    html = client.get("/").content.decode()

    assert 'class="quiz"' not in html
    assert "Switched off." not in html


def render_block(rf, page):
    request = rf.get("/somewhere/")
    return Template("{% load quiz_tags %}{% fact_or_fiction %}").render(
        Context({"request": request, "page": page})
    )


def test_block_costs_one_query(rf, sections, django_assert_num_queries):
    factories.quiz_statement("Only one.")

    with django_assert_num_queries(1):
        html = render_block(rf, sections["careers"])

    assert "Only one." in html


def test_a_pages_own_active_statement_wins_in_the_same_one_query(
    rf, sections, django_assert_num_queries
):
    own = factories.quiz_statement("The page's own.")
    factories.quiz_statement("The newest.")
    activated(own, 30)
    page = SimpleNamespace(quiz_statement_id=own.pk)

    with django_assert_num_queries(1):
        html = render_block(rf, page)

    assert "The page&#x27;s own." in html
    assert "The newest." not in html


def test_a_stand_in_statement_object_on_the_page_is_used(sections):
    own = factories.quiz_statement("Chosen by the editor.")
    factories.quiz_statement("The newest.")
    activated(own, 30)

    assert FactOrFiction.objects.for_page(SimpleNamespace(quiz_statement=own)) == own


def test_a_pages_inactive_statement_falls_back_to_the_newest(sections):
    own = factories.quiz_statement("Retired.", active=False)
    newest = factories.quiz_statement("The newest.")

    assert FactOrFiction.objects.for_page(SimpleNamespace(quiz_statement_id=own.pk)) == newest


@pytest.mark.skipif(
    not hasattr(StandardPage, "quiz_statement"),
    reason="ContentPage has no quiz_statement field yet (the lead engineer adds it)",
)
def test_a_standard_page_shows_its_own_statement(client, sections):
    own = factories.quiz_statement("Chosen for this page.")
    factories.quiz_statement("The newest.")
    activated(own, 30)
    page = factories.standard_page(sections["home"], "Own quiz", quiz_statement=own)

    html = client.get(page.url).content.decode()

    assert "Chosen for this page." in html
    assert "The newest." not in html


def test_content_page_with_the_quiz_stays_within_its_budget(
    client, statement, django_assert_max_num_queries
):
    for index in range(10):
        factories.quiz_statement(f"Statement {index}.")
    client.get("/careers/")

    with django_assert_max_num_queries(12):
        response = client.get("/careers/")

    assert response.status_code == 200
    assert "Statement 9." in response.content.decode()


# Answering without JavaScript


def test_answer_redirects_to_a_private_result_page_and_counts_once(client, counted):
    response = answer(client, counted, "fiction", next_path="/careers/")

    assert response.status_code == 303
    location = urlsplit(response["Location"])
    assert location.path == reverse("quiz-result", args=[counted.pk])
    assert parse_qs(location.query) == {"answer": ["fiction"], "next": ["/careers/"]}
    assert counts(counted) == (26, 16)
    cookie = response.cookies[ANSWERED_COOKIE]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == ANSWERED_COOKIE_MAX_AGE
    assert not cookie["secure"]

    result = client.get(response["Location"])

    assert result.status_code == 200
    assert "no-store" in result["Cache-Control"]
    assert "private" in result["Cache-Control"]
    html = result.content.decode()
    assert "<strong>Correct!</strong> The answer: False. It is fiction." in html
    assert "Real work is mostly research and analysis." in html
    assert "62% of visitors answered correctly." in html
    assert '<a href="/careers/#quiz">Back to where you were</a>' in html


def test_a_wrong_answer_is_counted_as_wrong(client, counted):
    response = answer(client, counted, "fact")

    html = client.get(response["Location"]).content.decode()
    assert counts(counted) == (26, 15)
    assert "<strong>Not quite.</strong> The answer: False. It is fiction." in html
    assert "58% of visitors answered correctly." in html


def test_the_answer_is_said_in_the_buttons_words(client, sections):
    fact = factories.quiz_statement("The service was founded in 1909.", answer="fact")

    html = client.get(answer(client, fact, "fact")["Location"]).content.decode()

    assert "<strong>Correct!</strong> The answer: True. It is a fact." in html


def test_a_repeat_answer_shows_the_result_without_counting_again(client, counted):
    answer(client, counted, "fiction")
    assert counts(counted) == (26, 16)

    repeat = answer(client, counted, "fact")

    assert repeat.status_code == 303
    assert counts(counted) == (26, 16)
    assert "Not quite." in client.get(repeat["Location"]).content.decode()


def test_the_first_answer_creates_the_tally(client, statement):
    assert not QuizTally.objects.filter(pk=statement.pk).exists()

    answer(client, statement, "fiction")

    assert counts(statement) == (1, 1)


def test_a_same_site_referer_is_enough_without_origin(client, counted):
    response = answer(client, counted, HTTP_ORIGIN=None, HTTP_REFERER=f"{SAME_SITE}/careers/")

    assert response.status_code == 303
    assert counts(counted) == (26, 16)


def test_the_cookie_is_secure_where_session_cookies_are(client, counted, settings):
    settings.SESSION_COOKIE_SECURE = True

    response = answer(client, counted)

    assert response.cookies[ANSWERED_COOKIE]["secure"]


# Answering with JavaScript


def test_answer_in_json_for_scripts(client, counted):
    response = answer(client, counted, "fiction", json=True)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response.json() == {
        "correct": True,
        "counted": True,
        "verdict": "Correct!",
        "answer": "Fiction",
        "answer_text": "The answer: False. It is fiction.",
        "explanation": "Real work is mostly research and analysis.",
        "share_correct": 62,
        "share_text": "62% of visitors answered correctly.",
        "note": "",
    }
    assert counts(counted) == (26, 16)

    repeat = answer(client, counted, "fact", json=True).json()

    assert repeat["counted"] is False
    assert repeat["correct"] is False
    assert "not counted again" in repeat["note"]
    assert counts(counted) == (26, 16)


def test_json_errors_are_json(client, counted):
    response = answer(client, counted, "perhaps", json=True)

    assert response.status_code == 400
    assert response.json() == {"error": "Choose True or False to answer."}
    assert counts(counted) == (25, 15)


# Bad input


def test_a_get_on_the_answer_url_is_refused(client, counted):
    response = client.get(ANSWER_URL, {"statement": counted.pk, "answer": "fiction"})

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "Answer the quiz with the True or False buttons." in response.content.decode()
    assert counts(counted) == (25, 15)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"statement": "999999", "answer": "fiction"}, "not part of the quiz"),
        ({"statement": "abc", "answer": "fiction"}, "could not tell which statement"),
        ({"answer": "fiction"}, "could not tell which statement"),
        ({"statement": OWN, "answer": ""}, "Choose True or False"),
        ({"statement": OWN, "answer": "perhaps"}, "Choose True or False"),
        ({"statement": OWN}, "Choose True or False"),
    ],
)
def test_bad_answers_get_a_400_page_and_count_nothing(client, counted, data, message):
    data = {key: counted.pk if value is OWN else value for key, value in data.items()}
    data["next"] = "/"

    response = client.post(ANSWER_URL, data, HTTP_ORIGIN=SAME_SITE)

    assert response.status_code == 400
    html = response.content.decode()
    assert "<h1>We could not take your answer</h1>" in html
    assert message in html
    assert counts(counted) == (25, 15)
    assert ANSWERED_COOKIE not in response.cookies


@pytest.mark.parametrize(
    ("content_type", "json"),
    [
        ("application/x-www-form-urlencoded; charset=utf-16", False),
        ("application/x-www-form-urlencoded; charset=latin-1", True),
        ("multipart/form-data", False),  # no boundary
    ],
)
def test_a_body_django_cannot_read_gets_the_quizs_own_400(client, counted, content_type, json):
    body = f"statement={counted.pk}&answer=fiction&next=/"
    extra = {"HTTP_ACCEPT": "application/json"} if json else {}

    response = client.post(
        ANSWER_URL, body, content_type=content_type, HTTP_ORIGIN=SAME_SITE, **extra
    )

    assert response.status_code == 400
    message = "Your browser sent an answer we could not read."
    if json:
        assert response.json() == {"error": message}
    else:
        assert "<h1>We could not take your answer</h1>" in response.content.decode()
        assert message in response.content.decode()
    assert counts(counted) == (25, 15)


def test_an_inactive_statement_cannot_be_answered(client, counted):
    FactOrFiction.objects.filter(pk=counted.pk).update(active=False)

    response = answer(client, counted)

    assert response.status_code == 400
    assert "not part of the quiz any more" in response.content.decode()
    assert counts(counted) == (25, 15)


@pytest.mark.parametrize(
    "next_path",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "javascript:alert(1)",
        "",
        "/\x00",
        "/\r\nSet-Cookie: a=b",
    ],
)
def test_an_off_site_next_redirects_home_and_counts_nothing(client, counted, next_path):
    response = answer(client, counted, next_path=next_path)

    assert response.status_code == 303
    assert response["Location"] == "/"
    assert counts(counted) == (25, 15)
    assert ANSWERED_COOKIE not in response.cookies


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_ORIGIN": "https://evil.example", "HTTP_REFERER": f"{SAME_SITE}/"},
        {"HTTP_ORIGIN": None, "HTTP_REFERER": "https://evil.example/page"},
        {"HTTP_ORIGIN": None, "HTTP_REFERER": "http://[::1"},  # no address at all: was a 500
        {"HTTP_ORIGIN": None},
    ],
)
def test_posts_from_other_sites_are_refused(client, counted, headers):
    extra = {key: value for key, value in headers.items() if value is not None}

    response = client.post(
        ANSWER_URL, {"statement": counted.pk, "answer": "fiction", "next": "/"}, **extra
    )

    assert response.status_code == 403
    assert "only accepted from this website" in response.content.decode()
    assert counts(counted) == (25, 15)


def test_a_huge_body_is_refused_before_it_is_read(client, counted):
    response = client.post(
        ANSWER_URL,
        {"statement": counted.pk, "answer": "fiction", "next": "/", "padding": "x" * 4000},
        HTTP_ORIGIN=SAME_SITE,
    )

    assert response.status_code == 413
    assert "too large" in response.content.decode()
    assert counts(counted) == (25, 15)


@pytest.mark.parametrize(
    "cookie",
    [
        "1,2,3",  # unsigned
        signing.get_cookie_signer(salt=ANSWERED_COOKIE_SALT).sign("1") + "x",
        signing.get_cookie_signer(salt="another.salt").sign("1"),
    ],
    # Named, not shown: a signed value holds the time, and test workers must collect the
    # same ids whenever each of them starts.
    ids=["unsigned", "signature-altered", "signed-with-another-salt"],
)
def test_a_tampered_cookie_is_refused_and_forgotten(client, counted, cookie):
    client.cookies[ANSWERED_COOKIE] = cookie

    response = answer(client, counted)

    assert response.status_code == 400
    assert "cookie was altered" in response.content.decode()
    assert counts(counted) == (25, 15)
    assert response.cookies[ANSWERED_COOKIE].value == ""
    # With the bad cookie gone, the next answer counts.
    assert answer(client, counted).status_code == 303
    assert counts(counted) == (26, 16)


def test_result_page_refuses_unknown_statements_and_answers(client, counted):
    url = reverse("quiz-result", args=[counted.pk])

    assert client.get(reverse("quiz-result", args=[999999]), {"answer": "fact"}).status_code == 404
    assert client.get(url, {"answer": "maybe"}).status_code == 400
    assert client.post(url, {"answer": "fact"}).status_code == 405
    for next_path in ("https://evil.example/", "/\x00", "/news/\n"):
        html = client.get(url, {"answer": "fact", "next": next_path}).content.decode()
        assert '<a href="/#quiz">Back to where you were</a>' in html
    assert counts(counted) == (25, 15)


# Editing in the admin


def statement_form(item, **changes):
    data = {
        "statement": item.statement,
        "answer": item.answer,
        "explanation": item.explanation,
        "active": "on" if item.active else "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def snippet_url(name, *args):
    return reverse(f"wagtailsnippets_quiz_factorfiction:{name}", args=args)


def test_saving_and_reverting_a_statement_leaves_its_counts_alone(client, comms_editor, counted):
    counted.save_revision(user=comms_editor)
    first_revision = counted.latest_revision
    first_activated = FactOrFiction.objects.get(pk=counted.pk).activated_at
    client.force_login(comms_editor)

    edit = client.post(
        snippet_url("edit", counted.pk), statement_form(counted, statement="Changed text.")
    )

    assert edit.status_code == 302
    counted.refresh_from_db()
    assert counted.statement == "Changed text."
    assert counted.activated_at == first_activated
    assert counts(counted) == (25, 15)

    revert = client.post(
        snippet_url("revisions_revert", counted.pk, first_revision.pk),
        statement_form(first_revision.as_object()),
    )

    assert revert.status_code == 302
    counted.refresh_from_db()
    assert counted.statement == "Films show the real work of the service."
    assert counted.activated_at == first_activated
    assert counts(counted) == (25, 15)


def test_a_change_of_the_correct_answer_starts_the_counts_again(client, comms_editor, counted):
    """Answers counted right under the old answer read as wrong under the new one: 90 %
    right became "90 % of visitors answered correctly" of the opposite answer."""
    other = "fact" if counted.answer == "fiction" else "fiction"
    client.force_login(comms_editor)
    form = client.get(snippet_url("edit", counted.pk)).content.decode()
    assert "Changing it starts the count of visitors" in form

    edit = client.post(snippet_url("edit", counted.pk), statement_form(counted, answer=other))

    assert edit.status_code == 302
    assert counts(counted) == (0, 0)


def test_activated_at_follows_the_active_flag(sections):
    item = factories.quiz_statement("Toggled.")
    first = item.activated_at
    assert first is not None

    item.active = False
    item.save()
    assert item.activated_at is None

    item.active = True
    item.save()
    assert item.activated_at > first


@pytest.mark.parametrize("role", ["comms_editor", "comms_approver", "superuser"])
def test_comms_staff_manage_statements(client, request, sections, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(snippet_url("list")).status_code == 200
    response = client.post(
        snippet_url("add"),
        {"statement": "New statement.", "answer": "fact", "explanation": "Yes.", "active": "on"},
    )

    assert response.status_code == 302
    created = FactOrFiction.objects.get(statement="New statement.")
    assert created.activated_at is not None
    assert not QuizTally.objects.filter(pk=created.pk).exists()


@pytest.mark.parametrize("role", ["recruiter", "threat_level_manager"])
def test_other_roles_cannot_touch_statements(client, request, counted, role):
    client.force_login(request.getfixturevalue(role))

    listing = client.get(snippet_url("list"))
    add = client.post(
        snippet_url("add"),
        {"statement": "Sneaky.", "answer": "fact", "explanation": "No.", "active": "on"},
    )
    edit = client.post(snippet_url("edit", counted.pk), statement_form(counted, statement="Hi."))
    delete = client.post(snippet_url("delete", counted.pk))

    assert listing.status_code in (302, 403)
    assert add.status_code in (302, 403)
    assert edit.status_code in (302, 403)
    assert delete.status_code in (302, 403)
    assert not FactOrFiction.objects.filter(statement="Sneaky.").exists()
    counted.refresh_from_db()
    assert counted.statement == "Films show the real work of the service."
    assert counts(counted) == (25, 15)


# Demo content


def test_demo_quiz_is_created_once_and_shows_the_films_statement(client, sections):
    first = demo.load_quiz()
    second = demo.load_quiz()

    assert len(first) == 3
    assert second == []
    assert FactOrFiction.objects.count() == 3
    films = FactOrFiction.objects.get(statement__startswith="Films and television")
    assert films.answer == FactOrFiction.Answer.FICTION
    assert FactOrFiction.objects.for_page(None) == films
    assert all(item.latest_revision_id for item in FactOrFiction.objects.all())


def test_demo_privacy_page_explains_the_quiz_cookie(client, sections):
    pages = demo.load_pages(sections["home"])

    html = client.get(pages["privacy"].url).content.decode()

    assert "quiz_answered" in html
    assert "90 days" in html


# Concurrency (PostgreSQL)
