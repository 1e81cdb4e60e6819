"""Dependencies point one way: the library packages never import Django."""

import subprocess
import sys

LIBRARY = [
    "isu.analysis",
    "isu.codebook",
    "isu.identity",
    "isu.ingest",
    "isu.report",
    "isu.demo",
    "isu.region",
    "isu.cli",
]


def test_the_library_packages_do_not_import_django():
    code = (
        "import importlib, importlib.util, sys\n"
        f"for name in {LIBRARY!r}:\n"
        "    if importlib.util.find_spec(name) is not None:\n"
        "        importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    assert output.strip() == "[]"
