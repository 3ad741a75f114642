from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizConfig(AppConfig):
    """The "Fact or Fiction?" quiz: statements, answers and tallies."""

    name = "quiz"
    verbose_name = _("Fact or Fiction quiz")
