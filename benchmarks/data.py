"""Benchmark inputs, generated once from the demo generator and cached in ``benchmarks/.data``."""

from __future__ import annotations

from pathlib import Path

CACHE = Path(__file__).parent / ".data"
# The 25 variables of the benchmark: identity, background, Table 1 and the outcome.
COLUMNS = [
    "personnummer", "tillfalle", "datum", "konsidentitet", "fodelseland", "bostadsomrade",
    "inkomstniva", "utbildningsniva", "utsatthet", "risk", "behov_av_stod", "tillgodoses_natverk",
    "tillgodoses_anhorig", "tillgodoses_annan_verksamhet", "onskar_stod", "onskemal_tillvaratagna",
    "samtycke", "beslut_insats", "insatstyp", "samtal_genomfort", "tillfragad_delta", "velat_delta",
    "tolk", "situation", "maluppfyllelse",
]  # fmt: skip
N_VARIABLES = len(COLUMNS)


def _records(rows: int):  # type: ignore[no-untyped-def]
    from isu.demo import generate

    return generate(children=rows, max_rows=rows, seed=2026).records[COLUMNS]


def csv_file(rows: int) -> Path:
    path = CACHE / f"demo-{rows}.csv"
    if not path.exists():
        CACHE.mkdir(exist_ok=True)
        _records(rows).to_csv(path, sep=";", index=False, encoding="utf-8-sig")
    return path


def xlsx_file(rows: int) -> Path:
    path = CACHE / f"demo-{rows}.xlsx"
    if not path.exists():
        _write_xlsx(_records(rows), path)
    return path


def web_import_xlsx(rows: int) -> Path:
    """Every column of the ``barn_och_unga`` demo, as a unit would fill in the Excel template:
    the file the web benchmark uploads. Seed 5, so its people are not the demo follow-up's."""
    path = CACHE / f"web-import-{rows}.xlsx"
    if not path.exists():
        from isu.demo import generate

        # 81 children give about 100 rows (a decision each, a follow-up for some).
        _write_xlsx(generate(children=rows * 81 // 100, seed=5, max_rows=rows).records, path)
    return path


def _write_xlsx(records, path: Path) -> None:  # type: ignore[no-untyped-def]
    import xlsxwriter

    CACHE.mkdir(exist_ok=True)
    # Shared strings, as Excel itself saves a workbook (constant_memory would inline them).
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Data")
    sheet.write_row(0, 0, list(records.columns))
    for i, row in enumerate(records.itertuples(index=False), start=1):
        sheet.write_row(i, 0, row)
    book.close()


def validated_records(rows: int) -> Path:
    """Demo records of the full ``barn_och_unga`` codebook, validated once and cached as
    Parquet, so the analysis benchmark times the analysis and not the import."""
    path = CACHE / f"validated-{rows}.parquet"
    if not path.exists():
        import io

        from isu.demo import generate
        from isu.ingest import validate_file

        CACHE.mkdir(exist_ok=True)
        data = generate(children=rows, max_rows=rows, seed=2026)
        buffer = io.BytesIO()
        data.records.to_csv(buffer, sep=";", index=False)
        result = validate_file(buffer.getvalue(), data.codebook, key=b"b" * 32, max_bytes=2**40)
        result.records.to_parquet(path)
    return path
