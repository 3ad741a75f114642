from django.db import models
from django.utils import timezone


class CacheGeneration(models.Model):
    """One row: the cache generation, moved on by every change a public page can show.

    It lives in the database so that it commits, or rolls back, with the change itself,
    and outlasts whatever happens to Redis (serving.generation).
    """

    number = models.BigIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)
    # The next moment content changes by itself (a role closing, an article dated ahead),
    # as found for generation `next_change_for`; None: no such moment.
    next_change_at = models.DateTimeField(null=True, blank=True)
    next_change_for = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "cache generation"

    def __str__(self):
        return f"generation {self.number}"
