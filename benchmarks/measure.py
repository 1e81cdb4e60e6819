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
    else:
        raise SystemExit(f"unknown task {task}")
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "peak_mib": _peak_mib(), **extra}))


if __name__ == "__main__":
    main()
