from django.db import models


class MirrorChange(models.Model):
    """An address the mirror must render again, or everything (edge.mirror): written when
    a change commits, applied and deleted by the mirror's worker."""

    path = models.CharField(max_length=2048, blank=True)
    everything = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "mirror change"

    def __str__(self):
        return "everything" if self.everything else self.path
