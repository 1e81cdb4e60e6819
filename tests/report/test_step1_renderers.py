"""The step 1 reports: complete, machine-readable, documented, and never showing a hidden number."""

import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest

from isu.analysis.step1 import analyse_records
from isu.demo import generate
from isu.ingest import validate_file
from isu.report import RENDERERS, to_dict, write_step1
from isu.report.step1_html import anchors
from isu.report.step1_xlsx import sheet_names

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_DOC = ROOT / "docs" / "results-schema.md"
MAP_OBJECTS = ("group",)  # objects keyed by dimension: data, not schema


def _records(children: int, seed: int):
    data = generate(children=children, seed=seed)
    buffer = io.BytesIO()
    data.records.to_csv(buffer, sep=";", index=False)
    checked = validate_file(buffer.getvalue(), data.codebook, key=b"k" * 32)
    return checked.records, data.codebook


@pytest.fixture(scope="module")
def result():
    records, codebook = _records(300, 2)
    return analyse_records(records, codebook)


@pytest.fixture(scope="module")
def out(result, tmp_path_factory):
    directory = tmp_path_factory.mktemp("steg1")
    paths = write_step1(result, directory)
    assert [p.name for p in paths] == ["results.json", "steg1.xlsx", "steg1.html"]
    return directory


@pytest.fixture(scope="module")
def document(out):
    return json.loads((out / "results.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def page(out):
    return (out / "steg1.html").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- json


def test_json_has_the_header_and_every_table(result, document):
    assert document["schema_version"] == 1
    assert document["suppression_marker"] == ".."
    assert document["codebook"]["fingerprint"] == result.codebook.fingerprint()
    assert document["settings"]["threshold"] == result.settings.threshold
    assert document["hidden_cells"] == result.hidden_cells
    assert [t["id"] for t in document["tables"]] == [t.id for t in result.tables]
    assert len(document["observations"]) == len(result.observations)


def test_json_hidden_counts_are_null_and_shares_follow(result, document):
    hidden = 0
    for table, written in zip(result.tables, document["tables"], strict=True):
        for row, row_json in zip(table.rows, written["rows"], strict=True):
            assert row_json["n"] == row.n
            for cell, cell_json in zip(row.cells, row_json["cells"], strict=True):
                if cell.count is None:
                    hidden += 1
                    assert cell_json["count"] is None
                    assert cell_json["share"] is None
                else:
                    assert cell_json["count"] == cell.count
    assert hidden > 0, "the demo should have hidden cells to check"


def test_json_numbers_are_finite_and_rounded(document):
    text = json.dumps(document)
    assert "NaN" not in text and "Infinity" not in text
    share = next(
        c["share"] for t in document["tables"] for r in t["rows"] for c in r["cells"] if c["share"]
    )
    assert share["method"] == "wilson" and share["confidence"] == 0.95
    assert len(repr(share["estimate"]).split(".")[-1]) <= 6


def test_every_key_of_results_json_is_documented(document):
    documented = _documented_objects(SCHEMA_DOC.read_text(encoding="utf-8"))
    found = _object_keys(document)
    assert "tables[].rows[].cells[].share" in found
    for path, keys in found.items():
        assert path in documented, f"`{path}` has no section in {SCHEMA_DOC.name}"
        missing = keys - documented[path]
        assert not missing, f"{sorted(missing)} of `{path}` are not documented"


def _object_keys(value, path="(root)", found=None):
    """Every object's path (``tables[].rows[]``) with the keys it has anywhere in the file."""
    found = {} if found is None else found
    if isinstance(value, dict):
        found.setdefault(path, set()).update(value)
        for key, item in value.items():
            if key not in MAP_OBJECTS:
                _object_keys(item, key if path == "(root)" else f"{path}.{key}", found)
    elif isinstance(value, list):
        for item in value:
            _object_keys(item, f"{path}[]", found)
    return found


def _documented_objects(doc):
    """Path -> field names, from each section's "Appears at:" line and its field table."""
    documented = {}
    for section in re.split(r"^### ", doc, flags=re.M)[1:]:
        appears = re.search(r"^Appears at:(.*?)(?:\n\n)", section, flags=re.M | re.S)
        assert appears, f"section {section.splitlines()[0]!r} has no 'Appears at:'"
        fields = set(re.findall(r"^\| `([^`]+)` \|", section, flags=re.M))
        for path in re.findall(r"`([^`]+)`", appears.group(1)):
            documented.setdefault(path, set()).update(fields)
    return documented


# --------------------------------------------------------------------------- xlsx


@pytest.fixture(scope="module")
def workbook(out):
    return openpyxl.load_workbook(out / "steg1.xlsx")


def test_xlsx_has_front_sheets_an_index_and_a_sheet_per_table(result, workbook):
    names = sheet_names(result.tables)
    assert workbook.sheetnames[:5] == [
        "Om analysen",
        "Datakvalitet",
        "Iakttagelser",
        "Förändring",
        "Tabeller",
    ]
    assert workbook.sheetnames[5:] == names
    assert len({n.lower() for n in workbook.sheetnames}) == len(workbook.sheetnames)
    for name in names:
        assert len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name)
    index = workbook["Tabeller"]
    listed = [row[0].value for row in index.iter_rows(min_row=4) if row[0].value]
    assert listed == names
    assert index.cell(4, 1).hyperlink.location == f"'{names[0]}'!A1"
    about = " ".join(
        str(c.value) for row in workbook["Om analysen"].iter_rows() for c in row if c.value
    )
    assert "Antal 1–4 visas inte (..) och inte heller andra värden som skulle avslöja dem" in about


def test_xlsx_shows_hidden_values_as_dots(result, workbook):
    names = sheet_names(result.tables)
    table, name = next(
        (t, n)
        for t, n in zip(result.tables, names, strict=True)
        if any(c.count is None for r in t.rows for c in r.cells)
    )
    sheet = workbook[name]
    first_data_row = 7  # title, occasion, link, blank, category header, column header
    dims = len(table.breakdown)
    for offset, row in enumerate(table.rows):
        for k, cell in enumerate(row.cells):
            value = sheet.cell(first_data_row + offset, dims + 2 + 3 * k).value
            assert value == (".." if cell.count is None else cell.count)
            if cell.count is None:
                assert sheet.cell(first_data_row + offset, dims + 3 + 3 * k).value == ".."


# --------------------------------------------------------------------------- html


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_html_is_swedish_and_links_every_table(result, page):
    assert '<html lang="sv">' in page
    for anchor in anchors(result.tables):
        assert f'id="{anchor}"' in page
    for observation in result.observations:
        assert f'href="#t-{observation.table}"' in page


def test_html_references_nothing_outside_the_file(page):
    parser = _Tags()
    parser.feed(page)
    for tag, attrs in parser.tags:
        for name in ("src", "href"):
            value = attrs.get(name) or ""
            assert not re.match(r"(?i)\s*(https?:)?//", value), f"<{tag} {name}={value!r}>"
        if tag == "script":
            assert "src" not in attrs
        if tag == "link":
            assert attrs.get("rel") != "stylesheet"
    assert not re.search(r"""(?i)<(script|link|img|iframe)[^>]+(src|href)=["']?https?://""", page)


def test_every_html_table_has_a_caption_and_hidden_values_are_dots(page):
    parser = _Tags()
    parser.feed(page)  # script contents are not parsed as tags
    tags = [tag for tag, _attrs in parser.tags]
    following = [tags[i + 1] for i, tag in enumerate(tags) if tag == "table"]
    assert following and set(following) == {"caption"}
    assert '<abbr title="visas inte">..</abbr>' in page
    assert 'scope="col"' in page and 'scope="row"' in page


def test_html_charts_have_text_alternatives(page):
    charts = re.findall(
        r'<div class="vega" data-chart="[^"]+" role="img" aria-label="([^"]+)"', page
    )
    assert charts and all(label.strip() for label in charts)
    assert page.count("<figcaption>") == len(charts)
    assert page.count('<script type="module">') == 1  # the bundle is inlined once


# --------------------------------------------------------------------------- edge cases


def test_an_empty_result_still_renders(tmp_path):
    records, codebook = _records(20, 1)
    empty = analyse_records(records.iloc[:0], codebook)
    assert empty.tables == ()
    paths = write_step1(empty, tmp_path)
    assert all(p.stat().st_size > 0 for p in paths)
    assert json.loads(paths[0].read_text(encoding="utf-8"))["tables"] == []
    assert openpyxl.load_workbook(paths[1]).sheetnames[-1] == "Tabeller"
    assert "Inga tabeller." in paths[2].read_text(encoding="utf-8")


def test_unknown_formats_are_refused(result, tmp_path):
    with pytest.raises(ValueError, match="pdf"):
        write_step1(result, tmp_path, formats=("json", "pdf"))
    assert set(RENDERERS) == {"json", "xlsx", "html"}
    assert to_dict(result)["schema_version"] == 1
