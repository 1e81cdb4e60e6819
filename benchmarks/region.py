"""Regional comparison of 290 municipality packages (Sweden's number of municipalities).

Ours: read and verify every package (checksum, duplicates, template, unprotected counts), pool
the sex table of one variable by the suppression rules, compute shares, funnel limits, the
Mantel–Haenszel gap, «Är det lika hos oss?» for every municipality and the pooled criteria, and
write region.json, region.xlsx and region.html. Peer: read and parse the same packages and pool
the same table's counts with ``pandas.concat`` + ``groupby`` (no checks, no intervals, no
rendering): the floor any implementation pays for reading the files.

The packages are generated once (demo municipalities of 40 to 1,500 children, two processes)
and cached in ``benchmarks/.data/region-290``. Run: ./dev bench --only region.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from benchmarks.data import CACHE
from benchmarks.measure import _peak_mib

MUNICIPALITIES = 290
GOAL_SECONDS = 5.0
VARIABLE, CATEGORY = "beslut_insats", "ja"
TABLE = f"beslut/{VARIABLE}/kon"


def packages(count: int = MUNICIPALITIES) -> list[Path]:
    """The cached package files, generated on first use."""
    folder = CACHE / f"region-{count}"
    done = folder / ".complete"
    if not done.exists():
        from isu.demo.municipalities import municipalities

        folder.mkdir(parents=True, exist_ok=True)
        with ProcessPoolExecutor(max_workers=2) as pool:
            list(pool.map(_write, municipalities(count, seed=7), [folder] * count, chunksize=8))
        done.touch()
    return sorted(folder.glob("*.zip"))


def _write(municipality, folder: Path) -> None:  # type: ignore[no-untyped-def]
    from isu.region.demo import demo_package
    from isu.region.package_file import write_package

    name = f"{municipality.seed:05d}.zip"
    write_package(demo_package(municipality, period="2025"), folder / name)


def ours(paths: list[Path]) -> dict[str, float]:
    from isu.region.analysis import analyse_region
    from isu.region.load import load_region
    from isu.report.region import write_region

    region = load_region(paths)
    result = analyse_region(region, VARIABLE, CATEGORY)
    with tempfile.TemporaryDirectory() as out:
        write_region(result, Path(out))
    return {"left_out": float(len(result.comparison.pooled[0].left_out))}


def peer(paths: list[Path]) -> dict[str, float]:
    import pandas as pd

    frames = []
    for path in paths:
        with zipfile.ZipFile(path) as archive:
            head, *lines = archive.read("paket.jsonl").split(b"\n")
        header = json.loads(head)
        position, table = next((i, t) for i, t in enumerate(header["tabeller"]) if t["id"] == TABLE)
        margin = next(m for m in json.loads(lines[position]) if m["axlar"] == [0, 1])
        sexes, answers = (header["dimensioner"][key]["koder"] for key in table["dimensioner"])
        counts = pd.array(margin["antal"], dtype="Int64").reshape(len(sexes), len(answers))
        frame = pd.DataFrame(counts, index=sexes, columns=answers).stack()
        frames.append(frame.rename("antal").rename_axis(["kon", "svar"]).reset_index())
    pooled = pd.concat(frames).groupby(["kon", "svar"])["antal"].sum()
    shares = pooled / pooled.groupby(level="kon").transform("sum")
    return {"share": float(shares.loc[("kvinna", CATEGORY)])}


def _measure(task: str, folder: Path) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, "-m", "benchmarks.region", task, str(folder)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])  # type: ignore[no-any-return]


def run(repeat: int) -> None:
    """Alternate peer and ours *repeat* times, each in a fresh process; print the medians."""
    folder = packages()[0].parent
    runs: dict[str, list[dict[str, float]]] = {"peer": [], "ours": []}
    for _ in range(repeat):
        for task in ("peer", "ours"):
            runs[task].append(_measure(task, folder))
    mine = statistics.median(r["seconds"] for r in runs["ours"])
    theirs = statistics.median(r["seconds"] for r in runs["peer"])
    peak = statistics.median(r["peak_mib"] for r in runs["ours"])
    print(f"Regional comparison, {MUNICIPALITIES} packages, one variable ({VARIABLE}):")
    print(
        f"  ours (import, verify, pool, compare, criteria, json+xlsx+html): {mine:.2f} s, "
        f"peak {peak:.0f} MiB; goal <= {GOAL_SECONDS:.0f} s: "
        f"{'met' if mine <= GOAL_SECONDS else 'MISSED'}"
    )
    print(
        f"  pandas concat + groupby over the same table (read and parse only): {theirs:.2f} s; "
        f"ours takes {mine / theirs:.1f}x the peer's time"
    )


def main() -> None:
    task, folder = sys.argv[1], Path(sys.argv[2])
    paths = sorted(folder.glob("*.zip"))
    start = time.perf_counter()
    extra = {"ours": ours, "peer": peer}[task](paths)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "peak_mib": _peak_mib(), **extra}))


if __name__ == "__main__":
    main()
