"""The analysis report in four formats, each opened again by a reader and checked: the structure a
reader relies on (headings, tables, images, slides, sheets), no hidden count and no personnummer.
"""

import io
import re
import shutil
import subprocess
import zipfile

import openpyxl
import pytest
from docx import Document as WordDocument
from pptx import Presentation

from isu.analysis import Settings, analyse_records
from isu.demo import generate
from isu.ingest import validate_file
from isu.report.document import Pin, PinKind, resolve
from isu.report.document.content import table_grid
from isu.report.document.demo import DEMO_SEED, demo_document
from isu.report.document.exports import REPORT_FORMATS, render_report, write_report

STEPS = (
    "Steg 1 – Vad ser vi?",
    "Steg 2 – Vi reflekterar",
    "Steg 3 – Kan vi dra slutsatser?",
    "Steg 4 – Hur kan vi göra annorlunda?",
)
# A table with many hidden cells (sex × birth country), pinned on top of the demo analysis.
HIDDEN_TABLE = "beslut/tolk/fodelseland"


@pytest.fixture(scope="module")
def demo():
    data = generate(children=600, seed=DEMO_SEED)
    buffer = io.BytesIO()
    data.records.to_csv(buffer, sep=";", index=False)
    checked = validate_file(buffer.getvalue(), data.codebook, key=b"k" * 32)
    result = analyse_records(checked.records_to_store(), data.codebook, Settings())
    personnummer = set(data.records["personnummer"].astype(str))
    return result, personnummer


@pytest.fixture(scope="module")
def report(demo):
    result, _personnummer = demo
    document = demo_document()
    return resolve(document, result)


@pytest.fixture(scope="module")
def files(report):
    return {name: render_report(report, name) for name in REPORT_FORMATS}


def test_every_pin_of_the_demo_analysis_finds_what_it_points_at(report):
    assert [p.found for p in report.pins] == [True] * len(report.pins)
    assert {p.pin.kind for p in report.pins} == set(PinKind)


def test_a_pin_the_result_no_longer_holds_stays_with_a_note(demo):
    result, _personnummer = demo
    document = demo_document()
    stale = Pin("i9", PinKind.TABLE, "beslut/finns_inte/kon", "Gammal tabell")
    report = resolve(type(document)(title="T", pins=(stale,)), result)
    docx = WordDocument(io.BytesIO(render_report(report, "docx")))
    text = "\n".join(p.text for p in docx.paragraphs)
    assert "Iakttagelse 1: Finns inte längre i resultatet" in text
    assert "beslut/finns_inte/kon" in text


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (CI installs it)")
def test_the_pdf_renders_every_page_and_reads_like_a_report(files, tmp_path):
    pdf = tmp_path / "rapport.pdf"
    pdf.write_bytes(files["pdf"])
    subprocess.run(["pdftoppm", "-r", "20", "-png", pdf, tmp_path / "sida"], check=True)
    pages = sorted(tmp_path.glob("sida-*.png"))
    text = subprocess.run(
        ["pdftotext", "-layout", pdf, "-"], check=True, capture_output=True, text=True
    ).stdout
    assert len(pages) == text.count("\f") >= 10
    for heading in ("Innehåll", "Sammanfattning", *STEPS, "Bilaga: Så läser du rapporten"):
        assert heading in text
    assert f"Sida 2 av {len(pages)}" in text
    assert "Gör först" in text  # the actions matrix is drawn (SVG text)


def test_the_word_document_has_real_headings_tables_and_described_images(files):
    docx = WordDocument(io.BytesIO(files["docx"]))
    headings = [p.text for p in docx.paragraphs if p.style.name == "Heading 1"]
    assert headings[1:5] == list(STEPS)
    assert len(docx.tables) >= 6
    assert docx.tables[0].rows[0].cells[0].text == "Tillfälle"
    assert len(docx.inline_shapes) >= 3
    descriptions = [s._inline.docPr.get("descr") for s in docx.inline_shapes]
    assert all(descriptions) and any("Gör först" in d for d in descriptions)


def test_the_slides_have_a_chart_per_pinned_table_and_the_actions_matrix(files, report):
    deck = Presentation(io.BytesIO(files["pptx"]))
    titles = [s.shapes.title.text for s in deck.slides if s.shapes.title is not None]
    assert titles[0] == report.document.title
    assert "Hur kan vi göra annorlunda?" in titles
    assert sum(t.startswith("Iakttagelse ") for t in titles) == len(report.pins)
    pictures = [sh for s in deck.slides for sh in s.shapes if sh.shape_type == 13]
    assert len(pictures) >= 1 + sum(p.table is not None for p in report.pins)
    for picture in pictures:  # every picture lies on its slide and says what it shows
        assert picture.left + picture.width <= deck.slide_width
        assert picture.top + picture.height <= deck.slide_height
        assert picture._element.nvPicPr.cNvPr.get("descr")


def test_the_workbook_has_a_sheet_per_table_with_swedish_headers(files):
    workbook = openpyxl.load_workbook(io.BytesIO(files["xlsx"]))
    names = workbook.sheetnames
    assert names[0] == "Innehåll"
    assert {"Datakvalitet", "Åtgärder", "Involvera", "Reflektioner", "Slutsatser"} <= set(names)
    assert "Iakttagelse 6" in names
    actions = workbook["Åtgärder"]
    assert [c.value for c in actions[3]][:3] == ["Nr", "Åtgärd", "Svarar mot"]
    links = [c.value for c in workbook["Innehåll"]["A"] if c.value]
    assert len(links) == len(names)  # the title, then one entry per other sheet


def test_a_hidden_count_never_reaches_a_report(demo):
    """Every cell the result hides is `..` in the report's table, and no group size under the
    threshold appears in any format."""
    result, _personnummer = demo
    table = next(t for t in result.tables if t.id == HIDDEN_TABLE)
    hidden = [
        (r, k)
        for r, row in enumerate(table.rows)
        for k, c in enumerate(row.cells)
        if c.count is None
    ]
    assert hidden, "the test needs a table with hidden cells"
    grid = table_grid(table)
    first = grid.head_columns + 1
    for r, k in hidden:
        assert grid.rows[r][first + k] == ".."
    document = demo_document()
    pinned = type(document)(title="T", pins=(Pin("i1", PinKind.TABLE, HIDDEN_TABLE),))
    report = resolve(pinned, result)
    workbook = openpyxl.load_workbook(io.BytesIO(render_report(report, "xlsx")))
    sheet = workbook["Iakttagelse 1"]
    n_column = list(grid.header).index("Antal (n)")
    sizes = [row[n_column].value for row in sheet.iter_rows(min_row=4)]
    assert sizes and all(s == ".." or int(s.replace("\u00a0", "")) >= 5 for s in sizes)


def test_no_personnummer_is_in_any_export(files, demo):
    _result, personnummer = demo
    digits = {re.sub(r"\D", "", p) for p in personnummer}
    for name, content in files.items():
        texts = _texts(name, content)
        found = set(re.findall(r"\d{6,8}[-+]?\d{4}", texts))
        assert not {re.sub(r"\D", "", f) for f in found} & digits, name


def _texts(name, content):
    if name == "pdf":
        return subprocess.run(
            ["pdftotext", "-", "-"], input=content, check=True, capture_output=True
        ).stdout.decode()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "\n".join(
            archive.read(n).decode("utf-8", "replace")
            for n in archive.namelist()
            if n.endswith(".xml")
        )


def test_write_report_writes_each_format_whole(report, tmp_path):
    paths = write_report(report, tmp_path, ["xlsx", "pptx"])
    assert [p.name for p in paths] == ["tabeller.xlsx", "presentation.pptx"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["presentation.pptx", "tabeller.xlsx"]


def test_an_unknown_format_is_refused_in_swedish(report):
    with pytest.raises(
        ValueError, match=re.escape("Okänt format: odt. Välj bland: pdf, docx, xlsx, pptx.")
    ):
        render_report(report, "odt")


@pytest.mark.parametrize("name", list(REPORT_FORMATS))
def test_each_format_reports_its_progress_up_to_done(report, name):
    heard = []
    render_report(report, name, progress=lambda done, total: heard.append((done, total)))
    assert heard, name
    assert all(0 < done <= total for done, total in heard)
    assert heard[-1][0] == heard[-1][1]  # the last word is "done"
    fractions = [done / total for done, total in heard]
    assert fractions == sorted(fractions)
