"""The error report lists every issue and marks the faulty cells, without personnummer."""

import datetime
import io

import openpyxl

from isu.ingest import validate_file, write_error_report


def test_the_report_lists_issues_and_highlights_faulty_cells_with_masked_personnummer(
    small_codebook, key, pnr
):
    good, bad = pnr(datetime.date(2010, 1, 1)), "20100101-1235"
    data = f"personnummer;tillfalle;datum;risk;beslut_insats\n{good};Beslut;2024-01-01;Låg risk;Ja\n{bad};Beslut;2024-01-01;Fel;Ja\n"
    result = validate_file(data.encode(), small_codebook, key=key)
    buffer = io.BytesIO()
    write_error_report(result, buffer)
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    issues = list(book["Fel"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1]) for r in issues] == [(3, "personnummer (A)"), (3, "risk (D)")]
    rows = book["Rader med fel"]
    assert [c.value for c in rows[2]][:5] == [3, "201001**-****", "Beslut", "2024-01-01", "Fel"]
    assert rows["E2"].fill.fgColor.rgb.endswith("F8CBAD")
    assert rows["D2"].fill.fgColor.rgb in (None, "00000000")
    text = "".join(
        str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row
    )
    assert good not in text and bad not in text and good.replace("-", "") not in text
