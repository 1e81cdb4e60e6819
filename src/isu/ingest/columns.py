"""Match the columns of a data file to the variables of a codebook.

A column matches a variable by key or label, ignoring case, accents and spacing. Columns that
match nothing are reported as warnings (they are not imported); a required variable without a
column is an error, except sex and age, which the personnummer provides.
"""

from __future__ import annotations

from dataclasses import dataclass

from isu.codebook import (
    AGE,
    CLIENT_ID,
    LEGAL_SEX,
    OCCASION,
    Codebook,
    VariableType,
)
from isu.i18n import _
from isu.ingest.issues import Issues
from isu.ingest.text import excel_column, fold


@dataclass(frozen=True)
class ColumnMatch:
    by_variable: dict[str, int]  # variable key -> column position
    names: dict[str, str]  # variable key -> the header as the user wrote it, with its letter


def match_columns(header: tuple[str, ...], codebook: Codebook, issues: Issues) -> ColumnMatch:
    by_key = {fold(v.key): v.key for v in codebook.variables}
    by_label = {fold(v.label): v.key for v in codebook.variables}
    by_variable: dict[str, int] = {}
    names: dict[str, str] = {}
    for position, cell in enumerate(header):
        shown = _column_name(cell, position)
        if not cell.strip():
            issues.column_warning(shown, _("Kolumnen saknar rubrik och läses inte in."), position)
            continue
        key = by_key.get(fold(cell)) or by_label.get(fold(cell))
        if key is None:
            issues.column_warning(
                shown, _("Kolumnen finns inte i kodboken och läses inte in."), position
            )
        elif key in by_variable:
            issues.column_error(
                shown,
                _("Kolumnen förekommer två gånger (även som {other}). Ta bort den ena.").format(
                    other=names[key]
                ),
                position,
            )
        else:
            by_variable[key] = position
            names[key] = shown
    _check_missing(codebook, by_variable, issues)
    return ColumnMatch(by_variable, names)


def _column_name(cell: str, position: int) -> str:
    return f"{cell.strip() or '?'} ({excel_column(position)})"


def _check_missing(codebook: Codebook, present: dict[str, int], issues: Issues) -> None:
    identity = [v.key for v in codebook.variables if v.type is VariableType.PERSONNUMMER]
    if CLIENT_ID in codebook:
        identity.append(CLIENT_ID)
    if identity and not any(key in present for key in identity):
        issues.column_error(
            " / ".join(identity),
            _(
                "Filen saknar kolumn för personnummer eller klientnummer; minst en behövs för att "
                "kunna koppla ihop tillfällena."
            ),
        )
    derived = {LEGAL_SEX, AGE} if identity else set()
    if OCCASION in codebook and len(codebook.occasions) == 1:
        derived.add(OCCASION)
    for variable in codebook.variables:
        if variable.required and variable.key not in present and variable.key not in derived:
            issues.column_error(
                variable.key,
                _("Obligatorisk kolumn saknas: '{key}' ({label}).").format(
                    key=variable.key, label=variable.label
                ),
            )
