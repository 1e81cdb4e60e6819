"""The step 1 reports: complete, machine-readable, documented, and never showing a hidden number."""

import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from isu.analysis.formatting import number
from isu.analysis.step1 import analyse_records
from isu.codebook import template
from isu.demo import generate
from isu.ingest import validate_file
from isu.report import RENDERERS, to_dict, write_step1
from isu.report.step1_html_parts import NUMERIC_PREFIX, anchors
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


def _hours(sex):
    """Records of the ``vuxna_insats`` codebook: women granted about 20 hours, men about 30."""
    rng = np.random.default_rng(0)
    n = len(sex)
    return pd.DataFrame(
        {
            "pseudonym": [f"p{i}" for i in range(n)],
            "tillfalle": pd.Categorical(["beslut"] * n, categories=["beslut", "uppfoljning_6m"]),
            "datum": pd.to_datetime("2026-01-15") + pd.to_timedelta(rng.integers(0, 200, n), "D"),
            "juridiskt_kon": pd.Categorical(sex, categories=["kvinna", "man"]),
            "alder": rng.integers(18, 95, n),
            "beviljad_insats": pd.Categorical(rng.choice(["ja", "nej"], n)),
            "insatstyp": ["hemtjanst"] * n,
            "beviljade_timmar": np.where(sex == "kvinna", 20.0, 30.0) + rng.normal(0, 3, n),
        }
    )


@pytest.fixture(scope="module")
def numeric_records():
    return _hours(np.random.default_rng(0).choice(["kvinna", "man"], 60))


@pytest.fixture(scope="module")
def numeric_result(numeric_records):
    return analyse_records(numeric_records, template("vuxna_insats"))


@pytest.fixture(scope="module")
def numeric_out(numeric_result, tmp_path_factory):
    directory = tmp_path_factory.mktemp("numeriska")
    write_step1(numeric_result, directory)
    return directory


@pytest.fixture(scope="module")
def few_men():
    """Three men among sixty: the men's mean and median must not be shown anywhere."""
    records = _hours(np.array(["man"] * 3 + ["kvinna"] * 57))
    men = records.loc[records["juridiskt_kon"] == "man", "beviljade_timmar"]
    return analyse_records(records, template("vuxna_insats")), men


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


def test_every_key_of_results_json_is_documented(document, numeric_result):
    documented = _documented_objects(SCHEMA_DOC.read_text(encoding="utf-8"))
    found = _object_keys(document)
    _object_keys(to_dict(numeric_result), found=found)
    assert "tables[].rows[].cells[].share" in found
    assert "numeric_tables[].rows[].summary" in found and "numeric_tables[].test" in found
    for path, keys in found.items():
        assert path in documented, f"`{path}` has no section in {SCHEMA_DOC.name}"
        missing = keys - documented[path]
        assert not missing, f"{sorted(missing)} of `{path}` are not documented"


def test_json_comparisons_carry_their_own_q_values(result, document):
    written = [c for t in document["tables"] for c in t["comparisons"]]
    comparisons = [c for t in result.tables for c in t.comparisons]
    assert len(written) == len(comparisons) > 0
    for c, c_json in zip(comparisons, written, strict=True):
        assert (c_json["q_value"] is None) == (c.p_value is None)
        if c.q_value is not None:
            assert c_json["q_value"] == pytest.approx(c.q_value, rel=1e-5)
            assert c_json["q_value"] >= c_json["p_value"]


def test_json_has_the_numeric_tables(numeric_result, numeric_out):
    document = json.loads((numeric_out / "results.json").read_text(encoding="utf-8"))
    assert [t["id"] for t in document["numeric_tables"]] == ["beslut/beviljade_timmar/kon"]
    (table,) = document["numeric_tables"]
    (expected,) = numeric_result.numeric
    assert table["variable"] == "beviljade_timmar"
    assert [r["sex"] for r in table["rows"]] == ["kvinna", "man", None]
    assert [r["label"] for r in table["rows"]] == ["Kvinna", "Man", "Alla"]
    for row, row_json in zip(expected.rows, table["rows"], strict=True):
        summary = row_json["summary"]
        assert summary["n"] == row.summary.n
        assert summary["mean"] == round(row.summary.mean, 6)
        assert summary["mean_low"] < summary["mean"] < summary["mean_high"]
        assert summary["median_low"] <= summary["median"] <= summary["median_high"]
        assert summary["mean_method"] == "t" and summary["confidence"] == 0.95
        assert summary["median_method"] == "binomial_order_statistic"
    women, men, everyone = (r["summary"] for r in table["rows"])
    assert women["n"] + men["n"] == everyone["n"] == 60
    assert 17 < women["mean"] < 23 and 27 < men["mean"] < 33
    assert table["test"]["method"] == "mann_whitney_u"
    assert table["test"]["n"] == 60 and table["test"]["groups"] == 2
    assert table["test"]["p_value"] < 0.001


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
    criteria = ["Kriterier", "Kriterier – nivåer"] if result.criteria else []
    assert workbook.sheetnames[5:] == names + sheet_names(result.numeric, "N") + criteria
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


def _cells(sheet):
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_xlsx_has_a_sheet_per_numeric_table(numeric_result, numeric_out):
    workbook = openpyxl.load_workbook(numeric_out / "steg1.xlsx")
    (name,) = sheet_names(numeric_result.numeric, "N")
    assert name == "N001 beslut-beviljade_timmar-ko"  # 31 characters at most
    assert name in workbook.sheetnames
    listed = [row[0].value for row in workbook["Tabeller"].iter_rows(min_row=4) if row[0].value]
    assert listed == [*sheet_names(numeric_result.tables), name]
    cells = _cells(workbook[name])
    header = cells.index(
        ["Grupp", "n", "Medelvärde", "95 % KI medelvärde", "Median", "95 % KI median"]
    )
    rows = cells[header + 1 : header + 4]
    (table,) = numeric_result.numeric
    for row, written in zip(table.rows, rows, strict=True):
        s = row.summary
        assert written[0] == row.label
        assert written[1] == s.n
        assert written[2] == pytest.approx(s.mean) and written[4] == pytest.approx(s.median)
        assert written[3] == f"{number(s.mean_low)}–{number(s.mean_high)}"
        assert written[5] == f"{number(s.median_low)}–{number(s.median_high)}"
        assert "," in written[3] and "." not in written[3]
    text = " ".join(str(v) for row in cells for v in row if v)
    assert "Mann–Whitneys U-test" in text


def test_xlsx_says_who_has_only_a_first_registration(workbook):
    text = " ".join(str(c.value) for row in workbook["Datakvalitet"].iter_rows() for c in row)
    assert (
        "personer har bara en registrering vid första tillfället (en del av dem har ännu inte nått uppföljningen)"
        in text
    )
    assert "utan uppföljning" not in text and "saknar uppföljning" not in text


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


def _section(page, key):
    start = page.index(f'<section id="{key}"')
    return page[start : page.index("</section>", start)]


def test_html_shows_the_numeric_tables(numeric_result, numeric_out):
    page = (numeric_out / "steg1.html").read_text(encoding="utf-8")
    assert '<a href="#numeriska-matt">Numeriska mått</a>' in page
    section = _section(page, "numeriska-matt")
    assert '<h2 id="numeriska-matt-h">Numeriska mått</h2>' in section
    (table,) = numeric_result.numeric
    (anchor,) = anchors(numeric_result.numeric, NUMERIC_PREFIX)
    assert anchor == "n-beslut/beviljade_timmar/kon" and f'id="{anchor}"' in section
    assert section.count("<caption>") == 1
    assert "Beviljad omfattning (timmar per månad) efter kön. Beslut efter utredning." in section
    for label in ("Grupp", "n", "Medelvärde", "95 % KI medelvärde", "Median", "95 % KI median"):
        assert f">{label}</th>" in section
    for row in table.rows:
        s = row.summary
        assert f'<th scope="row">{row.label}</th>' in section
        assert f'<td class="num">{number(s.mean)}</td>' in section
        assert f'<td class="num">{number(s.median_low)}–{number(s.median_high)}</td>' in section
        assert "," in number(s.mean)
    assert "Mann–Whitneys U-test, p &lt; 0,001, n = 60." in section
    assert "medelvärde " + number(table.rows[0].summary.mean) in section  # the text above it


def test_hidden_numeric_groups_are_dots_everywhere(few_men, tmp_path):
    result, men = few_men
    (table,) = result.numeric
    women, man, everyone = table.rows
    assert man.summary is None and women.summary.n == 57 and table.test is None
    assert everyone.summary is None  # else everyone minus women would give the men away
    json_path, xlsx_path, html_path = write_step1(result, tmp_path)
    secret = [men.mean(), men.median(), men.std()]

    document = json.loads(json_path.read_text(encoding="utf-8"))
    (written,) = document["numeric_tables"]
    assert written["rows"][1] == {"sex": "man", "label": "Man", "summary": None}
    assert written["test"] is None
    numbers = re.findall(r"-?\d+\.\d+", json.dumps(written))
    for value in secret:
        assert f"{round(value, 6)}" not in numbers

    workbook = openpyxl.load_workbook(xlsx_path)
    cells = _cells(workbook[sheet_names(result.numeric, "N")[0]])
    (row,) = [r for r in cells if r[0] == "Man"]
    assert row[:6] == ["Man", "..", "..", "..", "..", ".."]
    shown = [v for r in cells for v in r if isinstance(v, float)]
    for value in secret:
        assert not any(v == pytest.approx(value) for v in shown)
    text = " ".join(str(v) for r in cells for v in r if v)
    assert "Inget test av skillnaden mellan könen" in text
    assert "Grupper med färre än 5 värden visas inte (..)." in text

    section = _section(html_path.read_text(encoding="utf-8"), "numeriska-matt")
    dots = '<td class="num"><abbr title="visas inte">..</abbr></td>'
    assert f'<tr><th scope="row">Man</th>{dots * 5}</tr>' in section
    assert "Man: visas inte (färre än 5 värden)." in section
    for value in secret:
        assert number(value) not in section
    assert number(women.summary.mean) in section


def test_html_says_who_has_only_a_first_registration(page):
    summary = _section(page, "datakvalitet")
    assert (
        "personer har bara en registrering vid första tillfället "
        "(en del av dem har ännu inte nått uppföljningen)." in summary
    )
    assert "saknar uppföljning" not in page


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
    assert "Inga numeriska mått." in paths[2].read_text(encoding="utf-8")
    assert json.loads(paths[0].read_text(encoding="utf-8"))["numeric_tables"] == []


def test_unknown_formats_are_refused(result, tmp_path):
    with pytest.raises(ValueError, match="pdf"):
        write_step1(result, tmp_path, formats=("json", "pdf"))
    assert set(RENDERERS) == {"json", "xlsx", "html"}
    assert to_dict(result)["schema_version"] == 1
