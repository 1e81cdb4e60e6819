"""Benjamini–Hochberg control of the false discovery rate."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from statsmodels.stats.multitest import multipletests

# --------------------------------------------------------------------------- multiplicity


def benjamini_hochberg(
    p_values: Sequence[float | None], alpha: float = 0.05
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """Benjamini–Hochberg adjusted p-values (q-values) and which hypotheses are rejected.

    Controls the false discovery rate at ``alpha`` across the many comparisons a report
    makes (Benjamini & Hochberg 1995, JRSS B 57:289–300), via statsmodels
    ``multipletests(method="fdr_bh")``. None (or NaN) entries, tests that could not be done,
    are left out of the adjustment and come back as NaN / not rejected.

    Returns
    -------
    q_values, rejected
        Arrays in the order of ``p_values``.
    """
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must lie strictly between 0 and 1, got {alpha!r}")
    raw = np.array([np.nan if p is None else float(p) for p in p_values], dtype=np.float64)
    present = ~np.isnan(raw)
    if np.any((raw[present] < 0.0) | (raw[present] > 1.0)):
        raise ValueError("p-values must lie in [0, 1]")
    q_values = np.full(raw.shape, np.nan, dtype=np.float64)
    rejected = np.zeros(raw.shape, dtype=np.bool_)
    if np.any(present):
        reject, adjusted, _, _ = multipletests(raw[present], alpha=alpha, method="fdr_bh")
        q_values[present] = adjusted
        rejected[present] = reject
    return q_values, rejected
