"""Files are recognised by their content, whatever their name says, and bad files get a
clear Swedish message instead of a traceback."""

import datetime
import io
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from isu.ingest import IngestError, read_table, validate_file


def xlsx_bytes(rows):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Data")
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            sheet.write(i, j, value)
    book.close()
    return buffer.getvalue()


def test_an_xlsx_named_csv_is_read_as_excel(tmp_path, small_codebook, key, pnr):
    path = tmp_path / "data.csv"
    path.write_bytes(
        xlsx_bytes(
            [
                ["personnummer", "tillfalle", "datum", "risk", "beslut_insats"],
                [pnr(datetime.date(2010, 1, 1)), "Beslut", "2024-01-01", "Låg risk", "Ja"],
            ]
        )
    )
    result = validate_file(path, small_codebook, key=key)
    assert result.raw.format == "xlsx"
    assert result.ok, result.issues


def test_a_csv_named_xlsx_is_read_as_csv(tmp_path, small_codebook, key, pnr):
    path = tmp_path / "data.xlsx"
    path.write_text(
        f"personnummer;tillfalle;datum;risk;beslut_insats\n{pnr(datetime.date(2010, 1, 1))};Beslut;2024-01-01;Låg risk;Ja\n",
        encoding="utf-8",
    )
    result = validate_file(path, small_codebook, key=key)
    assert result.raw.format == "csv"
    assert result.ok, result.issues


def test_excel_cells_keep_their_row_numbers_numbers_and_dates(small_codebook, key, pnr):
    rows = [
        ["personnummer", "tillfalle", "datum", "risk", "beslut_insats", "timmar"],
        [
            pnr(datetime.date(2010, 1, 1)),
            "Beslut",
            datetime.date(2024, 3, 1),
            "Låg risk",
            "Ja",
            7.5,
        ],
        [],
        [pnr(datetime.date(2011, 1, 1)), "Beslut", 45352, "Låg risk", "Kanske", 3],
    ]
    result = validate_file(xlsx_bytes(rows), small_codebook, key=key)
    assert [(r.row, r.column) for r in result.errors.itertuples()] == [(4, "beslut_insats (E)")]
    assert str(result.records.iloc[1]["datum"])[:10] == "2024-03-01"
    assert result.records.iloc[0]["timmar"] == 7.5


def test_a_personnummer_stored_as_a_number_in_excel_is_read(small_codebook, key, pnr):
    number = pnr(datetime.date(2010, 1, 1)).replace("-", "")
    rows = [
        ["personnummer", "tillfalle", "datum", "risk", "beslut_insats"],
        [int(number), "Beslut", "2024-01-01", "Låg risk", "Ja"],
    ]
    assert validate_file(xlsx_bytes(rows), small_codebook, key=key).ok


def test_a_corrupt_xlsx_is_refused_in_swedish():
    data = xlsx_bytes([["a"], ["b"]])
    with pytest.raises(IngestError, match="skadad eller inte en Excel-fil"):
        read_table(data[: len(data) // 2])


def test_a_password_protected_xlsx_is_refused_with_advice():
    from msoffcrypto.format.ooxml import OOXMLFile

    encrypted = io.BytesIO()
    OOXMLFile(io.BytesIO(xlsx_bytes([["a"], ["b"]]))).encrypt("hemligt", encrypted)
    with pytest.raises(IngestError, match=r"lösenordsskyddad\. Spara den utan lösenord"):
        read_table(encrypted.getvalue())


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(IngestError, match=r"'saknas\.csv' finns inte"):
        read_table(tmp_path / "saknas.csv")


def test_binary_garbage_is_refused():
    with pytest.raises(IngestError, match="binära data"):
        read_table(b"\x00\x01\x02" * 100)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=600))
def test_arbitrary_bytes_end_in_a_clear_error_never_a_traceback(small_codebook, key, data):
    try:
        result = validate_file(data, small_codebook, key=key)
    except IngestError as error:
        assert str(error)
    else:
        assert not result.ok


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.lists(st.text(max_size=12), min_size=1, max_size=8), min_size=1, max_size=6),
    st.sampled_from([";", ",", "\t"]),
)
def test_arbitrary_text_tables_end_in_a_clear_error_never_a_traceback(
    small_codebook, key, rows, sep
):
    data = "\n".join(sep.join(row) for row in rows).encode()
    try:
        result = validate_file(data, small_codebook, key=key)
    except IngestError as error:
        assert str(error)
    else:
        assert not result.ok


def test_a_windows_1252_file_whose_start_is_plain_ascii_is_still_decoded(small_codebook, key, pnr):
    filler = [
        pnr(datetime.date(2010, 1, 1) + datetime.timedelta(days=i), (2 * i + 1) % 1000)
        for i in range(3000)
    ]
    lines = ["personnummer;tillfalle;datum;risk;beslut_insats"]
    lines += [f"{n};Beslut;2024-01-01;Hog risk;Ja" for n in filler]
    lines.append(f"{pnr(datetime.date(2000, 1, 1))};Beslut;2024-01-01;Förhöjd risk;Ja")
    data = "\n".join(lines).encode("cp1252")
    assert len(data) > 65536 and data[:65536].isascii()
    result = validate_file(data, small_codebook, key=key)
    assert result.ok, result.issues.head()
    assert result.raw.encoding == "cp1252"
    assert result.records.iloc[-1]["risk"] == "forhojd"


HEADER = ["personnummer", "klientnummer", "tillfalle", "datum", "juridiskt_kon", "alder", "risk", "utsatthet", "beslut_insats", "timmar"]  # fmt: skip
TYPICAL = ["", "Ja", "Nej", "Beslut", "uppf", "Låg risk", "2024-01-01", "45352", "12,5", "20100101-1234", "Pojke", "Våld mot barn; Missbruk", "1E100", "inf", "A-1", "15"]  # fmt: skip


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.lists(
            st.one_of(st.text(max_size=15), st.sampled_from(TYPICAL)), min_size=10, max_size=10
        ),
        min_size=1,
        max_size=5,
    ),
    st.sampled_from([";", ",", "\t"]),
)
def test_any_cells_under_a_valid_header_are_validated_without_a_crash(
    small_codebook, key, rows, sep
):
    # This property found two crashes (an all-missing sex cross-check, and 1E100 as an age).
    def quoted(cell):
        return '"' + cell.replace('"', '""') + '"'

    text = "\n".join(sep.join(quoted(c) for c in row) for row in [HEADER, *rows])
    try:
        result = validate_file(text.encode("utf-8", "surrogatepass"), small_codebook, key=key)
    except IngestError as error:
        assert str(error)
    else:
        assert len(result.records) <= len(rows)
        assert set(result.issues["severity"]) <= {"fel", "varning"}


@pytest.mark.parametrize("name", ["gammal.xls", "gammal.ods"])
def test_old_excel_and_opendocument_workbooks_are_read(small_codebook, key, name):
    # Fixtures made once with LibreOffice from a two-row workbook (synthetic personnummer).
    path = Path(__file__).parent / "fixtures" / name
    result = validate_file(path, small_codebook, key=key)
    assert result.ok, result.issues
    assert list(result.records["risk"]) == ["forhojd", "lag"]
    assert result.records.iloc[0]["timmar"] == 7.5
