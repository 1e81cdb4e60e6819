"""The clients of a criteria analysis reduced to their distinct profiles, with a count each.

A criteria analysis reads the outcome, the grouping variables and every criterion variable of the
clients at one occasion. Few of the possible combinations occur (about 80,000 among a million
decisions in the demo), so the rows are reduced once to the distinct combinations and how many
clients have each: a sparse cube. Every count, test and model of the analysis is then computed
from that table, and the analyses of one outcome (girls against boys, one background group
against the rest, …) share it instead of each passing over every record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from isu.analysis.frame import AnalysisFrame, Dimension, DimensionKind
from isu.codebook.criteria import criteria_for

Codes = npt.NDArray[np.int16]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
_KEY_LIMIT = 2**62  # a combined key beyond this would overflow int64


@dataclass(frozen=True)
class Profiles:
    """Distinct combinations of *keys* (codes, -1 for missing) and the clients sharing each."""

    outcome: str
    occasion: int
    codes: Mapping[str, Codes]
    weight: IntArray


def dimensions_of(frame: AnalysisFrame, keys: Iterable[str]) -> list[Dimension]:
    """The frame's dimensions of these variables: the variable itself, or one per option."""
    found = []
    for key in keys:
        if key in frame.dimensions:
            found.append(frame.dimensions[key])
        else:
            found.extend(
                d
                for d in frame.dimensions.values()
                if d.variable == key and d.kind is DimensionKind.OPTION
            )
    return found


def criterion_keys(frame: AnalysisFrame, outcome: str) -> list[str]:
    variable = frame.dimensions[outcome].variable
    found = criteria_for(frame.codebook, variable)
    return [d.key for c in found for d in dimensions_of(frame, [v.key for v in c.variables])]


def build(frame: AnalysisFrame, outcome: str, occasion: int, keys: Sequence[str]) -> Profiles:
    """The profiles of the clients at *occasion* who answered *outcome* ja or nej."""
    wanted = list(dict.fromkeys([outcome, *keys]))
    answered = (frame.codes[outcome] == 0) | (frame.codes[outcome] == 1)
    rows = np.flatnonzero(answered & (frame.occasion == occasion))
    columns = [frame.codes[key][rows] for key in wanted]
    sizes = [len(frame.dimensions[key]) + 1 for key in wanted]
    if np.prod(np.array(sizes, dtype=float)) < _KEY_LIMIT:
        combined = np.zeros(len(rows), dtype=np.int64)
        for column, size in zip(columns, sizes, strict=True):
            combined *= size
            combined += column.astype(np.int64) + 1  # -1 (missing) becomes 0
        distinct, weight = np.unique(combined, return_counts=True)
        codes: dict[str, Codes] = {}
        for key, size in zip(reversed(wanted), reversed(sizes), strict=True):
            codes[key] = (distinct % size - 1).astype(np.int16)
            distinct = distinct // size
    else:  # too many dimensions for one integer key: unique rows of the code matrix
        matrix = np.column_stack(columns) if columns else np.zeros((len(rows), 0), np.int16)
        unique_rows, weight = np.unique(matrix, axis=0, return_counts=True)
        codes = {key: unique_rows[:, i].astype(np.int16) for i, key in enumerate(wanted)}
    return Profiles(outcome, occasion, codes, weight.astype(np.int64))
