"""A regional comparison and the packages stored in it.

A comparison belongs to an organisation (a region, or a municipality that compares itself with
others), which may share it with the municipalities whose packages it holds: they read it, with
«Är det lika hos oss?» for themselves, but only the owner changes it. Its packages are stored as the file bytes the municipality sent, in the database, so a
package and its row are saved or rolled back together; every read goes through the library's
check again (:func:`isu.region.read_package_bytes`), so a package altered in the database is
refused like an altered file. A package holds aggregated, disclosure-controlled tables only.
"""

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from isu.region import (
    Package,
    PackageError,
    Region,
    RegionError,
    check_region,
    package_digest,
    read_package_bytes,
)
from isu.region.reference import Reference, reference_from_bytes
from isu.web.accounts.models import Organisation


class Comparison(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="comparisons",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("namn"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revision = models.PositiveIntegerField(default=0)  # bumped when packages come or go
    shared_with = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="shared_comparisons",
        verbose_name=_("delad med"),
    )

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("regional jämförelse")
        verbose_name_plural = _("regionala jämförelser")

    def __str__(self) -> str:
        return self.title

    def region(self) -> Region:
        """The stored packages, read and checked by the library (RegionError when none)."""
        return check_region([p.package() for p in self.packages.all()])

    def add_files(self, files: Sequence[tuple[str, bytes]], user: Any) -> "Added":
        """Check each file with the library against the stored packages and the files before
        it; store the accepted ones in one transaction. Refused files get the library's
        Swedish message, one or more per file."""
        known = [p.package() for p in self.packages.all()]
        accepted: list[tuple[str, bytes, Package]] = []
        refused: list[str] = []
        for name, data in files:
            try:
                package = read_package_bytes(data, name)
                check_region([*known, package])  # problems can only concern the new file
            except PackageError as error:
                refused.append(str(error))
                continue
            except RegionError as error:
                refused.extend(error.problems)
                continue
            known.append(package)
            accepted.append((name, data, package))
        with transaction.atomic():
            stored = [
                ComparisonPackage.objects.create(
                    comparison=self,
                    municipality=package.municipality,
                    municipality_key=package.municipality.casefold(),
                    period=package.period,
                    template=package.template,
                    template_version=package.template_version,
                    template_title=package.template_title,
                    checksum=package_digest(data),
                    file_name=name[:200],
                    size=len(data),
                    content=data,
                    uploaded_by=user,
                )
                for name, data, package in accepted
            ]
            if stored:
                self.touch()
        return Added(stored, refused)

    def share_candidates(self) -> list[Organisation]:
        """Municipalities of this installation that may read the comparison: those whose name is
        a municipality of a stored package, and those it is already shared with (so a share
        outlives the removal of a package and can still be withdrawn)."""
        keys = set(self.packages.values_list("municipality_key", flat=True))
        shared = set(self.shared_with.values_list("pk", flat=True))
        municipalities = Organisation.objects.filter(kind=Organisation.Kind.KOMMUN).exclude(
            pk=self.organisation_id
        )
        return [o for o in municipalities if o.name.casefold() in keys or o.pk in shared]

    def touch(self) -> None:
        Comparison.objects.filter(pk=self.pk).update(revision=F("revision") + 1)
        self.refresh_from_db(fields=["revision"])


class Added:
    """What :meth:`Comparison.add_files` stored and the messages of what it refused."""

    def __init__(self, stored: list["ComparisonPackage"], refused: list[str]) -> None:
        self.stored = stored
        self.refused = refused


class ComparisonPackage(models.Model):
    comparison = models.ForeignKey(Comparison, on_delete=models.CASCADE, related_name="packages")
    municipality = models.CharField(_("kommun"), max_length=200)
    municipality_key = models.CharField(max_length=200)  # casefolded: «ale» is «Ale»
    period = models.CharField(_("period"), max_length=100)
    template = models.CharField(_("mall"), max_length=100)
    template_version = models.CharField(max_length=50)
    template_title = models.CharField(max_length=200)
    checksum = models.CharField(_("kontrollsumma (SHA-256)"), max_length=64)
    file_name = models.CharField(_("fil"), max_length=200)
    size = models.PositiveIntegerField()
    content = models.BinaryField()  # the package file as sent: a zip of tables and checksum
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ("municipality_key", "period")
        verbose_name = _("regionpaket")
        verbose_name_plural = _("regionpaket")
        constraints = (
            models.UniqueConstraint(
                fields=("comparison", "municipality_key", "period", "template"),
                name="comparison_package_unique",
            ),
        )

    def __str__(self) -> str:
        return f"{self.municipality} {self.period}"

    def package(self) -> Package:
        return read_package_bytes(bytes(self.content), self.file_name)


def logged_checksum(digest: str) -> str:
    """The SHA-256 in groups of eight («1a9d1b56:47fd4f62:…») for the audit log, whose mask for
    personnummer-like digit runs would otherwise hide parts of a hexadecimal checksum."""
    return ":".join(digest[i : i + 8] for i in range(0, len(digest), 8))


class ComparisonReference(models.Model):
    """Reference figures from outside (Kolada, Öppna jämförelser) for one indicator: shown
    beside the region's share when that occasion, variable and answer are compared."""

    comparison = models.ForeignKey(Comparison, on_delete=models.CASCADE, related_name="references")
    occasion = models.CharField(max_length=100)
    variable = models.CharField(max_length=100)
    category = models.CharField(max_length=100)
    file_name = models.CharField(_("fil"), max_length=200)
    content = models.BinaryField()  # the CSV as sent; read again by the library on every view
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ("uploaded_at", "pk")
        verbose_name = _("referensvärden")
        verbose_name_plural = _("referensvärden")

    def __str__(self) -> str:
        return self.file_name

    def reference(self) -> Reference:
        return reference_from_bytes(bytes(self.content), self.file_name)


def references_for(comparison: Comparison, occasion: str, variable: str, category: str) -> Any:
    return comparison.references.filter(occasion=occasion, variable=variable, category=category)


def combined_reference(references: Sequence[ComparisonReference]) -> Reference | None:
    """The values of every reference file for one indicator, as one table (None: no file)."""
    if not references:
        return None
    tables = [r.reference() for r in references]
    return Reference(
        ", ".join(t.source for t in tables), tuple(v for t in tables for v in t.values)
    )
