"""Bands for numeric background variables, so that age or income can be crossed with sex.

Age bands follow the groupings Swedish social-services statistics use: for children 0–6
(pre-school), 7–12 and 13–17, the ages at which the child's own participation changes (see
the appendix of the Analysstöd: children over 15 consent themselves); for adults 18–24, 25–44,
45–64, 65–79 and 80 or older. Other numeric background variables (income, for instance) are
cut at their quartiles, with the cut points in the label, because no fixed scale fits every unit.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from isu.i18n import _


@dataclass(frozen=True)
class Band:
    """Values ``low <= x < high``; ``high`` is ``inf`` for the last band."""

    code: str
    label: str
    low: float
    high: float


CHILD_AGE_LIMITS = (0, 7, 13, 18)
ADULT_AGE_LIMITS = (18, 25, 45, 65, 80)
CHILD_AGE_MAX = 20  # data with nobody older than this are about children


def age_bands(ages: npt.NDArray[np.float64]) -> tuple[Band, ...]:
    """Child bands when nobody is older than 20, adult bands otherwise; both when mixed."""
    known = ages[~np.isnan(ages)]
    oldest = float(known.max()) if known.size else 0.0
    youngest = float(known.min()) if known.size else 0.0
    limits: tuple[float, ...]
    if oldest <= CHILD_AGE_MAX:
        limits = (*CHILD_AGE_LIMITS, np.inf) if oldest >= 18 else CHILD_AGE_LIMITS
    elif youngest >= 18:
        limits = (*ADULT_AGE_LIMITS, np.inf)
    else:
        limits = (*CHILD_AGE_LIMITS, *ADULT_AGE_LIMITS[1:], np.inf)
    return tuple(_age_band(low, high) for low, high in itertools.pairwise(limits))


def _age_band(low: float, high: float) -> Band:
    if np.isinf(high):
        return Band(f"{low:g}+", _("{low} år eller äldre").format(low=f"{low:g}"), low, high)
    label = _("{low}–{high} år").format(low=f"{low:g}", high=f"{high - 1:g}")
    return Band(f"{low:g}-{high - 1:g}", label, low, high)


def quantile_bands(values: npt.NDArray[np.float64], parts: int = 4) -> tuple[Band, ...]:
    """Bands at the quantiles of the data (duplicate cut points merged)."""
    known = values[~np.isnan(values)]
    if known.size == 0:
        return ()
    cuts = np.unique(np.quantile(known, np.linspace(0, 1, parts + 1)[1:-1]))
    limits = [-np.inf, *cuts.tolist(), np.inf]
    bands = []
    for i, (low, high) in enumerate(itertools.pairwise(limits)):
        if np.isinf(low):
            label = _("under {high}").format(high=f"{high:g}")
        elif np.isinf(high):
            label = _("{low} eller mer").format(low=f"{low:g}")
        else:
            label = _("{low} till under {high}").format(low=f"{low:g}", high=f"{high:g}")
        bands.append(Band(f"q{i + 1}", label, low, high))
    return tuple(bands)


def band_codes(values: npt.NDArray[np.float64], bands: tuple[Band, ...]) -> npt.NDArray[np.int16]:
    """Index of the band each value falls in; -1 for missing values and values below the first."""
    if not bands:
        return np.full(len(values), -1, dtype=np.int16)
    edges = np.array([b.low for b in bands] + [bands[-1].high])
    index = np.searchsorted(edges, values, side="right") - 1
    outside = np.isnan(values) | (index < 0) | (index >= len(bands))
    return np.where(outside, -1, index).astype(np.int16)
