"""The ``isu`` command: demo data, Excel templates and validation from the terminal.

Exit codes: 0 when the data are valid, 1 when the data have errors, 2 on usage errors (an
unknown option, a codebook that cannot be read).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from isu.cli_options import CodebookSource, DataFile, Threshold
from isu.cli_region import region_app, write_demo_region
from isu.cli_swedish import usage_error, use_swedish_help
from isu.codebook import (
    LEGAL_SEX,
    OCCASION,
    TEMPLATES,
    Codebook,
    CodebookError,
    read_xlsform,
    template,
    write_xlsform,
)
from isu.i18n import _
from isu.ingest import (
    ImportBlocked,
    IngestError,
    ValidationResult,
    validate_file,
    write_error_report,
    write_template,
)

if TYPE_CHECKING:
    import pandas as pd

    from isu.analysis.criteria import Contrast

app = typer.Typer(
    help=_("ISU – individbaserad systematisk uppföljning med jämställdhet inbyggd."),
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(region_app, name="region")
console = Console()
errors = Console(stderr=True)

USAGE_ERROR = 2
DATA_ERROR = 1


def main() -> None:
    """Entry point of the ``isu`` command: the typer app with Swedish usage errors."""
    use_swedish_help()
    try:
        code = app(prog_name="isu", standalone_mode=False)
    except typer.Abort:
        errors.print(_("Avbrutet."))
        raise SystemExit(130) from None
    except typer.TyperException as error:
        if type(error).__name__ == "NoArgsIsHelpError":
            console.print(error.ctx.get_help())  # type: ignore[attr-defined]
        else:
            errors.print(f"[red]{_('Fel')}:[/red] {usage_error(error)}", highlight=False)
        raise SystemExit(USAGE_ERROR) from None
    raise SystemExit(code or 0)


def _load_codebook(source: str) -> Codebook:
    """A built-in template by name, or an XLSForm workbook by path."""
    if source in TEMPLATES:
        return template(source)
    path = Path(source)
    if not path.exists():
        errors.print(
            _(
                "Kodboken '{source}' finns inte. Ange en sökväg till en arbetsbok eller en av mallarna: {names}."
            ).format(source=source, names=", ".join(TEMPLATES))
        )
        raise typer.Exit(USAGE_ERROR)
    try:
        return read_xlsform(path)
    except CodebookError as error:
        errors.print(_("Kodboken kan inte användas:"))
        for problem in error.problems:
            errors.print(f"  • {problem}")
        raise typer.Exit(USAGE_ERROR) from None


@app.command("demo")
def demo_command(
    out: Annotated[Path, typer.Option("--out", help=_("Mappen där demodata skrivs."))],
    rows: Annotated[
        int | None,
        typer.Option("--rows", min=1, help=_("Antal rader (standard: alla rader för 600 barn).")),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help=_("Slumpfrö: samma frö ger samma data."))] = 0,
    kommuner: Annotated[
        int | None,
        typer.Option(
            "--kommuner",
            min=1,
            help=_("Skapa i stället regionpaket för så många syntetiska kommuner."),
        ),
    ] = None,
) -> None:
    """Skapa en syntetisk uppföljning inom barn och unga med kända, inplanterade skillnader."""
    from isu.demo import generate, write_demo
    from isu.report.document.demo import DEMO_SEED, demo_path

    if kommuner is not None:
        write_demo_region(out, kommuner, seed)
        return

    with console.status(_("Skapar demodata …")):
        data = generate(children=max(rows or 0, 600), seed=seed, max_rows=rows)
        paths = write_demo(data, out)
        paths["mall"] = out / "mall.xlsx"
        _write_atomically(paths["mall"], lambda path: write_template(data.codebook, path))
        if seed == DEMO_SEED:
            paths["analys"] = out / "analys.yaml"
            shutil.copyfile(demo_path(), paths["analys"])
    table = Table(_("Fil"), _("Innehåll"))
    for name, description in (
        ("kodbok", _("kodboken som XLSForm-arbetsbok (redigera i Excel)")),
        ("mall", _("tom Excelmall att fylla i")),
        ("data_xlsx", _("demodata som Excel")),
        ("data_csv", _("demodata som CSV (semikolon, UTF-8)")),
        ("effekter", _("de inplanterade skillnaderna")),
        ("analys", _("en färdig analys i fyra steg, till isu rapport")),
    ):
        if name in paths:
            table.add_row(str(paths[name]), description)
    console.print(table)
    result = _validate_with_progress(paths["data_xlsx"], data.codebook)
    _print_issues(result)
    _print_by_sex(result)
    console.print(_("[bold]Inplanterade skillnader[/bold] (facit för analysen):"))
    for effect in data.effects:
        console.print(f"  • {effect.description} [dim]({effect.verdict})[/dim]")
    console.print(
        _("Nästa steg: isu validate {data} --codebook {codebook} --errors fel.xlsx").format(
            data=paths["data_xlsx"], codebook=paths["kodbok"]
        )
    )


def _print_by_sex(result: ValidationResult) -> None:
    """Records per occasion and legal sex: the first disaggregation every follow-up needs."""
    records = result.valid_records()
    codebook = result.codebook
    if OCCASION not in records or LEGAL_SEX not in records:
        return
    counts = records.groupby([OCCASION, LEGAL_SEX], observed=True).size().unstack(fill_value=0)
    sex = codebook[LEGAL_SEX]
    table = Table(
        _("Tillfälle"),
        *(sex.label_of(code) for code in counts.columns),
        title=_("Antal poster per kön"),
    )
    occasion = codebook[OCCASION]
    for code, row in counts.iterrows():
        table.add_row(occasion.label_of(str(code)), *(str(int(n)) for n in row))
    console.print(table)


@app.command("templates")
def list_templates() -> None:
    """Lista de inbyggda kodboksmallarna."""
    table = Table(_("Namn"), _("Titel"), _("Variabler"), _("Frågeställning"))
    for name, build in TEMPLATES.items():
        codebook = build()
        table.add_row(name, codebook.title, str(len(codebook)), codebook.question)
    console.print(table)


@app.command("codebook")
def codebook_command(
    name: Annotated[str, typer.Argument(help=_("Mallens namn, t.ex. barn_beslut."))],
    out: Annotated[Path, typer.Option("--out", help=_("Arbetsboken (.xlsx) som skrivs."))],
) -> None:
    """Skriv en inbyggd kodbok som en XLSForm-arbetsbok att redigera i Excel."""
    _write_atomically(out, lambda path: write_xlsform(_load_codebook(name), path))
    console.print(_("Kodboken skrevs till {path}.").format(path=out))


@app.command("template")
def template_command(
    codebook: Annotated[
        str,
        typer.Argument(help=_("Kodbok: en XLSForm-arbetsbok eller en mall, t.ex. barn_beslut.")),
    ],
    out: Annotated[Path, typer.Option("--out", help=_("Excelmallen (.xlsx) som skrivs."))],
) -> None:
    """Skapa en Excelmall att fylla i från en kodbok."""
    loaded = _load_codebook(codebook)
    _write_atomically(out, lambda path: write_template(loaded, path))
    console.print(
        _("Excelmallen för '{title}' skrevs till {path}.").format(title=loaded.title, path=out)
    )


@app.command("validate")
def validate_command(
    data: DataFile,
    codebook: CodebookSource,
    errors_file: Annotated[
        Path | None,
        typer.Option("--errors", help=_("Skriv en felrapport (.xlsx) med felen markerade.")),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help=_("Skriv de kontrollerade, pseudonymiserade uppgifterna som CSV.")
        ),
    ] = None,
    keep_valid_rows: Annotated[
        bool,
        typer.Option(
            "--keep-valid-rows", help=_("Skriv de giltiga raderna även om andra rader har fel.")
        ),
    ] = False,
) -> None:
    """Kontrollera en datafil mot en kodbok och förklara varje fel."""
    loaded = _load_codebook(codebook)
    result = _validated(data, loaded)
    _print_issues(result)
    if errors_file is not None:
        _write_atomically(errors_file, lambda path: write_error_report(result, path))
        console.print(_("Felrapporten skrevs till {path}.").format(path=errors_file))
    if out is not None:
        try:
            records = result.records_to_store(keep_valid_rows=keep_valid_rows)
        except ImportBlocked as error:
            errors.print(str(error))
        else:
            _write_atomically(
                out, lambda path: records.to_csv(path, index=False, sep=";", encoding="utf-8-sig")
            )
            console.print(_("{n} rader skrevs till {path}.").format(n=len(records), path=out))
    raise typer.Exit(0 if result.ok else DATA_ERROR)


@app.command("analyse")
def analyse_command(
    data: DataFile,
    codebook: CodebookSource,
    out: Annotated[Path, typer.Option("--out", help=_("Mapp för resultaten."))],
    threshold: Threshold = 5,
    keep_valid_rows: Annotated[
        bool,
        typer.Option(
            "--keep-valid-rows", help=_("Analysera de giltiga raderna även om andra rader har fel.")
        ),
    ] = False,
) -> None:
    """Steg 1 – Vad ser vi? Skriv results.json, steg1.xlsx och steg1.html."""
    from isu.analysis import Settings, analyse_records
    from isu.report import write_step1

    loaded = _load_codebook(codebook)
    records = _analysable_records(data, loaded, keep_valid_rows=keep_valid_rows)
    with _progress() as progress:
        task = progress.add_task(_("Analyserar"), total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        step1 = analyse_records(records, loaded, Settings(threshold=threshold), progress=advance)
    out.mkdir(parents=True, exist_ok=True)
    written = write_step1(step1, out)
    console.print(
        _("{tables} tabeller och {observations} iakttagelser från {records} poster.").format(
            tables=len(step1.tables), observations=len(step1.observations), records=len(records)
        )
    )
    for path in written:
        console.print(_("Skrev {path}").format(path=path))


@app.command("kriterier")
def criteria_command(
    data: DataFile,
    codebook: CodebookSource,
    outcome: Annotated[
        str,
        typer.Option("--outcome", help=_("Utfallet: en ja/nej-fråga om beslut eller delaktighet.")),
    ],
    group: Annotated[
        str,
        typer.Option("--group", help=_("Variabeln som delar in grupperna, t.ex. juridiskt_kon.")),
    ],
    out: Annotated[Path, typer.Option("--out", help=_("Mapp för resultaten."))],
    groups: Annotated[
        str | None,
        typer.Option(
            "--groups",
            help=_("Grupperna som A,B (svarskoder); utan B jämförs A med alla övriga."),
        ),
    ] = None,
    within: Annotated[
        str | None,
        typer.Option(
            "--within", help=_("Bara inom en nivå av en annan variabel, t.ex. juridiskt_kon=man.")
        ),
    ] = None,
    threshold: Threshold = 5,
) -> None:
    """Pröva en skillnad mot kriterierna för omotiverade skillnader. Skriv kriterier.json,
    kriterier.xlsx och kriterier.html."""
    from isu.analysis import prepare
    from isu.analysis.criteria import ContrastError, analyse_criteria
    from isu.analysis.criteria.texts import summary
    from isu.report.criteria_html import write_criteria_html
    from isu.report.criteria_json import write_criteria_json
    from isu.report.criteria_xlsx import write_criteria_xlsx

    loaded = _load_codebook(codebook)
    contrast = _contrast(group, groups, within)
    records = _analysable_records(data, loaded, keep_valid_rows=False)
    try:
        analysis = analyse_criteria(
            prepare(records, loaded), outcome, contrast, threshold=threshold
        )
    except ContrastError as error:
        errors.print(f"[red]{_('Fel')}:[/red] {error}", highlight=False)
        raise typer.Exit(USAGE_ERROR) from None
    title = _("Kriterier för omotiverade skillnader – {title}").format(title=loaded.title)
    written = [
        write_criteria_json([analysis], out),
        write_criteria_xlsx([analysis], out),
        write_criteria_html([analysis], out, title),
    ]
    console.print(summary(analysis), highlight=False)
    for path in written:
        console.print(_("Skrev {path}").format(path=path))


def _contrast(group: str, groups: str | None, within: str | None) -> Contrast:
    from isu.analysis.criteria import Contrast, sex_contrast

    restriction: tuple[tuple[str, str], ...] = ()
    if within:
        key, separator, code = within.partition("=")
        if not separator or not key or not code:
            errors.print(_("--within skrivs VARIABEL=KOD, t.ex. juridiskt_kon=man."))
            raise typer.Exit(USAGE_ERROR)
        restriction = ((key.strip(), code.strip()),)
    if groups is None:
        if group != LEGAL_SEX:
            errors.print(
                _("Ange --groups A,B (eller bara A för A mot alla övriga) för {group}.").format(
                    group=group
                )
            )
            raise typer.Exit(USAGE_ERROR)
        return Contrast(group, sex_contrast().first, sex_contrast().second, restriction)
    first, _comma, second = groups.partition(",")
    return Contrast(
        group,
        tuple(first.strip().split("+")),
        tuple(c for c in second.strip().split("+") if c),
        restriction,
    )


@app.command("rapport")
def report_command(
    data: DataFile,
    codebook: CodebookSource,
    analysis: Annotated[
        Path,
        typer.Option("--analysis", help=_("Analysen: teamets texter i YAML eller JSON.")),
    ],
    out: Annotated[Path, typer.Option("--out", help=_("Mapp för rapporten."))],
    formats: Annotated[
        str, typer.Option("--format", help=_("Format, kommaseparerade: pdf,docx,xlsx,pptx."))
    ] = "pdf,docx,xlsx,pptx",
    threshold: Threshold = 5,
) -> None:
    """Steg 1–4 som rapport: PDF, Word, Excel och PowerPoint från data, kodbok och analysfil."""
    from isu.analysis import Settings, analyse_records
    from isu.report.document import DocumentError, read_document, resolve
    from isu.report.document.exports import REPORT_FORMATS, write_report

    wanted = [name.strip() for name in formats.split(",") if name.strip()]
    unknown = [name for name in wanted if name not in REPORT_FORMATS]
    if unknown or not wanted:
        errors.print(
            _("Okänt format: {unknown}. Välj bland: {known}.").format(
                unknown=", ".join(unknown) or "–", known=", ".join(REPORT_FORMATS)
            )
        )
        raise typer.Exit(USAGE_ERROR)
    try:
        document = read_document(analysis)
    except DocumentError as error:
        errors.print(_("Analysfilen {path} har fel:").format(path=analysis))
        for place, message in error.problems:
            errors.print(f"  {place}: {message}", highlight=False, markup=False)
        raise typer.Exit(USAGE_ERROR) from None
    loaded = _load_codebook(codebook)
    records = _analysable_records(data, loaded, keep_valid_rows=False)
    with console.status(_("Analyserar och skriver rapporten …")):
        report = resolve(document, analyse_records(records, loaded, Settings(threshold=threshold)))
        written = write_report(report, out, wanted)
    for pin in report.pins:
        if not pin.found:
            console.print(
                _("Obs: {ref} (steg1, id {id}) finns inte i resultatet.").format(
                    ref=pin.pin.ref, id=pin.pin.id
                ),
                highlight=False,
            )
    for path in written:
        console.print(_("Skrev {path}").format(path=path))


@app.command("serve")
def serve_command(
    host: Annotated[str, typer.Option("--host", help=_("Adress att lyssna på."))] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help=_("Port att lyssna på."))] = 8000,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo", help=_("Skapa en demokommun med användare och en uppföljning med data.")
        ),
    ] = False,
) -> None:
    """Starta webbapplikationen (SQLite i datamappen om inte DATABASE_URL är satt)."""
    from isu.web.serve import serve  # Django is loaded only for this command

    serve(host=host, port=port, demo=demo)


def _validated(data: Path, codebook: Codebook) -> ValidationResult:
    """The file checked against the codebook, or an exit with a Swedish message."""
    if not data.exists():
        errors.print(_("Datafilen '{path}' finns inte.").format(path=data))
        raise typer.Exit(USAGE_ERROR)
    try:
        return _validate_with_progress(data, codebook)
    except IngestError as error:
        errors.print(_("Filen kunde inte läsas: {error}").format(error=error))
        raise typer.Exit(DATA_ERROR) from None


def _analysable_records(data: Path, codebook: Codebook, *, keep_valid_rows: bool) -> pd.DataFrame:
    """The checked, pseudonymised records of *data*, or an exit listing why they cannot be used."""
    result = _validated(data, codebook)
    try:
        return result.records_to_store(keep_valid_rows=keep_valid_rows)
    except ImportBlocked as error:
        _print_issues(result)
        errors.print(str(error))
        raise typer.Exit(DATA_ERROR) from None


def _progress() -> Progress:
    """A transient progress bar on stderr, so stdout stays clean for results."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=errors,
        transient=True,
    )


def _validate_with_progress(data: Path, codebook: Codebook) -> ValidationResult:
    steps = len(codebook) + 3
    with _progress() as progress:
        task = progress.add_task(_("Läser filen"), total=steps)

        def advance(message: str) -> None:
            progress.update(task, description=message, advance=1)

        return validate_file(data, codebook, progress=advance)


def _print_issues(result: ValidationResult, limit: int = 30) -> None:
    n_rows, n_errors, n_warnings = len(result.records), len(result.errors), len(result.warnings)
    if not result.issues.empty:
        table = Table(
            _("Rad"), _("Kolumn"), _("Värde"), _("Meddelande"), _("Typ"), show_lines=False
        )
        shown = result.issues.head(limit).itertuples(index=False, name=None)
        for row, column, value, message, severity in shown:
            style = "red" if severity == "fel" else "yellow"
            table.add_row(
                str(row), str(column), str(value), str(message), str(severity), style=style
            )
        console.print(table)
        if len(result.issues) > limit:
            console.print(
                _("… och {n} till. Skriv alla till en felrapport med --errors.").format(
                    n=len(result.issues) - limit
                )
            )
    summary = _("{rows} rader kontrollerade: {errors} fel, {warnings} varningar.").format(
        rows=n_rows, errors=n_errors, warnings=n_warnings
    )
    console.print(f"[green]{summary}[/green]" if result.ok else f"[red]{summary}[/red]")


def _write_atomically(target: Path, write: Callable[[Path], object]) -> None:
    """Write to a temporary file beside *target*, then rename: a failure leaves nothing half-written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=target.suffix
    )
    os.close(handle)
    try:
        write(Path(temporary))
        Path(temporary).replace(target)
    finally:
        Path(temporary).unlink(missing_ok=True)
