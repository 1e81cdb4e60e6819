"""A report of an analysis being built: rendered in the background, then downloaded.

The state lives in a database row, so any web process can show the progress; the file itself
waits in ``DATA_DIR/exports`` until it is older than a day.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from isu.web.analyses.models import Analysis, name_of


class ExportJob(models.Model):
    class Status(models.TextChoices):
        WAITING = "vantar", _("Väntar")
        RUNNING = "skapas", _("Skapas")
        READY = "klar", _("Klar")
        FAILED = "misslyckad", _("Misslyckades")

    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="exports")
    format = models.CharField(max_length=10)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.WAITING)
    failure = models.TextField(blank=True)
    size = models.PositiveBigIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)  # parts of the report built so far …
    parts = models.PositiveIntegerField(default=0)  # … of this many (0 until it starts)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"{self.analysis} ({self.format})"

    @property
    def author_name(self) -> str:
        return name_of(self.created_by)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.parts) if self.parts else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FAILED)
