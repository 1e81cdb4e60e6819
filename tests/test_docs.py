"""The docs cannot drift from the code: every command, option and setting is documented."""

import re
from pathlib import Path

import typer

from isu.cli import app

ROOT = Path(__file__).resolve().parents[1]
DOCS = "\n".join(
    p.read_text(encoding="utf-8")
    for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
)


def test_the_quick_start_has_exactly_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = quick_start.split("```sh", 1)[1].split("```", 1)[0]
    commands = [line for line in block.splitlines() if line.strip()]
    assert [c.split("#")[0].strip() for c in commands] == ["./dev demo", "./dev test"]


def test_every_cli_command_and_option_is_documented():
    group = typer.main.get_command(app)
    for name, command in group.commands.items():
        assert f"isu {name}" in DOCS, f"`isu {name}` is not documented"
        for param in command.params:
            for option in param.opts:
                if option.startswith("--") and option != "--help":
                    assert option in DOCS, f"`isu {name} {option}` is not documented"


def test_every_environment_setting_is_documented():
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src").rglob("*.py"))
    settings = set(re.findall(r"\bISU_[A-Z_]+\b", sources))
    assert settings, "expected at least one ISU_ setting"
    for setting in sorted(settings):
        assert setting in DOCS, f"{setting} is not documented"
