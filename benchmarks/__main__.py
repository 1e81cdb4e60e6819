"""Run every benchmark and print the figures against their goals and peers.

Each measurement runs in its own Python process, so its peak memory is its own.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

from benchmarks import data

GOALS = {
    "validate_csv": {"seconds": 15.0, "peak_mib": 2048.0, "ratio_to_peer": 3.0},
    "read_xlsx": {"seconds": 10.0},
}


def measure_once(task: str, path: Path) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, "-m", "benchmarks.measure", task, str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])  # type: ignore[no-any-return]


def compare(
    peer: str, ours: str, path: Path, repeat: int
) -> tuple[dict[str, float], dict[str, float]]:
    """Alternate peer and ours *repeat* times and keep the medians, so that a noisy neighbour
    on a shared machine hits both alike."""
    runs: dict[str, list[dict[str, float]]] = {peer: [], ours: []}
    for _ in range(repeat):
        for task in (peer, ours):
            runs[task].append(measure_once(task, path))
    return _median(runs[peer]), _median(runs[ours])


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows in the CSV benchmark")
    parser.add_argument("--xlsx-rows", type=int, default=200_000, help="rows in the XLSX benchmark")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each task; medians are shown"
    )
    args = parser.parse_args()
    print(f"Medians of {args.repeat} alternating runs of each task.")

    csv_path = data.csv_file(args.rows)
    peer, ours = compare("pandas_read_csv", "validate_csv", csv_path, args.repeat)
    ratio = ours["seconds"] / peer["seconds"]
    goal = GOALS["validate_csv"]
    print(
        f"Validate CSV, {args.rows:,} rows x {data.N_VARIABLES} variables ({csv_path.stat().st_size / 2**20:.0f} MiB)"
    )
    print(f"  pandas.read_csv (peer): {peer['seconds']:6.2f} s, peak {peer['peak_mib']:6.0f} MiB")
    print(
        f"  isu validate_file:      {ours['seconds']:6.2f} s, peak {ours['peak_mib']:6.0f} MiB, {ours['errors']:.0f} errors"
    )
    print(
        f"  ratio to peer: {ratio:.2f}x (goal <= {goal['ratio_to_peer']}x); "
        f"time goal <= {goal['seconds']} s: {'met' if ours['seconds'] <= goal['seconds'] else 'MISSED'}; "
        f"memory goal <= {goal['peak_mib']:.0f} MiB: {'met' if ours['peak_mib'] <= goal['peak_mib'] else 'MISSED'}"
    )

    xlsx_path = data.xlsx_file(args.xlsx_rows)
    peer, ours = compare("pandas_read_excel", "read_xlsx", xlsx_path, args.repeat)
    print(f"Read XLSX, {args.xlsx_rows:,} rows x {data.N_VARIABLES} variables")
    print(
        f"  pandas.read_excel(engine='calamine') (peer): {peer['seconds']:6.2f} s, peak {peer['peak_mib']:6.0f} MiB"
    )
    print(
        f"  isu read_table:                             {ours['seconds']:6.2f} s, peak {ours['peak_mib']:6.0f} MiB"
    )
    print(
        f"  ratio to peer: {ours['seconds'] / peer['seconds']:.2f}x; time goal <= {GOALS['read_xlsx']['seconds']} s: "
        f"{'met' if ours['seconds'] <= GOALS['read_xlsx']['seconds'] else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
