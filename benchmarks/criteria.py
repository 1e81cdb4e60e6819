"""Criteria analysis on many records: ours (counts by bincount, a grouped logit) against the same
analysis with statsmodels on the microdata (pandas.crosstab + StratifiedTable per criterion
variable, Logit on one row per client with get_margeff). Run: ./dev bench --only criteria."""

from __future__ import annotations

import argparse
import io
import time

import numpy as np
import pandas as pd
import statsmodels.api as sm
from statsmodels.stats.contingency_tables import StratifiedTable

from isu.analysis import prepare
from isu.analysis.criteria import analyse_criteria, sex_contrast
from isu.codebook.criteria import criteria_for
from isu.demo import generate
from isu.ingest import validate_file

OUTCOME = "beslut_insats"


def frame_of(children: int):  # type: ignore[no-untyped-def]
    data = generate(children=children, seed=1)
    buffer = io.BytesIO()
    data.records.to_csv(buffer, sep=";", index=False)
    validated = validate_file(buffer.getvalue(), data.codebook, key=b"b" * 32, max_bytes=1 << 34)
    return prepare(validated.records, data.codebook)


def peer(frame) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    rows = (frame.occasion == 0) & np.isin(frame.codes[OUTCOME], [0, 1])
    table = pd.DataFrame({k: frame.codes[k][rows] for k in frame.codes})
    y = (table[OUTCOME] == 0).astype(float)
    girl = (table["juridiskt_kon"] == 0).astype(float)
    keep = table["juridiskt_kon"] >= 0
    keys = [
        d.key
        for c in criteria_for(frame.codebook, OUTCOME)
        for v in c.variables
        for d in frame.dimensions.values()
        if d.variable == v.key
    ]
    for key in keys:
        cube = pd.crosstab([table[key][keep], girl[keep]], y[keep])
        tables = [
            cube.xs(level, level=0).reindex(index=[1.0, 0.0], columns=[1.0, 0.0], fill_value=0)
            for level in cube.index.get_level_values(0).unique()
        ]
        tables = [t.to_numpy() for t in tables if (t.to_numpy().sum(axis=1) > 0).all()]
        if tables:
            result = StratifiedTable(np.stack(tables, axis=-1).astype(float))
            result.oddsratio_pooled_confint()
            result.test_equal_odds()
    dummies = pd.get_dummies(table.loc[keep, keys].astype("category"), drop_first=True)
    exog = sm.add_constant(pd.concat([girl[keep], dummies], axis=1).astype(float))
    exog = exog.loc[:, exog.std() > 0]
    exog.insert(1, "girl", exog.pop("juridiskt_kon") if "juridiskt_kon" in exog else girl[keep])
    sm.Logit(y[keep], exog).fit(disp=0, method="newton", maxiter=50).get_margeff(
        at="overall", dummy=True
    )
    return time.perf_counter() - start


def ours(frame) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    analyse_criteria(frame, OUTCOME, sex_contrast())
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--children", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    run(args.children, args.repeat)


def run(children: int, repeat: int) -> None:
    """Alternate peer and ours *repeat* times on one frame of *children* decisions; medians."""
    frame = frame_of(children)
    n = int(((frame.occasion == 0) & np.isin(frame.codes[OUTCOME], [0, 1])).sum())
    times = {"ours": [], "peer": []}
    for _ in range(repeat):
        times["peer"].append(peer(frame))
        times["ours"].append(ours(frame))
    mine, theirs = float(np.median(times["ours"])), float(np.median(times["peer"]))
    print(f"criteria analysis, {n:,} decisions, three criteria (14 variables):")
    print(
        f"  ours {mine:.2f} s (goal <= 1 s); statsmodels on microdata {theirs:.2f} s; "
        f"ratio {theirs / mine:.1f}x (goal >= 3x)"
    )


if __name__ == "__main__":
    main()
