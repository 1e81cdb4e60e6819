"""The aggregate package: what a municipality sends to the region.

A package holds only published tables: counts that passed disclosure control, with NaN where a
cell is hidden. It never holds records, pseudonyms or a hidden count, so nothing the region does
with it can reveal more than the municipality's own published tables would. How a package is
written to a file and sealed is :mod:`isu.region.package_file`.

>>> axis = Axis("juridiskt_kon", "Juridiskt kön", ("kvinna", "man"), ("Flicka", "Pojke"))
>>> axis.size
2
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["Axis", "Margin", "Margins", "Measure", "Package", "PackageTable"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Axis:
    """One dimension of a table: its level codes in order ("" is «Uppgift saknas»)."""

    key: str
    label: str
    codes: tuple[str, ...]
    labels: tuple[str, ...]

    @property
    def size(self) -> int:
        return len(self.codes)


@dataclass(frozen=True, eq=False)
class Margin:
    """One published margin of a table: counts with NaN where the cell is hidden."""

    dims: tuple[str, ...]
    values: FloatArray

    @property
    def hidden(self) -> npt.NDArray[np.bool_]:
        return np.isnan(self.values)


class Margins(Mapping[tuple[str, ...], Margin]):
    """The published margins of a table, made arrays on first use.

    A region reads hundreds of packages but looks at a few tables of each, so a package read
    from a file keeps each table's margins as the bytes they were stored as until one is asked
    for; they are parsed and their sizes checked then.
    """

    def __init__(self, axes: Sequence[Axis], stored: bytes | Callable[[], bytes]) -> None:
        self._axes = tuple(axes)
        self._stored = stored
        self._index: dict[tuple[str, ...], Mapping[str, Any]] | None = None
        self._arrays: dict[tuple[str, ...], Margin] = {}

    @classmethod
    def of(cls, margins: Mapping[tuple[str, ...], Margin]) -> Margins:
        made = cls((), b"")
        made._index = {dims: {} for dims in margins}
        made._arrays = dict(margins)
        return made

    def _stored_by_dims(self) -> dict[tuple[str, ...], Mapping[str, Any]]:
        if self._index is None:
            data = self._stored() if callable(self._stored) else self._stored
            keys = [a.key for a in self._axes]
            self._index = {tuple(keys[i] for i in m["axlar"]): m for m in json.loads(data)}
        return self._index

    def __getitem__(self, dims: tuple[str, ...]) -> Margin:
        if dims not in self._arrays:
            stored = self._stored_by_dims()[dims]
            shape = tuple(self._axes[i].size for i in stored["axlar"])
            values = np.array(stored["antal"], dtype=np.float64)  # None becomes NaN
            if values.size != math.prod(shape):
                raise ValueError(f"margin {dims!r} does not have {math.prod(shape)} counts")
            self._arrays[dims] = Margin(dims, values.reshape(shape))
        return self._arrays[dims]

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        return iter(self._stored_by_dims())

    def __len__(self) -> int:
        return len(self._stored_by_dims())

    def counts(self) -> FloatArray:
        """Every margin's counts in one flat array (NaN where hidden), for whole-table checks."""
        values = [self[dims].values.ravel() for dims in self]
        return np.concatenate(values) if values else np.zeros(0)


@dataclass(frozen=True, eq=False)
class PackageTable:
    """A disclosure-controlled cube: sex × variable, sex × background × variable, or for the
    criteria sex × criterion variable × outcome. ``margins`` are every published margin."""

    id: str
    kind: str  # "tabell" or "kriterium"
    occasion: str
    occasion_label: str
    variable: str  # key of the last axis: the variable (for a criterion cube: the outcome)
    axes: tuple[Axis, ...]
    margins: Margins
    criterion: str = ""  # for a criterion cube: which criterion (isu.codebook.Criterion value)

    def axis(self, key: str) -> Axis:
        return next(a for a in self.axes if a.key == key)

    def margin(self, *dims: str) -> Margin:
        return self.margins[tuple(dims)]


@dataclass(frozen=True)
class Measure:
    """A numeric measure by sex: count, sum and sum of squares, ``None`` where hidden."""

    id: str
    occasion: str
    variable: str
    label: str
    sexes: tuple[str, ...]
    moments: tuple[tuple[int, float, float] | None, ...]


@dataclass(frozen=True)
class Package:
    municipality: str
    period: str
    template: str
    template_version: str
    template_title: str
    threshold: int
    created: str
    tables: tuple[PackageTable, ...]
    measures: tuple[Measure, ...] = ()
    source: str = ""  # the file it was read from, for messages; not part of the content
    checked: bool = False  # read_package found no published count below the threshold

    @property
    def key(self) -> tuple[str, str, str]:
        """What makes a package unique in a region: municipality, period and template."""
        return (self.municipality.casefold(), self.period, self.template)

    @cached_property
    def _by_id(self) -> dict[str, PackageTable]:
        return {t.id: t for t in self.tables}

    def table(self, table_id: str) -> PackageTable | None:
        return self._by_id.get(table_id)
