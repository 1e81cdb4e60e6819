"""``isu region``: export a municipality's aggregate package, and compare many packages.

``isu region export`` checks the data file like ``isu validate`` and writes one package;
``isu region import`` reads packages, refuses duplicates, altered files and mixed templates with
a message per file (exit code 1), and writes ``region.json``, ``region.xlsx`` and
``region.html``. ``isu demo --kommuner N`` uses :func:`write_demo_region`.
"""

from __future__ import annotations

import functools
import re
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from isu.cli_options import CodebookSource, DataFile, Threshold
from isu.i18n import _

if TYPE_CHECKING:
    from isu.region.analysis import RegionResult

region_app = typer.Typer(
    help=_("Regional jämförelse: aggregerade paket från kommuner, utan personuppgifter."),
    no_args_is_help=True,
)

USAGE_ERROR = 2
DATA_ERROR = 1


@region_app.command("export")
def export_command(
    data: DataFile,
    codebook: CodebookSource,
    kommun: Annotated[str, typer.Option("--kommun", help=_("Kommunens namn i paketet."))],
    period: Annotated[
        str, typer.Option("--period", help=_("Perioden uppgifterna gäller, t.ex. 2025."))
    ],
    out: Annotated[Path, typer.Option("--out", help=_("Paketfilen (.zip) som skrivs."))],
    threshold: Threshold = 5,
) -> None:
    """Exportera ett aggregerat paket: bara skyddade tabeller, inga personuppgifter."""
    from isu.cli import _analysable_records, _load_codebook, _write_atomically, console, errors
    from isu.region.export import build_package
    from isu.region.package_file import write_package

    if not kommun.strip() or not period.strip():
        errors.print(_("Ange kommunens namn med --kommun och perioden med --period."))
        raise typer.Exit(USAGE_ERROR)
    loaded = _load_codebook(codebook)
    records = _analysable_records(data, loaded, keep_valid_rows=False)
    package = build_package(
        records, loaded, municipality=kommun, period=period, threshold=threshold
    )
    _write_atomically(out, lambda path: write_package(package, path))
    hidden = sum(int(m.hidden.sum()) for t in package.tables for m in t.margins.values())
    console.print(
        _(
            "Paketet för {kommun} {period} skrevs till {path}: {tables} tabeller, {hidden} dolda "
            "värden, inga personuppgifter."
        ).format(
            kommun=package.municipality,
            period=package.period,
            path=out,
            tables=len(package.tables),
            hidden=hidden,
        )
    )


@region_app.command("import")
def import_command(
    packages: Annotated[list[Path], typer.Argument(help=_("Paketfilerna (.zip) att jämföra."))],
    out: Annotated[Path, typer.Option("--out", help=_("Mapp för resultaten."))],
    variable: Annotated[
        str | None,
        typer.Option(
            "--variable", help=_("Variabeln att jämföra (standard: det första beslutsutfallet).")
        ),
    ] = None,
    category: Annotated[
        str, typer.Option("--category", help=_("Svarsalternativet vars andel jämförs."))
    ] = "ja",
    occasion: Annotated[
        str | None,
        typer.Option("--occasion", help=_("Tillfället (standard: det första där den mäts).")),
    ] = None,
    reference: Annotated[
        Path | None,
        typer.Option("--reference", help=_("Referensvärden som CSV (t.ex. från Kolada).")),
    ] = None,
    kommun: Annotated[
        str | None,
        typer.Option("--kommun", help=_("Visa «Är det lika hos oss?» för denna kommun.")),
    ] = None,
) -> None:
    """Jämför kommunernas paket: andelar per kön, trattdiagram, skillnader och kriterier."""
    from isu.cli import console, errors
    from isu.region.analysis import ComparisonError, analyse_region, default_variable
    from isu.region.load import RegionError, load_region
    from isu.region.reference import ReferenceFileError, read_reference

    try:
        region = load_region(packages)
        loaded = read_reference(reference) if reference is not None else None
    except (RegionError, ReferenceFileError) as error:
        for problem in getattr(error, "problems", (str(error),)):
            errors.print(f"[red]{_('Fel')}:[/red] {problem}", highlight=False)
        errors.print(_("Inget har skrivits."))
        raise typer.Exit(DATA_ERROR) from None
    chosen = variable or default_variable(region)
    try:
        result = analyse_region(region, chosen, category, occasion=occasion, reference=loaded)
    except ComparisonError as error:
        errors.print(f"[red]{_('Fel')}:[/red] {error}", highlight=False)
        raise typer.Exit(USAGE_ERROR) from None
    if kommun is not None and kommun.strip().casefold() not in {
        m.casefold() for m in region.municipalities
    }:
        errors.print(_("Kommunen «{kommun}» finns inte bland paketen.").format(kommun=kommun))
        raise typer.Exit(USAGE_ERROR)
    written = _write_all(result, out)
    for finding in (*region.notes, *result.findings):
        console.print(f"• {finding}", highlight=False)
    if kommun is not None:
        index = [m.casefold() for m in region.municipalities].index(kommun.strip().casefold())
        console.print(_("[bold]Är det lika hos oss?[/bold]"))
        for text in result.local_findings[index]:
            console.print(f"• {text}", highlight=False)
    for path in written:
        console.print(_("Skrev {path}").format(path=path))


def _write_all(result: RegionResult, out: Path) -> list[Path]:
    """Render into a temporary folder beside *out*, then move the files in: nothing half-written."""
    from isu.report.region import write_region

    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out, prefix=".isu-region-"))
    try:
        written = write_region(result, staging)
        final = [out / path.name for path in written]
        for path, target in zip(written, final, strict=True):
            path.replace(target)
        return final
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def write_demo_region(out: Path, count: int, seed: int) -> None:
    """Packages of *count* demo municipalities in *out*, with their planted differences listed."""
    from isu.cli import _progress, _write_atomically, console
    from isu.demo.municipalities import municipalities
    from isu.region.demo import demo_package
    from isu.region.package_file import write_package

    found = municipalities(count, seed)
    out.mkdir(parents=True, exist_ok=True)
    table = Table(_("Paket"), _("Barn"), _("Inplanterad skillnad"))
    with _progress() as progress:
        task = progress.add_task(_("Skapar paket"), total=count)
        for municipality in found:
            package = demo_package(municipality, period="2025")
            path = out / f"{_slug(municipality.name)}.zip"
            _write_atomically(path, functools.partial(write_package, package))
            table.add_row(str(path), str(municipality.children), municipality.description)
            progress.update(task, advance=1)
    console.print(table)
    console.print(
        _("Nästa steg: isu region import {out}/*.zip --out {out}/jamforelse").format(out=out)
    )


def _slug(name: str) -> str:
    """A file name from a municipality's name: «Lilla Edet» becomes «lilla-edet»."""
    plain = name.casefold().translate(str.maketrans("åäöé", "aaoe"))
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
