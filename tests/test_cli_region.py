"""`isu region` and `isu demo --kommuner`: packages in, comparison out; Swedish messages; exit
codes 1 for refused packages and 2 for usage errors; nothing half-written."""

import json
import zipfile

import pytest
from typer.testing import CliRunner

from isu.cli import app
from isu.region.package_file import CONTENT

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def demo_region(tmp_path_factory):
    out = tmp_path_factory.mktemp("region")
    result = run("demo", "--kommuner", 4, "--out", out, "--seed", 3)
    assert result.exit_code == 0, result.output
    return out


def test_demo_writes_one_package_per_municipality_and_lists_planted_differences(demo_region):
    assert sorted(p.name for p in demo_region.glob("*.zip")) == [
        "ale.zip",
        "alingsas.zip",
        "bengtsfors.zip",
        "bollebygd.zip",
    ]


def test_import_writes_the_comparison_in_three_formats(demo_region, tmp_path):
    result = run(
        "region", "import", *sorted(demo_region.glob("*.zip")), "--out", tmp_path, "--kommun", "ale"
    )
    assert result.exit_code == 0, result.output
    assert {p.name for p in tmp_path.iterdir()} == {"region.json", "region.xlsx", "region.html"}
    data = json.loads((tmp_path / "region.json").read_text(encoding="utf-8"))
    assert data["jamforelse"]["variabel"] == "beslut_insats"
    assert len(data["jamforelse"]["kommuner"]) == 4
    assert data["kriterier"] is not None
    assert "Är det lika hos oss?" in result.output
    assert "Bland flickor i Ale" in result.output
    html = (tmp_path / "region.html").read_text(encoding="utf-8")
    assert "<svg" in html and "Trattdiagram för flickor" in html


def test_import_compares_another_variable_and_category(demo_region, tmp_path):
    result = run(
        "region",
        "import",
        *sorted(demo_region.glob("*.zip")),
        "--out",
        tmp_path,
        "--variable",
        "risk",
        "--category",
        "hog",
    )
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "region.json").read_text(encoding="utf-8"))
    assert data["jamforelse"]["kategori"] == "hog"
    assert data["kriterier"] is None


def test_a_tampered_package_is_refused_and_nothing_is_written(demo_region, tmp_path):
    tampered = tmp_path / "ale.zip"
    with zipfile.ZipFile(demo_region / "ale.zip") as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members[CONTENT] = members[CONTENT].replace(b'"kommun":"Ale"', b'"kommun":"Alfa"')
    with zipfile.ZipFile(tampered, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    out = tmp_path / "ut"
    result = run("region", "import", tampered, demo_region / "boras.zip", "--out", out)
    assert result.exit_code == 1
    assert "ale.zip: kontrollsumman stämmer inte" in result.output
    assert "boras.zip" in result.output  # boras.zip does not exist: not a package
    assert "Inget har skrivits." in result.output
    assert not out.exists()


def test_a_duplicate_package_is_refused(demo_region, tmp_path):
    copy = tmp_path / "ale-kopia.zip"
    copy.write_bytes((demo_region / "ale.zip").read_bytes())
    result = run("region", "import", demo_region / "ale.zip", copy, "--out", tmp_path / "ut")
    assert result.exit_code == 1
    assert "ale-kopia.zip: Ale 2025 finns redan i ale.zip" in result.output


def test_an_unknown_variable_category_or_municipality_is_a_usage_error(demo_region, tmp_path):
    packages = sorted(demo_region.glob("*.zip"))
    for extra, message in (
        (["--variable", "skostorlek"], "Variabeln «skostorlek» finns inte i paketen."),
        (["--category", "kanske"], "«kanske» är inget svarsalternativ"),
        (["--kommun", "Atlantis"], "Kommunen «Atlantis» finns inte bland paketen."),
    ):
        result = run("region", "import", *packages, "--out", tmp_path / "ut", *extra)
        assert result.exit_code == 2, result.output
        assert message in result.output
        assert not (tmp_path / "ut" / "region.json").exists()


def test_export_writes_a_package_from_a_data_file(tmp_path):
    assert run("demo", "--out", tmp_path, "--rows", 200, "--seed", 4).exit_code == 0
    package = tmp_path / "ale.zip"
    result = run(
        "region",
        "export",
        tmp_path / "data.csv",
        "--codebook",
        tmp_path / "kodbok.xlsx",
        "--kommun",
        "Ale",
        "--period",
        "2025",
        "--out",
        package,
    )
    assert result.exit_code == 0, result.output
    assert "Paketet för Ale 2025 skrevs till" in result.output
    with zipfile.ZipFile(package) as archive:
        assert sorted(archive.namelist()) == ["paket.jsonl", "sha256.txt"]


def test_export_without_a_municipality_name_is_a_usage_error(tmp_path):
    assert run("demo", "--out", tmp_path, "--rows", 50).exit_code == 0
    result = run(
        "region", "export", tmp_path / "data.csv", "--codebook", "barn_och_unga",
        "--kommun", " ", "--period", "2025", "--out", tmp_path / "p.zip",
    )  # fmt: skip
    assert result.exit_code == 2
    assert not (tmp_path / "p.zip").exists()


def test_import_with_reference_figures(demo_region, tmp_path):
    reference = tmp_path / "riket.csv"
    reference.write_text(
        "Område;År;Kön;Värde\nRiket;2025;Kvinnor;48,5\nRiket;2025;Män;..\nRiket;2025;Totalt;-\n",
        encoding="utf-8",
    )
    result = run(
        "region", "import", *sorted(demo_region.glob("*.zip")), "--out", tmp_path / "ut",
        "--reference", reference,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "ut" / "region.json").read_text(encoding="utf-8"))
    texts = [r["text"] for r in data["referens"]]
    assert texts[0].startswith("Riket 2025, flickor: 48 % mot regionens")
    assert "uppgift saknas eller är för osäker" in texts[1]
