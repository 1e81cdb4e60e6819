"""The report's formats behind one registry: name → renderer, file name and media type.

Every renderer reads the same sections (:mod:`isu.report.document.content`), so the formats
agree; heavy libraries (WeasyPrint, python-docx, python-pptx) load only when their format is
asked for.

>>> paths = write_report(resolve(document, result), Path("ut"))  # doctest: +SKIP
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from isu.i18n import _
from isu.report.document.resolve import Report

__all__ = ["REPORT_FORMATS", "Progress", "ReportFormat", "render_report", "write_report"]


Progress = Callable[[int, int], None]  # (parts done, parts in all), called as a report is built


@dataclass(frozen=True)
class ReportFormat:
    render: Callable[[Report, Progress | None], bytes]
    file_name: str
    media_type: str
    label: str


def _pdf(report: Report, progress: Progress | None) -> bytes:
    from isu.report.document.pdf import render_pdf

    return render_pdf(report, progress)


def _docx(report: Report, progress: Progress | None) -> bytes:
    from isu.report.document.docx import render_docx

    return render_docx(report, progress)


def _xlsx(report: Report, progress: Progress | None) -> bytes:
    from isu.report.document.xlsx import render_xlsx

    return render_xlsx(report, progress)


def _pptx(report: Report, progress: Progress | None) -> bytes:
    from isu.report.document.pptx import render_pptx

    return render_pptx(report, progress)


OFFICE = "application/vnd.openxmlformats-officedocument"
REPORT_FORMATS: dict[str, ReportFormat] = {
    "pdf": ReportFormat(_pdf, "rapport.pdf", "application/pdf", _("Rapport (PDF)")),
    "docx": ReportFormat(
        _docx, "rapport.docx", f"{OFFICE}.wordprocessingml.document", _("Rapport (Word)")
    ),
    "xlsx": ReportFormat(
        _xlsx, "tabeller.xlsx", f"{OFFICE}.spreadsheetml.sheet", _("Tabeller (Excel)")
    ),
    "pptx": ReportFormat(
        _pptx,
        "presentation.pptx",
        f"{OFFICE}.presentationml.presentation",
        _("Bilder (PowerPoint)"),
    ),
}


def render_report(report: Report, name: str, progress: Progress | None = None) -> bytes:
    """The report in format *name*; *progress* hears how many of its parts are done."""
    try:
        chosen = REPORT_FORMATS[name]
    except KeyError:
        raise ValueError(
            _("Okänt format: {unknown}. Välj bland: {known}.").format(
                unknown=name, known=", ".join(REPORT_FORMATS)
            )
        ) from None
    return chosen.render(report, progress)


def write_report(
    report: Report, out_dir: Path, formats: Iterable[str] = tuple(REPORT_FORMATS)
) -> list[Path]:
    """Write each format into *out_dir*; each file appears whole or not at all."""
    wanted = list(formats)
    contents = [(REPORT_FORMATS[name].file_name, render_report(report, name)) for name in wanted]
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for file_name, content in contents:
        target = out_dir / file_name
        with tempfile.NamedTemporaryFile(dir=out_dir, prefix=f".{file_name}.", delete=False) as f:
            f.write(content)
        Path(f.name).replace(target)
        paths.append(target)
    return paths
