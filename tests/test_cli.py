"""The `isu` command: exit codes 0 (valid), 1 (data errors), 2 (usage errors); Swedish text."""

import datetime

import openpyxl
import pytest
from typer.testing import CliRunner

from isu.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_demo_writes_codebook_template_and_data_that_validate(tmp_path):
    result = run("demo", "--out", tmp_path, "--rows", 80, "--seed", 3)
    assert result.exit_code == 0, result.output
    assert {p.name for p in tmp_path.iterdir()} >= {
        "kodbok.xlsx",
        "mall.xlsx",
        "data.xlsx",
        "data.csv",
        "effekter.md",
    }
    assert "80 rader kontrollerade: 0 fel, 0 varningar." in result.output
    assert "Antal poster per kön" in result.output
    again = run("validate", tmp_path / "data.csv", "--codebook", tmp_path / "kodbok.xlsx")
    assert again.exit_code == 0, again.output


def test_template_is_written_from_a_built_in_codebook_or_a_workbook(tmp_path):
    assert run("codebook", "barn_beslut", "--out", tmp_path / "kodbok.xlsx").exit_code == 0
    result = run("template", tmp_path / "kodbok.xlsx", "--out", tmp_path / "mall.xlsx")
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(tmp_path / "mall.xlsx").sheetnames[0] == "Data"


def test_validate_exits_1_and_writes_an_error_report_when_data_have_errors(tmp_path, pnr):
    data = tmp_path / "data.csv"
    data.write_text(
        f"personnummer;tillfalle;datum;risk\n{pnr(datetime.date(2010, 1, 1))};Beslut efter utredning;2024-01-01;Jättehög\n",
        encoding="utf-8",
    )
    result = run(
        "validate",
        data,
        "--codebook",
        "barn_beslut",
        "--errors",
        tmp_path / "fel.xlsx",
        "--out",
        tmp_path / "ut.csv",
    )
    assert result.exit_code == 1
    assert "Okänt svar" in result.output
    assert "inget har sparats" in result.output
    assert (tmp_path / "fel.xlsx").exists()
    assert not (tmp_path / "ut.csv").exists()


def test_validate_keeps_valid_rows_only_when_asked(tmp_path, pnr):
    good = f"{pnr(datetime.date(2010, 1, 1))};Avslutad utredning;2024-01-01;Ja"
    bad = f"{pnr(datetime.date(2011, 1, 1))};Avslutad utredning;2024-01-01;Kanske"
    data = tmp_path / "data.csv"
    data.write_text(
        f"personnummer;tillfalle;datum;samtal_genomfort\n{good}\n{bad}\n", encoding="utf-8"
    )
    result = run(
        "validate",
        data,
        "--codebook",
        "barn_delaktighet",
        "--out",
        tmp_path / "ut.csv",
        "--keep-valid-rows",
    )
    assert result.exit_code == 1
    written = (tmp_path / "ut.csv").read_text(encoding="utf-8-sig")
    assert len(written.splitlines()) == 2
    assert "20100101" not in written


def test_an_unreadable_data_file_exits_1_with_a_swedish_message(tmp_path):
    data = tmp_path / "tom.csv"
    data.write_bytes(b"")
    result = run("validate", data, "--codebook", "barn_beslut")
    assert result.exit_code == 1
    assert "Filen är tom." in result.output


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "finns-inte.csv", "--codebook", "barn_beslut"),
        ("validate", "x.csv", "--codebook", "ingen_sadan_mall"),
        ("template", "barn_beslut"),
        ("nonsense",),
    ],
)
def test_usage_errors_exit_2(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.csv").write_text("a\n1\n")
    assert run(*args).exit_code == 2


def test_a_broken_codebook_workbook_is_a_usage_error_listing_the_problems(tmp_path):
    broken = tmp_path / "kodbok.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really")
    result = run("template", broken, "--out", tmp_path / "mall.xlsx")
    assert result.exit_code == 2
    assert "Kodboken kan inte användas" in result.output
    assert not (tmp_path / "mall.xlsx").exists()


def isu(*args):
    """The installed entry point, as a user runs it (not typer's test runner)."""
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "isu", *map(str, args)], capture_output=True, text=True
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("validate", "x.csv"),
            "Alternativet --codebook saknas. Skriv 'isu validate --help' för hjälp.",
        ),
        (("template",), "Argumentet CODEBOOK saknas."),
        (("nonsense",), "Okänt kommando: 'nonsense'."),
        (
            ("demo", "--out", "d", "--rows", "tio"),
            "Ogiltigt värde för alternativet --rows. Ange ett heltal.",
        ),
        (("validate", "--bogus"), "Okänt alternativ: --bogus."),
    ],
)
def test_usage_errors_are_explained_in_swedish_with_exit_code_2(args, message):
    result = isu(*args)
    assert result.returncode == 2
    assert message in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr


def test_help_uses_swedish_panel_titles():
    result = isu("validate", "--help")
    assert result.returncode == 0
    assert "Alternativ" in result.stdout and "Argument" in result.stdout
    assert "Kontrollera en datafil mot en kodbok" in result.stdout


def test_kriterier_writes_the_criteria_analysis_and_prints_the_verdict(tmp_path):
    run("demo", "--out", tmp_path / "demo", "--rows", 600, "--seed", 1)
    result = run(
        "kriterier",
        tmp_path / "demo" / "data.csv",
        "--codebook",
        tmp_path / "demo" / "kodbok.xlsx",
        "--outcome",
        "beslut_insats",
        "--group",
        "fodelseland",
        "--groups",
        "utanfor_europa",
        "--out",
        tmp_path / "ut",
    )
    assert result.exit_code == 0, result.output
    assert "Bedömning: Omotiverad skillnad" in " ".join(result.output.split())
    assert {p.name for p in (tmp_path / "ut").iterdir()} == {
        "kriterier.json",
        "kriterier.xlsx",
        "kriterier.html",
    }
    html = (tmp_path / "ut" / "kriterier.html").read_text(encoding="utf-8")
    assert "barn med födelseland utanför Europa" in html


def test_kriterier_explains_an_unknown_group_level_and_exits_2(tmp_path):
    run("demo", "--out", tmp_path, "--rows", 200, "--seed", 1)
    result = run(
        "kriterier",
        tmp_path / "data.csv",
        "--codebook",
        tmp_path / "kodbok.xlsx",
        "--outcome",
        "beslut_insats",
        "--group",
        "fodelseland",
        "--groups",
        "mars",
        "--out",
        tmp_path / "ut",
    )
    assert result.exit_code == 2
    assert "«mars» är inget svarsalternativ för «Födelseland»" in " ".join(result.output.split())
    assert not (tmp_path / "ut").exists()


def test_rapport_writes_the_four_exports_of_the_demo_analysis(tmp_path):
    demo = tmp_path / "demo"
    assert run("demo", "--out", demo, "--rows", 600, "--seed", 1).exit_code == 0
    assert (demo / "analys.yaml").exists()
    result = run(
        "rapport",
        demo / "data.csv",
        "--codebook",
        demo / "kodbok.xlsx",
        "--analysis",
        demo / "analys.yaml",
        "--format",
        "docx,xlsx",
        "--out",
        tmp_path / "ut",
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "ut").iterdir()) == ["rapport.docx", "tabeller.xlsx"]
    assert "finns inte i resultatet" not in result.output


def test_rapport_lists_every_problem_of_the_analysis_file_and_writes_nothing(tmp_path):
    run("demo", "--out", tmp_path, "--rows", 80, "--seed", 3)
    analysis = tmp_path / "analys.yaml"
    analysis.write_text(
        "steg3:\n  - id: s1\n    text: Vi vet inte\n    status: inte_annu\n", encoding="utf-8"
    )
    result = run(
        "rapport",
        tmp_path / "data.csv",
        "--codebook",
        tmp_path / "kodbok.xlsx",
        "--analysis",
        analysis,
        "--out",
        tmp_path / "ut",
    )
    assert result.exit_code == 2
    output = " ".join(result.output.split())
    assert "analys.titel: Saknas, men behövs." in output
    assert "steg3[1].behover_veta: Skriv vad ni behöver veta" in output
    assert not (tmp_path / "ut").exists()


def test_rapport_refuses_an_unknown_format(tmp_path):
    result = run(
        "rapport",
        tmp_path / "x.csv",
        "--codebook",
        "barn_beslut",
        "--analysis",
        tmp_path / "a.yaml",
        "--format",
        "odt",
        "--out",
        tmp_path / "ut",
    )
    assert result.exit_code == 2
    assert "Okänt format: odt. Välj bland: pdf, docx, xlsx, pptx." in " ".join(
        result.output.split()
    )
