"""Audit events: append-only rows, one per thing worth answering for."""

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from isu.web.accounts.models import Membership, Organisation, Unit
from isu.web.audit.actions import OBJECT_TYPE_LABELS, Action


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def for_organisation(self, organisation: Organisation) -> "QuerySet[AuditEvent]":
        """Events in *organisation*, plus session events (log-in, log-out) of its members.

        Session events belong to no organisation, since one person may work for several;
        each of their organisations' administrators can see them.
        """
        members = Membership.objects.filter(unit__organisation=organisation).values("user_id")
        return self.filter(
            Q(organisation=organisation) | Q(organisation__isnull=True, user_id__in=members)
        )


class AuditEvent(models.Model):
    """Something a user did, with enough context to answer who, what, where and when.

    ``user`` is kept as a name too, so the log still says who after a user is deleted.
    ``detail`` never holds a personnummer (it is masked on the way in).
    """

    at = models.DateTimeField(_("tidpunkt"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("användare"),
    )
    username = models.CharField(_("användarnamn"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("händelse"), max_length=30, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("objekttyp"), max_length=50, blank=True)
    object_id = models.CharField(_("objekt-id"), max_length=64, blank=True)
    detail = models.JSONField(_("detaljer"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ("-at", "-pk")
        verbose_name = _("händelse")
        verbose_name_plural = _("händelser")

    @property
    def object_type_display(self) -> str:
        return str(OBJECT_TYPE_LABELS.get(self.object_type, self.object_type))

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()}"
