"""The Excel template: dropdowns, help texts, and a filled-in copy imports back cleanly."""

import datetime
import functools
import io

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import make_personnummer

from isu.codebook import VariableType, template
from isu.ingest import validate_file, write_template


def _template(codebook):
    buffer = io.BytesIO()
    write_template(codebook, buffer)
    buffer.seek(0)
    return buffer


@functools.cache
def _template_of(name):
    return _template(template(name)).getvalue()


def test_the_template_has_a_frozen_header_dropdowns_and_input_messages(small_codebook):
    book = openpyxl.load_workbook(_template(small_codebook))
    assert book.sheetnames == ["Data", "Listor", "Variabler", "Om mallen"]
    data = book["Data"]
    assert [c.value for c in data[1]] == [v.key for v in small_codebook]
    assert data.freeze_panes == "A2"
    rules = {str(dv.sqref).split(":")[0]: dv for dv in data.data_validations.dataValidation}
    risk = rules["G2"]
    assert risk.type == "list" and risk.formula1 == "Listor!$C$2:$C$4"
    assert [book["Listor"].cell(row=r, column=3).value for r in (2, 3, 4)] == [
        "Låg risk",
        "Förhöjd risk",
        "Hög risk",
    ]
    assert risk.prompt.startswith("Hur bedöms risken")
    assert book["Listor"].sheet_state == "hidden"


def test_the_variables_sheet_explains_every_column():
    codebook = template("barn_beslut")
    sheet = openpyxl.load_workbook(_template(codebook))["Variabler"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [v.key for v in codebook]
    samtycke = next(r for r in rows if r[0] == "samtycke")
    assert "saknas_lvu = Samtycke saknas, skäl för LVU" in samtycke[7]


@st.composite
def filled_rows(draw, codebook):
    """Valid records for the decision occasion of a template, typed as labels."""
    rows = []
    for i in range(draw(st.integers(1, 6))):
        born = draw(st.dates(datetime.date(2007, 1, 1), datetime.date(2023, 12, 31)))
        row = {
            "personnummer": make_personnummer(born, i * 2 + draw(st.integers(0, 1))),
            "tillfalle": codebook.occasions[0].label,
            "datum": "2024-06-30",
        }
        for v in codebook:
            if (
                v.key in row
                or v.type is VariableType.PERSONNUMMER
                or v.occasions not in ((), ("beslut",))
            ):
                continue
            if v.key in ("klientnummer", "juridiskt_kon", "alder", "datum") or v.relevant:
                continue
            if any(f"${{{v.key}}}" in (other.relevant or "") for other in codebook):
                row[v.key] = "Nej"  # questions that open follow-up questions stay closed here
                continue
            if v.categories:
                labels = [c.label for c in v.categories]
                row[v.key] = (
                    "; ".join(
                        draw(st.lists(st.sampled_from(labels), min_size=1, max_size=2, unique=True))
                    )
                    if v.type is VariableType.SELECT_MULTIPLE
                    else draw(st.sampled_from(labels))
                )
            elif v.type.is_numeric:
                row[v.key] = draw(st.integers(0, 40))
        rows.append(row)
    return rows


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.data())
def test_a_template_filled_with_valid_data_imports_without_errors(key, data):
    name = data.draw(st.sampled_from(["barn_beslut", "barn_delaktighet", "vuxna_insats"]))
    codebook = template(name)
    rows = data.draw(filled_rows(codebook))
    book = openpyxl.load_workbook(io.BytesIO(_template_of(name)))
    sheet = book["Data"]
    columns = {cell.value: cell.column for cell in sheet[1]}
    for r, row in enumerate(rows, start=2):
        for name, value in row.items():
            sheet.cell(row=r, column=columns[name], value=value)
    filled = io.BytesIO()
    book.save(filled)
    result = validate_file(filled.getvalue(), codebook, key=key)
    assert result.ok, result.errors.to_string()
    assert len(result.records) == len(rows)
