"""The gap with every criterion held equal: a logistic regression and its average marginal
effect, fitted on counts per covariate pattern rather than on one row per client.

Outcome ~ group + every criterion (one indicator per level) is fitted as a binomial GLM on the
distinct patterns of group and criteria, with the number of events and clients in each. That is
the same likelihood as a logistic regression on the individual records (so the same estimates and
standard errors as statsmodels ``Logit``), but its size is the number of patterns, a few hundred,
not the number of records. The average marginal effect of the group — the mean over every client
of P(outcome | first group, own criteria) − P(outcome | second group, own criteria) — is the
adjusted gap in percentage points, with a delta-method interval (as ``Logit.get_margeff`` with
``at="overall", dummy=True``).

Levels whose clients all have the same outcome separate the data: their coefficient has no finite
estimate. Those clients carry no information about the group effect, and their predicted
difference is 0 in the limit of the fit, so they are left out of the fit and counted with a
difference of 0 in the average.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.stats import norm
from statsmodels.genmod.families import Binomial
from statsmodels.genmod.generalized_linear_model import GLM
from statsmodels.tools.sm_exceptions import ConvergenceWarning, PerfectSeparationWarning

from isu.analysis.criteria.stratified import Estimate

Codes = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
MIN_EVENTS_PER_PARAMETER = 5  # below this the model is not fitted
WARN_EVENTS_PER_PARAMETER = 10  # below this the result carries a caution (Peduzzi et al. 1996)
LARGE_COEFFICIENT = 15.0  # |log-odds| this large means the fit ran off to infinity


@dataclass(frozen=True)
class Adjusted:
    effect: Estimate  # average marginal effect of being in the first group
    n: int
    parameters: int
    events_per_parameter: float | None
    note: str  # "" when fitted cleanly; otherwise why not, or what to be careful about
    fitted: bool


def adjusted_gap(
    first: BoolArray,
    outcome: BoolArray,
    criteria: Sequence[tuple[Codes, int]],
    confidence: float = 0.95,
    *,
    weight: npt.NDArray[np.int64] | None = None,
) -> Adjusted:
    """The adjusted gap for clients in the first (``first``) or second group.

    *criteria* holds, per criterion variable, its level codes (0..levels-1, missing included as
    a level) and the number of levels, for the same clients. With *weight*, each element stands
    for that many clients with the same answers (a profile).
    """
    counts = np.ones(len(first), dtype=np.int64) if weight is None else weight
    n = int(counts.sum())
    none = Estimate(None, None, None, "logit_ame", confidence)
    informative = _informative(outcome, criteria, counts)
    patterns, events, totals = _patterns(
        first[informative],
        outcome[informative],
        [(c[informative], k) for c, k in criteria],
        counts[informative],
    )
    design = _design(patterns, [k for _c, k in criteria])
    parameters = design.shape[1]
    fewer = min(int(events.sum()), int((totals - events).sum()))
    epp = fewer / parameters if parameters else None
    if epp is None or epp < MIN_EVENTS_PER_PARAMETER or design.shape[0] <= parameters:
        return Adjusted(none, n, parameters, epp, "for_fa_handelser", False)
    fit = _fit(design, events, totals)
    if fit is None:
        return Adjusted(none, n, parameters, epp, "separation", False)
    effect = _average_marginal_effect(fit, design, totals, n, confidence)
    note = "fa_handelser" if epp < WARN_EVENTS_PER_PARAMETER else ""
    return Adjusted(effect, n, parameters, epp, note, True)


def _informative(
    outcome: BoolArray, criteria: Sequence[tuple[Codes, int]], weight: npt.NDArray[np.int64]
) -> BoolArray:
    """Clients outside every level whose clients all share one outcome."""
    keep = np.ones(len(outcome), dtype=bool)
    for codes, levels in criteria:
        index = codes * 2 + outcome
        counts = np.bincount(index, weights=weight, minlength=2 * levels).reshape(levels, 2)
        constant = (counts == 0).any(axis=1)
        keep &= ~constant[codes]
    return keep


def _patterns(
    first: BoolArray,
    outcome: BoolArray,
    criteria: Sequence[tuple[Codes, int]],
    weight: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Distinct (group, criteria…) rows with their events and totals."""
    key = first.astype(np.int64)
    for codes, levels in criteria:
        key = key * levels + codes
    distinct, inverse = np.unique(key, return_inverse=True)
    totals = np.bincount(inverse, weights=weight, minlength=len(distinct)).astype(np.float64)
    events = np.bincount(inverse, weights=weight * outcome, minlength=len(distinct)).astype(
        np.float64
    )
    columns = []
    for _codes, levels in reversed(criteria):
        columns.append(distinct % levels)
        distinct = distinct // levels
    columns.append(distinct)  # the group
    return np.column_stack(columns[::-1]).astype(np.int64), events, totals


def _design(patterns: npt.NDArray[np.int64], levels: Sequence[int]) -> npt.NDArray[np.float64]:
    """Intercept, group, and an indicator for every level present but the first present one,
    without indicators that others already determine (a question asked only when another was
    answered "ja" has a "not asked" level equal to that answer).

    Dependence is found on the small cross-product matrix X'X (the same rank as X), so the
    check costs the same for a hundred patterns as for a hundred thousand.
    """
    columns = [np.ones(len(patterns)), patterns[:, 0].astype(float)]
    for j in range(1, len(levels) + 1):
        present = np.unique(patterns[:, j])
        columns.extend((patterns[:, j] == level).astype(float) for level in present[1:])
    full = np.column_stack(columns)
    gram = full.T @ full
    kept: list[int] = []
    for column in range(full.shape[1]):
        trial = [*kept, column]
        if np.linalg.matrix_rank(gram[np.ix_(trial, trial)]) == len(trial):
            kept.append(column)
    return full[:, kept]


class _FullRankGLM(GLM):  # type: ignore[misc]
    """statsmodels' GLM, told the rank of a design that :func:`_design` made full-rank.

    GLM finds its model degrees of freedom by a singular value decomposition of the whole
    design (patterns × parameters), which took longer than the fit itself. Here they are the
    number of columns: :func:`_design` keeps only independent ones. The degrees of freedom
    enter neither the estimates nor, for the binomial family (whose scale is fixed at 1),
    their covariance.
    """

    def initialize(self) -> None:  # GLM.initialize without the decomposition
        self.df_model = self.exog.shape[1] - 1
        weights = self.freq_weights
        if weights is not None and weights.shape[0] == self.endog.shape[0]:
            self.wnobs = weights.sum()
        else:
            self.wnobs = self.exog.shape[0]
        self.df_resid = self.wnobs - self.df_model - 1


def _fit(
    design: npt.NDArray[np.float64],
    events: npt.NDArray[np.float64],
    totals: npt.NDArray[np.float64],
) -> Any:
    endog = np.column_stack([events, totals - events])
    with warnings.catch_warnings():
        warnings.simplefilter("error", PerfectSeparationWarning)
        warnings.simplefilter("error", ConvergenceWarning)
        warnings.simplefilter("error", RuntimeWarning)
        try:
            # Newton from zero: the log-likelihood is concave, and statsmodels' default
            # start (a few IRLS steps first) costs more than the iterations it saves.
            fit: Any = _FullRankGLM(endog, design, family=Binomial()).fit(
                method="newton", start_params=np.zeros(design.shape[1])
            )
        except (
            PerfectSeparationWarning,
            ConvergenceWarning,
            RuntimeWarning,
            np.linalg.LinAlgError,
        ):
            return None
    params = np.asarray(fit.params)
    if not np.all(np.isfinite(params)) or np.abs(params).max() > LARGE_COEFFICIENT:
        return None
    return fit


def _average_marginal_effect(
    fit: Any,
    design: npt.NDArray[np.float64],
    totals: npt.NDArray[np.float64],
    n: int,
    confidence: float,
) -> Estimate:
    params = np.asarray(fit.params)
    covariance = np.asarray(fit.cov_params())
    # Every pattern as if in the first group, and as if in the second: column 1 set to 1 or 0.
    group = design[:, 1]
    linear = design @ params
    p1 = 1 / (1 + np.exp(-(linear + (1 - group) * params[1])))
    p0 = 1 / (1 + np.exp(-(linear - group * params[1])))
    effect = float((totals * (p1 - p0)).sum() / n)
    slope1, slope0 = totals * p1 * (1 - p1), totals * p0 * (1 - p0)
    gradient = design.T @ (slope1 - slope0)
    gradient[1] = slope1.sum()  # d/d(group coefficient): 1 in the first, 0 in the second
    gradient /= n
    se = math.sqrt(max(float(gradient @ covariance @ gradient), 0.0))
    half = float(norm.ppf(0.5 + confidence / 2)) * se
    return Estimate(
        effect, max(-1.0, effect - half), min(1.0, effect + half), "logit_ame", confidence
    )
