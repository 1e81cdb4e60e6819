"""An uploaded file on its way into a follow-up: checked in the background, previewed, committed.

The state lives in a database row rather than in the process that runs the check, so any web
process can show the progress and the preview, and a commit can claim the job with one
conditional UPDATE (two clicks on "Spara" store the records once).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from isu.web.followups.models import CodebookVersion, FollowUp


class ImportJob(models.Model):
    class Status(models.TextChoices):
        RUNNING = "kontrolleras", _("Kontrolleras")
        READY = "kontrollerad", _("Kontrollerad")
        FAILED = "misslyckad", _("Kunde inte läsas")
        SAVING = "sparas", _("Sparas")
        COMMITTED = "sparad", _("Sparad")
        EXPIRED = "utgangen", _("Utgången")

    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="import_jobs")
    version = models.ForeignKey(CodebookVersion, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Bumped with every progress step: a running job that stops moving has lost its thread.
    updated_at = models.DateTimeField(auto_now=True)
    file_name = models.CharField(max_length=255)  # masked like a log line
    file_size = models.PositiveBigIntegerField(default=0)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    stage = models.CharField(max_length=200, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    row_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    warning_count = models.PositiveIntegerField(default=0)
    # The first issues in reading order (row, column, value, message, severity); all of them
    # are in the Excel error report.
    issues = models.JSONField(default=list)
    failure = models.TextField(blank=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    committed_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("import")
        verbose_name_plural = _("importer")

    def __str__(self) -> str:
        return f"{self.followup} – {self.file_name}"

    def outcome(self) -> str:
        """The status as the user needs it: a checked file is either faulty or ready."""
        if self.status == self.Status.READY:
            return str(_("Har fel") if self.error_count else _("Klar att spara"))
        return str(self.get_status_display())

    @property
    def is_finished(self) -> bool:
        return self.status not in (self.Status.RUNNING, self.Status.SAVING)

    @property
    def can_commit(self) -> bool:
        return self.status == self.Status.READY and self.error_count == 0
