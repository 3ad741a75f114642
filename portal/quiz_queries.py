"""What the Fact or Fiction quiz asks of the database, each in one query."""

from django.db.models import Case, F, IntegerField, Value, When

from .models import FactOrFiction, QuizTally


def own_statement_id(page):
    """The id of the statement a page chose for itself, without loading it."""
    if page is None:
        return None
    own_id = getattr(page, "quiz_statement_id", None)
    if own_id is None:
        # With a foreign key this is None without a query; a plain attribute is read as is.
        own_id = getattr(getattr(page, "quiz_statement", None), "pk", None)
    return own_id


def statement_for_page(page=None):
    """The page's own statement if it is active, else the most recently activated one.

    One query whatever the case, so the block fits the content pages' budget.
    """
    statements = FactOrFiction.objects.filter(active=True)
    ordering = [F("activated_at").desc(nulls_last=True), "-pk"]
    own_id = own_statement_id(page)
    if own_id is not None:
        statements = statements.annotate(
            is_own=Case(
                When(pk=own_id, then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        )
        ordering.insert(0, "-is_own")
    return statements.order_by(*ordering).only("pk", "statement").first()


def answerable_statement(pk):
    """The active statement with this id, or None."""
    return FactOrFiction.objects.filter(pk=pk, active=True).first()


def statement_with_tally(pk):
    """The active statement with this id and its tally (None if nobody answered yet)."""
    return FactOrFiction.objects.filter(pk=pk, active=True).select_related("tally").first()


def tally_of(statement):
    try:
        return statement.tally
    except QuizTally.DoesNotExist:
        return None


def record_answer(statement, is_correct):
    """Count one answer. Atomic in the database, so concurrent answers are all counted."""
    increments = {"total": F("total") + 1, "correct": F("correct") + int(is_correct)}
    if QuizTally.objects.filter(pk=statement.pk).update(**increments):
        return
    # The first answer: create the row (another request may be doing the same), then count.
    QuizTally.objects.bulk_create([QuizTally(statement=statement)], ignore_conflicts=True)
    QuizTally.objects.filter(pk=statement.pk).update(**increments)


def current_tally(statement):
    return QuizTally.objects.filter(pk=statement.pk).first()
