"""The region renderers show what the packages published and nothing else: «..» or null where a
municipality's count is hidden, and the municipalities left out of every pooled figure."""

import json

from tests.region.conftest import package

from isu.region.analysis import analyse_region
from isu.region.load import check_region
from isu.report.region import write_region


def _result():
    small = [package(n, c, s) for n, c, s in (("Ale", 300, 11), ("Dals-Ed", 40, 13), ("Ö", 25, 21))]
    return analyse_region(check_region(small), "insatstyp=hvb", "ja")


def test_hidden_shares_are_null_in_json_and_dots_in_html(tmp_path):
    result = _result()
    hidden = [
        (m.municipality, i)
        for m in result.comparison.municipalities
        for i, s in enumerate(m.shares)
        if s is None
    ]
    assert hidden, "the small municipalities have hidden counts of placements in HVB"
    write_region(result, tmp_path)
    data = json.loads((tmp_path / "region.json").read_text(encoding="utf-8"))
    rows = {r["kommun"]: r for r in data["jamforelse"]["kommuner"]}
    for name, i in hidden:
        assert rows[name]["andelar"][i] is None
    left = {o["kommun"] for r in data["jamforelse"]["regionen"] for o in r["utanfor"]}
    assert {name for name, _i in hidden} <= left
    html = (tmp_path / "region.html").read_text(encoding="utf-8")
    assert '<td class="num">..</td>' in html
    assert "Utanför de sammanlagda siffrorna" in html


def test_the_workbook_has_a_sheet_per_part(tmp_path):
    import openpyxl

    write_region(_result(), tmp_path, formats=("xlsx",))
    sheets = openpyxl.load_workbook(tmp_path / "region.xlsx").sheetnames
    assert sheets[:4] == ["Iakttagelser", "Kommuner", "Trattgränser", "Lika hos oss"]
