"""Renderers of the regional comparison, behind one registry like step 1's.

>>> from isu.report.region import REGION_RENDERERS
>>> sorted(REGION_RENDERERS)
['html', 'json', 'xlsx']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from isu.region.analysis import RegionResult
from isu.report.region_html import write_region_html
from isu.report.region_json import write_region_json
from isu.report.region_xlsx import write_region_xlsx

__all__ = ["REGION_RENDERERS", "write_region"]

REGION_RENDERERS: dict[str, Callable[[RegionResult, Path], Path]] = {
    "json": write_region_json,
    "xlsx": write_region_xlsx,
    "html": write_region_html,
}


def write_region(
    result: RegionResult, out_dir: Path, formats: Iterable[str] = ("json", "xlsx", "html")
) -> list[Path]:
    """Write *result* in each of *formats* into *out_dir*; return the paths in that order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return [REGION_RENDERERS[name](result, out_dir) for name in formats]
