"""A follow-up, the codebook versions it has had, its records and their history.

Records keep the values exactly as :mod:`isu.ingest` validates them (category codes, ISO dates,
numbers; multiple choice as space-separated codes), keyed by variable, and point at the codebook
version they were collected with, so editing the codebook never makes old data unreadable.
No personnummer is ever stored: only the keyed pseudonym and what was derived from it.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from isu.codebook import Codebook
from isu.web.accounts.models import Unit


class Area(models.TextChoices):
    CHILDREN = "barn_och_unga", _("Barn och unga")
    ADULTS = "vuxna", _("Vuxna")
    ELDERLY = "aldre", _("Äldre")
    DISABILITY = "funktionsnedsattning", _("Funktionsnedsättning")
    OTHER = "annat", _("Annat")


class FollowUp(models.Model):
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="followups", verbose_name=_("verksamhet")
    )
    title = models.CharField(_("namn"), max_length=200)
    question = models.TextField(_("frågeställning"))
    area = models.CharField(_("område"), max_length=30, choices=Area.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Bumped by every change to the records or the codebook: the key of cached analyses.
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("uppföljning")
        verbose_name_plural = _("uppföljningar")

    def __str__(self) -> str:
        return self.title

    def current_version(self) -> "CodebookVersion":
        return self.versions.order_by("-number").first()  # type: ignore[return-value]

    def codebook(self) -> Codebook:
        return self.current_version().codebook()

    def touch(self) -> None:
        """Mark the data as changed (atomically, so concurrent saves never lose a bump)."""
        FollowUp.objects.filter(pk=self.pk).update(revision=F("revision") + 1)
        self.refresh_from_db(fields=["revision"])


class CodebookVersion(models.Model):
    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField()  # Codebook.to_dict()
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ("followup", "number")
        constraints = (
            models.UniqueConstraint(fields=("followup", "number"), name="codebook_version_unique"),
        )

    def __str__(self) -> str:
        return f"{self.followup} v{self.number}"

    def codebook(self) -> Codebook:
        return Codebook.from_dict(self.content)


class Record(models.Model):
    """One client at one occasion."""

    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="records")
    version = models.ForeignKey(CodebookVersion, on_delete=models.PROTECT, related_name="records")
    pseudonym = models.CharField(max_length=40, db_index=True)
    occasion = models.CharField(max_length=100)
    values: Any = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ("followup", "pseudonym", "occasion")
        constraints = (
            models.UniqueConstraint(
                fields=("followup", "pseudonym", "occasion"), name="record_client_occasion_unique"
            ),
        )

    def __str__(self) -> str:
        return f"{self.pseudonym} ({self.occasion})"


class RecordChange(models.Model):
    """Who changed what in a record, and when: ``changes`` maps variable → [old, new]."""

    class Kind(models.TextChoices):
        CREATED = "skapad", _("Skapad")
        EDITED = "andrad", _("Ändrad")
        IMPORTED = "importerad", _("Importerad")

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ("-at",)


# Defined in its own module (the import workflow) but part of this app's models.
from isu.web.followups.import_models import ImportJob  # noqa: E402, F401
