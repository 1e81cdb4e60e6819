"""Organisations, units and memberships: the data behind every access decision."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """A municipality or a region: the body that owns units and their data."""

    class Kind(models.TextChoices):
        KOMMUN = "kommun", _("Kommun")
        REGION = "region", _("Region")

    name = models.CharField(_("namn"), max_length=200, unique=True)
    kind = models.CharField(_("typ"), max_length=10, choices=Kind.choices, default=Kind.KOMMUN)

    class Meta:
        ordering = ("name",)
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A unit (verksamhet) within an organisation; follow-ups and their data belong to one."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="units", verbose_name=_("organisation")
    )
    name = models.CharField(_("namn"), max_length=200)

    class Meta:
        ordering = ("name",)
        verbose_name = _("verksamhet")
        verbose_name_plural = _("verksamheter")
        constraints = (
            models.UniqueConstraint(fields=("organisation", "name"), name="unit_name_unique"),
        )

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """What a member may do in a unit; one role per user and unit."""

    REGISTRAR = "registrerare", _("Registrerare")
    ANALYST = "analytiker", _("Analytiker")
    ADMINISTRATOR = "administrator", _("Administratör")


class Membership(models.Model):
    """A user's role in one unit. Without a membership, the unit does not exist for the user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("användare"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("verksamhet")
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)

    class Meta:
        ordering = ("unit__name", "user__username")
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = (
            models.UniqueConstraint(fields=("user", "unit"), name="membership_user_unit_unique"),
        )

    def __str__(self) -> str:
        return f"{self.user} – {self.unit} ({self.get_role_display()})"


class LoginFailure(models.Model):
    """One failed log-in, kept only as long as it counts towards a lock-out.

    The attempted user name is stored as a keyed hash: people sometimes type their password
    into the user name field, and it must not end up in the database in plain text.
    """

    username_hash = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("misslyckad inloggning")
        verbose_name_plural = _("misslyckade inloggningar")
