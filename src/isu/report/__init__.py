"""Reports of step 1: the same result as machine-readable JSON, an Excel workbook and a web page.

Each renderer takes a finished :class:`~isu.analysis.step1.Step1` result and a directory and
returns the path of the file it wrote. Renderers only format: every number they show is one the
analysis published, hidden values are shown as ``..``, and nothing is recomputed, so the three
formats always agree with each other and with the disclosure control.

>>> from isu.report import write_step1
>>> paths = write_step1(result, Path("ut"))  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from isu.analysis.step1 import Step1
from isu.i18n import _
from isu.report.step1_html import write_html
from isu.report.step1_json import to_dict, write_json
from isu.report.step1_xlsx import write_xlsx

__all__ = [
    "RENDERERS",
    "Renderer",
    "to_dict",
    "write_html",
    "write_json",
    "write_step1",
    "write_xlsx",
]

Renderer = Callable[[Step1, Path], Path]

RENDERERS: dict[str, Renderer] = {"json": write_json, "xlsx": write_xlsx, "html": write_html}


def write_step1(
    result: Step1, out_dir: Path, formats: Iterable[str] = ("json", "xlsx", "html")
) -> list[Path]:
    """Write *result* in each of *formats* into *out_dir*; return the paths in that order."""
    wanted = list(formats)
    unknown = [name for name in wanted if name not in RENDERERS]
    if unknown:
        raise ValueError(
            _("Okänt format: {unknown}. Välj bland: {known}.").format(
                unknown=", ".join(unknown), known=", ".join(RENDERERS)
            )
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    return [RENDERERS[name](result, out_dir) for name in wanted]
