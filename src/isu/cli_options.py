"""Arguments and options that several `isu` commands share, declared once so their names,
limits and Swedish help texts cannot drift apart."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from isu.i18n import _

DataFile = Annotated[Path, typer.Argument(help=_("Datafilen: CSV eller Excel (.xlsx)."))]
CodebookSource = Annotated[
    str, typer.Option("--codebook", help=_("Kodbok: arbetsbok eller mallnamn."))
]
Threshold = Annotated[
    int,
    typer.Option("--threshold", min=2, help=_("Minsta antal som visas; mindre antal döljs (..).")),
]
