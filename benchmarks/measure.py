"""One measurement in a fresh process: ``python -m benchmarks.measure TASK PATH``.

Prints a JSON line with wall-clock seconds and the process's peak resident memory.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _step1(records, codebook):  # type: ignore[no-untyped-def]
    from isu.analysis import analyse_records

    result = analyse_records(records, codebook)
    return {"tables": len(result.tables), "observations": len(result.observations)}


def _share_tables(records, codebook):  # type: ignore[no-untyped-def]
    """The peers' workload: the share of every category of every analysed variable by sex and
    by sex x each background variable, at each occasion (the same tables step 1 publishes)."""
    from isu.analysis.disaggregate import ANALYSED_ROLES

    variables = [
        v.key
        for v in codebook.variables
        if v.role in ANALYSED_ROLES and v.type.has_categories and v.type.value != "select_multiple"
    ]
    backgrounds = ["fodelseland", "bostadsomrade", "inkomstniva", "utbildningsniva"]
    return records, variables, backgrounds


def _crosstab(records, codebook):  # type: ignore[no-untyped-def]
    import pandas as pd

    records, variables, backgrounds = _share_tables(records, codebook)
    tables = 0
    for _occasion, group in records.groupby("tillfalle", observed=True):
        for v in variables:
            pd.crosstab(group["juridiskt_kon"], group[v], normalize="index")
            tables += 1
            for b in backgrounds:
                pd.crosstab([group["juridiskt_kon"], group[b]], group[v], normalize="index")
                tables += 1
    return {"tables": tables}


def _metricframe(records, codebook):  # type: ignore[no-untyped-def]
    from fairlearn.metrics import MetricFrame

    records, variables, backgrounds = _share_tables(records, codebook)

    def share(y_true, y_pred):  # type: ignore[no-untyped-def]
        return y_true.mean()

    tables = 0
    for _occasion, group in records.groupby("tillfalle", observed=True):
        for v in variables:
            answered = group[group[v].notna()]
            if answered.empty:
                continue
            features = answered[["juridiskt_kon", *backgrounds]].astype("string").fillna("saknas")
            for code in answered[v].cat.categories:
                y = (answered[v] == code).to_numpy(dtype=float)
                MetricFrame(
                    metrics=share, y_true=y, y_pred=y, sensitive_features=features["juridiskt_kon"]
                )
                tables += 1
                for b in backgrounds:
                    MetricFrame(
                        metrics=share,
                        y_true=y,
                        y_pred=y,
                        sensitive_features=features[["juridiskt_kon", b]],
                    )
                    tables += 1
    return {"tables": tables}


STEP1_TASKS = {"step1": _step1, "pandas_crosstab": _crosstab, "fairlearn_metricframe": _metricframe}


def main() -> None:
    task, path = sys.argv[1], Path(sys.argv[2])
    import pandas as pd

    from isu.codebook import template
    from isu.ingest import read_table, validate_file

    codebook = template("barn_och_unga")
    key = b"b" * 32
    extra: dict[str, float] = {}
    start = time.perf_counter()
    if task == "pandas_read_csv":
        pd.read_csv(path, sep=";", encoding="utf-8-sig")
    elif task == "validate_csv":
        result = validate_file(path, codebook, key=key, max_bytes=2**40)
        extra["errors"] = len(result.errors)
    elif task == "pandas_read_excel":
        pd.read_excel(path, engine="calamine")
    elif task == "read_xlsx":
        read_table(path, max_bytes=2**40)
    elif task in STEP1_TASKS:
        records = pd.read_parquet(path)
        start = time.perf_counter()
        extra |= STEP1_TASKS[task](records, codebook)
    else:
        raise SystemExit(f"unknown task {task}")
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "peak_mib": _peak_mib(), **extra}))


if __name__ == "__main__":
    main()
