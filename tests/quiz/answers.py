"""What the quiz's tests share: an answer posted as the form posts it, and the counts."""

from quiz.models import QuizTally

ANSWER_URL = "/quiz/answer/"
SAME_SITE = "http://testserver"


def answer(client, statement, choice="fiction", *, next_path="/careers/", json=False, **extra):
    extra.setdefault("HTTP_ORIGIN", SAME_SITE)
    if json:
        extra["HTTP_ACCEPT"] = "application/json"
    data = {"statement": getattr(statement, "pk", statement), "answer": choice, "next": next_path}
    return client.post(ANSWER_URL, data, **extra)


def counts(statement):
    tally = QuizTally.objects.filter(pk=statement.pk).first()
    return (tally.total, tally.correct) if tally else (0, 0)
