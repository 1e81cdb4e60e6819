"""The demo analysis: a complete four-step analysis of the demo follow-up, for training.

It is written against the demo data of seed 1 (``isu demo --seed 1``, with or without
``--rows 600``, and ``isu serve --demo``), so every pin finds its table, observation or verdict. Trainers show it as an example of a finished
analysis; ``isu rapport`` and the web app's demo both load it from here.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from isu.report.document.model import Document
from isu.report.document.reading import read_document

__all__ = ["DEMO_SEED", "demo_document", "demo_path"]

DEMO_SEED = 1


def demo_path() -> Path:
    return Path(str(files("isu.report.document").joinpath("demo_analys.yaml")))


def demo_document() -> Document:
    return read_document(demo_path())
