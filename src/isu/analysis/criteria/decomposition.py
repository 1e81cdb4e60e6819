"""How much of a gap the criterion accounts for: Kitagawa's decomposition of a difference
between two rates into a composition part and a rate part.

The share with the outcome in a group is the sum over strata of the stratum's weight (its share
of the group) times the outcome rate in the stratum. The difference between two groups then
splits exactly into

* a **composition part**, Σ (w₁ₖ − w₂ₖ)·(r₁ₖ + r₂ₖ)/2 — the groups are spread differently over
  the criterion's levels (more girls assessed at high risk), and
* a **rate part**, Σ (r₁ₖ − r₂ₖ)·(w₁ₖ + w₂ₖ)/2 — within the same level the groups are treated
  differently,

(Kitagawa 1955, JASA 50:1168–1194; Das Gupta 1993, *Standardization and Decomposition of Rates*,
ch. 2, for two factors). A stratum that holds only one group has no rate to compare; the other
group's rate is used there, so it adds nothing to the rate part. The intervals come from a
seeded parametric bootstrap of each group's counts (multinomial over stratum × outcome), so
they are reproducible and need no normal approximation of a ratio.

>>> import numpy as np
>>> d = decompose(np.array([[8, 10], [2, 10]]), np.array([[4, 5], [3, 15]]))
>>> round(d.composition.estimate + d.rate.estimate, 6) == round(d.total, 6)
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from isu.analysis.criteria.stratified import Estimate

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
REPLICATES = 1000  # enough for 2.5 % and 97.5 % percentiles (Efron & Tibshirani 1993, ch. 13)
SEED = 20261130


@dataclass(frozen=True)
class Decomposition:
    total: float  # the raw difference, first group minus second
    composition: Estimate
    rate: Estimate
    method: str = "kitagawa"

    @property
    def explained_share(self) -> float | None:
        """The composition part as a share of the difference (None for a zero difference)."""
        if abs(self.total) < 1e-12 or self.composition.estimate is None:
            return None
        return self.composition.estimate / self.total


def parts(
    first: FloatArray, n_first: FloatArray, second: FloatArray, n_second: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Composition and rate parts for arrays of events and totals per stratum (last axis);
    leading axes are replicates."""
    size1 = n_first.sum(axis=-1, keepdims=True)
    size2 = n_second.sum(axis=-1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        w1, w2 = n_first / size1, n_second / size2
        r1, r2 = first / n_first, second / n_second
    r1, r2 = np.where(n_first > 0, r1, r2), np.where(n_second > 0, r2, r1)
    r1, r2 = np.nan_to_num(r1), np.nan_to_num(r2)  # a stratum empty in both groups
    composition = ((w1 - w2) * (r1 + r2) / 2).sum(axis=-1)
    rate = ((r1 - r2) * (w1 + w2) / 2).sum(axis=-1)
    return composition, rate


def decompose(first: IntArray, second: IntArray, confidence: float = 0.95) -> Decomposition:
    """Decompose the difference of the event shares of two groups over strata.

    *first* and *second* have shape (strata, 2): events and totals per stratum.
    """
    e1, n1 = first[:, 0].astype(float), first[:, 1].astype(float)
    e2, n2 = second[:, 0].astype(float), second[:, 1].astype(float)
    composition, rate = parts(e1, n1, e2, n2)
    total = float(e1.sum() / n1.sum() - e2.sum() / n2.sum())
    c_low, c_high, r_low, r_high = _bootstrap(first, second, confidence)
    return Decomposition(
        total,
        Estimate(float(composition), c_low, c_high, "kitagawa_bootstrap", confidence),
        Estimate(float(rate), r_low, r_high, "kitagawa_bootstrap", confidence),
    )


def _bootstrap(
    first: IntArray, second: IntArray, confidence: float
) -> tuple[float, float, float, float]:
    rng = np.random.default_rng(SEED)
    draws1, draws2 = _draw(rng, first), _draw(rng, second)
    k = first.shape[0]
    composition, rate = parts(
        draws1[:, :k], draws1[:, k:] + draws1[:, :k], draws2[:, :k], draws2[:, k:] + draws2[:, :k]
    )
    tail = (1 - confidence) / 2 * 100
    c_low, c_high = np.percentile(composition, [tail, 100 - tail])
    r_low, r_high = np.percentile(rate, [tail, 100 - tail])
    return float(c_low), float(c_high), float(r_low), float(r_high)


def _draw(rng: np.random.Generator, counts: IntArray) -> FloatArray:
    """Replicates of a group's cells: events in the first k columns, non-events in the next k."""
    cells = np.concatenate([counts[:, 0], counts[:, 1] - counts[:, 0]]).astype(float)
    size = int(cells.sum())
    return rng.multinomial(size, cells / size, size=REPLICATES).astype(float)
