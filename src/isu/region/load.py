"""Read many packages into one region, refusing what cannot be compared.

Every problem is collected before anything is refused, so the user sees all of them at once:
a file that is not a package or was altered (checksum), two packages for the same municipality,
period and template, packages built on different templates, and a package that publishes a
count the disclosure control should have hidden (a sign it was not made by ISU's export).
Packages of the same template but different versions are compared table by table: a table whose
levels differ between versions is left out for the packages that differ, and said so.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from isu.i18n import _
from isu.region.package import Package
from isu.region.package_file import PackageError, read_package

__all__ = ["Region", "RegionError", "check_region", "load_region"]


class RegionError(ValueError):
    """Packages that cannot be compared; ``problems`` are Swedish sentences naming the files."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = tuple(problems)


@dataclass(frozen=True)
class Region:
    """Packages of one template, one per municipality and period, in the order given."""

    packages: tuple[Package, ...]
    notes: tuple[str, ...]  # Swedish: what the user should know, e.g. differing versions

    @property
    def template(self) -> str:
        return self.packages[0].template

    @property
    def template_title(self) -> str:
        return self.packages[0].template_title

    @property
    def municipalities(self) -> tuple[str, ...]:
        return tuple(p.municipality for p in self.packages)

    def package(self, municipality: str) -> Package:
        wanted = municipality.strip().casefold()
        for package in self.packages:
            if package.municipality.casefold() == wanted:
                return package
        raise KeyError(municipality)


def load_region(paths: Iterable[Path]) -> Region:
    """Read and check every package; raise :class:`RegionError` listing every problem."""
    packages, problems = [], []
    for path in paths:
        try:
            packages.append(read_package(path))
        except PackageError as error:
            problems.append(str(error))
    if problems:
        raise RegionError(problems)
    return check_region(packages)


def check_region(packages: Sequence[Package]) -> Region:
    """Refuse duplicates, mixed templates and unprotected counts; note differing versions."""
    if not packages:
        raise RegionError([_("Inga paket att jämföra.")])
    problems = [*_duplicates(packages), *_templates(packages), *_unprotected(packages)]
    if problems:
        raise RegionError(problems)
    versions = sorted({p.template_version for p in packages})
    notes = []
    if len(versions) > 1:
        notes.append(
            _(
                "Paketen bygger på olika versioner av mallen «{title}» ({versions}). Tabeller "
                "jämförs bara där svarsalternativen är desamma; annars lämnas kommunen utanför "
                "den tabellen och det sägs vid tabellen."
            ).format(title=packages[0].template_title, versions=", ".join(versions))
        )
    return Region(tuple(packages), tuple(notes))


def _duplicates(packages: Sequence[Package]) -> list[str]:
    seen: dict[tuple[str, str, str], Package] = {}
    problems = []
    for package in packages:
        earlier = seen.setdefault(package.key, package)
        if earlier is not package:
            problems.append(
                _(
                    "{file}: {municipality} {period} finns redan i {earlier} (samma kommun, "
                    "period och mall). Ta bort en av filerna."
                ).format(
                    file=_name(package),
                    municipality=package.municipality,
                    period=package.period,
                    earlier=_name(earlier),
                )
            )
    return problems


def _templates(packages: Sequence[Package]) -> list[str]:
    first = packages[0]
    return [
        _(
            "{file}: {municipality} bygger på mallen «{title}» ({template}) men {first_file} "
            "på «{first_title}» ({first_template}). Uppföljningar med olika mallar mäter olika "
            "saker och kan inte jämföras."
        ).format(
            file=_name(p),
            municipality=p.municipality,
            title=p.template_title,
            template=p.template,
            first_file=_name(first),
            first_title=first.template_title,
            first_template=first.template,
        )
        for p in packages
        if p.template != first.template
    ]


def _unprotected(packages: Sequence[Package]) -> list[str]:
    """A published count of 1 to threshold − 1 means the package was not disclosure-controlled.

    A package read from a file was checked as it was read (:mod:`isu.region.package_file`).
    """
    problems = []
    for package in packages:
        if package.checked:
            continue
        for table in package.tables:
            if _small(table.margins.counts(), package.threshold):
                problems.append(
                    _(
                        "{file}: tabellen {table} visar antal under {threshold} som skulle ha "
                        "dolts. Paketet kan inte användas; exportera det igen med ISU."
                    ).format(file=_name(package), table=table.id, threshold=package.threshold)
                )
                break
    return problems


def _small(values: np.ndarray, threshold: int) -> bool:
    shown = values[~np.isnan(values)]
    return bool(((shown >= 1) & (shown < threshold)).any())


def _name(package: Package) -> str:
    return package.source or package.municipality
