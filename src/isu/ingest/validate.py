"""Validate a data file against a codebook: every value, every rule, every personnummer.

The result holds the clean records (one row per client and occasion, personnummer replaced by a
keyed pseudonym, legal sex and age derived) and every issue found, with the row number the user
sees in Excel. Nothing is kept from a file with errors unless the caller explicitly asks for
the valid rows (:meth:`ValidationResult.records_to_store`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from isu.codebook import (
    AGE,
    CLIENT_ID,
    LEGAL_SEX,
    OCCASION,
    Codebook,
    Variable,
    VariableType,
)
from isu.codebook.relevance import parse_relevance
from isu.i18n import _, ngettext
from isu.identity import load_or_create_key, mask, parse_personnummer_column, pseudonymise_column
from isu.identity.pseudonym import pseudonym_for_client_id
from isu.ingest.columns import ColumnMatch, match_columns
from isu.ingest.errors import IngestError
from isu.ingest.issues import UNPLACED, Issues, Severity
from isu.ingest.reading import RawTable, read_table
from isu.ingest.values import parse_column

PSEUDONYM = "pseudonym"
ROW = "rad"
Progress = Callable[[str], None]


class ImportBlocked(IngestError):
    """Storing was asked for although the file has errors."""


@dataclass(frozen=True)
class ValidationResult:
    records: pd.DataFrame  # every row that could be read, clean; column ``rad`` = Excel row
    issues: pd.DataFrame  # row, column, value, message, severity
    codebook: Codebook
    raw: RawTable
    columns: ColumnMatch  # which file column holds which variable

    @property
    def errors(self) -> pd.DataFrame:
        return self.issues[self.issues["severity"] == Severity.ERROR.value]

    @property
    def warnings(self) -> pd.DataFrame:
        return self.issues[self.issues["severity"] == Severity.WARNING.value]

    @property
    def ok(self) -> bool:
        return self.errors.empty

    @property
    def rows_with_errors(self) -> set[int]:
        return set(self.errors["row"][self.errors["row"] > 1].astype(int))

    def valid_records(self) -> pd.DataFrame:
        bad = self.rows_with_errors
        return self.records[~self.records[ROW].isin(bad)] if bad else self.records

    def records_to_store(self, *, keep_valid_rows: bool = False) -> pd.DataFrame:
        """The records to store: all of them if the file is valid; the valid ones only when
        *keep_valid_rows* is given; otherwise refuse, so nothing half-checked is kept."""
        if self.ok:
            return self.records
        file_level = self.errors[self.errors["row"] <= 1]
        if keep_valid_rows and file_level.empty:
            return self.valid_records()
        raise ImportBlocked(
            ngettext(
                "Filen har {n} fel och inget har sparats. Rätta felet, eller välj att bara spara de giltiga raderna.",
                "Filen har {n} fel och inget har sparats. Rätta felen, eller välj att bara spara de giltiga raderna.",
                len(self.errors),
            ).format(n=len(self.errors))
        )


def validate_file(
    source: Path | bytes,
    codebook: Codebook,
    *,
    key: bytes | None = None,
    max_bytes: int | None = None,
    progress: Progress | None = None,
) -> ValidationResult:
    """Read and validate a CSV or Excel file; raise :class:`IngestError` if it cannot be read."""
    raw = read_table(source, max_bytes=max_bytes, progress=progress)
    return validate_table(raw, codebook, key=key, progress=progress)


def validate_table(
    raw: RawTable, codebook: Codebook, *, key: bytes | None = None, progress: Progress | None = None
) -> ValidationResult:
    issues = Issues()
    if raw.data.empty:
        issues.column_error("", _("Filen innehåller bara en rubrikrad och inga uppgifter."))
    match = match_columns(raw.header, codebook, issues)
    index = raw.data.index
    values: dict[str, pd.Series] = {}
    for variable in codebook.variables:
        if variable.key in match.by_variable and variable.type is not VariableType.PERSONNUMMER:
            if progress:
                progress(_("Kontrollerar {key}").format(key=variable.key))
            parsed = parse_column(raw.data[match.by_variable[variable.key]], variable)
            position = match.by_variable[variable.key]
            issues.cells(
                match.names[variable.key],
                parsed.bad,
                raw.data[position],
                parsed.message,
                position=position,
            )
            values[variable.key] = parsed.values
    frame = pd.DataFrame(values, index=index)
    _fill_single_occasion(frame, codebook)
    if progress:
        progress(_("Kontrollerar personnummer"))
    frame = _identify(frame, raw, codebook, match, issues, key)
    _apply_rules(frame, raw, codebook, match, issues)
    _check_duplicates(frame, codebook, issues)
    frame.insert(0, ROW, index.to_numpy())
    ordered = [ROW, PSEUDONYM] + [v.key for v in codebook.variables if v.key in frame.columns]
    records = frame[ordered].reset_index(drop=True)
    return ValidationResult(records, issues.frame(), codebook, raw, match)


def _fill_single_occasion(frame: pd.DataFrame, codebook: Codebook) -> None:
    if OCCASION in codebook and OCCASION not in frame and len(codebook.occasions) == 1:
        only = codebook.occasions[0].code
        frame[OCCASION] = pd.Categorical([only] * len(frame), categories=codebook[OCCASION].codes)


def _reference_dates(frame: pd.DataFrame, codebook: Codebook) -> pd.Series:
    fallback = pd.Timestamp(codebook.reference_date or datetime.date.today())
    if codebook.age_reference and codebook.age_reference in frame:
        return frame[codebook.age_reference].fillna(fallback)
    return pd.Series(fallback, index=frame.index).astype("datetime64[s]")


def _identify(
    frame: pd.DataFrame,
    raw: RawTable,
    codebook: Codebook,
    match: ColumnMatch,
    issues: Issues,
    key: bytes | None,
) -> pd.DataFrame:
    """Replace the personnummer by pseudonym, legal sex and age; it is not kept anywhere."""
    secret = key if key is not None else load_or_create_key()
    pnr_var = next((v for v in codebook.variables if v.type is VariableType.PERSONNUMMER), None)
    pseudonyms = pd.Series(pd.NA, index=frame.index, dtype="str")
    typed_pnr = pd.Series(False, index=frame.index)  # a personnummer was written, valid or not
    if pnr_var is not None and pnr_var.key in match.by_variable:
        raw_pnr = raw.data[match.by_variable[pnr_var.key]]
        parsed = parse_personnummer_column(raw_pnr, _reference_dates(frame, codebook))
        shown = match.names[pnr_var.key]
        invalid = parsed.error.notna()
        masked = raw_pnr[invalid].map(mask)  # only the faulty ones are ever shown
        position = match.by_variable[pnr_var.key]
        issues.cells(shown, invalid, masked, parsed.error.fillna(""), position=position)
        pseudonyms = pseudonymise_column(secret, parsed.normalized)
        typed_pnr = ~parsed.is_empty
        _reconcile(frame, LEGAL_SEX, parsed.legal_sex, codebook, match, issues, masked_by=shown)
        _reconcile(frame, AGE, parsed.age, codebook, match, issues, masked_by=shown)
    if CLIENT_ID in frame:
        ids = frame[CLIENT_ID]
        no_pnr = pseudonyms.isna() & ids.notna()
        unique_ids = ids[no_pnr].unique()
        lookup = {i: pseudonym_for_client_id(secret, i) for i in unique_ids}
        pseudonyms = pseudonyms.where(~no_pnr, ids.map(lookup))
        frame = frame.drop(columns=CLIENT_ID)
    missing = pseudonyms.isna()
    issues.cells(
        _("personnummer/klientnummer"),
        missing & ~typed_pnr,
        pd.Series("", index=frame.index),
        _(
            "Personnummer saknas. Ange personnummer, eller klientnummer för personer utan personnummer."
        ),
    )
    frame.insert(0, PSEUDONYM, pseudonyms)
    return frame


def _reconcile(
    frame: pd.DataFrame,
    key: str,
    derived: pd.Series,
    codebook: Codebook,
    match: ColumnMatch,
    issues: Issues,
    masked_by: str,
) -> None:
    """Use the value derived from the personnummer; a recorded value must agree with it."""
    if key not in codebook:
        return
    if key in frame:
        recorded = frame[key]
        both = recorded.notna() & derived.notna()
        conflict = both & (recorded.astype(str) != derived.astype(str))
        if conflict.any():
            variable = codebook[key]
            shown = [variable.label_of(str(v)) for v in derived[conflict]]
            said = _("Stämmer inte med personnumret ({column}), som anger {value}.")
            messages = pd.Series(
                [said.format(column=masked_by, value=v) for v in shown],
                index=derived.index[conflict],
            )
            typed = recorded[conflict].map(lambda v: variable.label_of(str(v)))
            issues.cells(match.names[key], conflict, typed, messages)
        frame[key] = derived.astype(recorded.dtype).fillna(recorded)
    else:
        frame[key] = derived


def _apply_rules(
    frame: pd.DataFrame, raw: RawTable, codebook: Codebook, match: ColumnMatch, issues: Issues
) -> None:
    """Occasions, skip rules and required answers, in codebook order so that chained skip
    rules see the values as already cleaned."""
    occasion = frame.get(OCCASION)
    for variable in codebook.variables:
        if variable.key not in frame or variable.key in (LEGAL_SEX, AGE, OCCASION):
            continue
        applies = _applies(variable, frame, occasion)
        present = frame[variable.key].notna()
        column = match.names.get(variable.key, variable.key)
        shown = (
            raw.data[match.by_variable[variable.key]]
            if variable.key in match.by_variable
            else frame[variable.key]
        )
        position = match.by_variable.get(variable.key, UNPLACED)
        issues.cells(
            column,
            present & ~applies,
            shown,
            _not_applicable_message(variable),
            Severity.WARNING,
            position,
        )
        frame[variable.key] = frame[variable.key].where(applies)
        if variable.required:
            typed = (
                shown.astype(str).str.strip().ne("")
                if variable.key in match.by_variable
                else present
            )
            issues.cells(
                column, ~typed & applies, shown, _("Obligatoriskt svar saknas."), position=position
            )


def _applies(variable: Variable, frame: pd.DataFrame, occasion: pd.Series | None) -> pd.Series:
    applies = pd.Series(True, index=frame.index)
    if variable.occasions and occasion is not None:
        applies &= occasion.isin(variable.occasions).to_numpy(dtype=bool, na_value=False)
    if variable.relevant:
        expression = parse_relevance(variable.relevant)
        if expression.names <= set(frame.columns):
            applies &= expression.evaluate(frame)
    return applies


def _not_applicable_message(variable: Variable) -> str:
    if variable.relevant:
        return _(
            "Frågan ska inte besvaras här enligt villkoret {rule}; värdet läses inte in."
        ).format(rule=variable.relevant)
    return _("Frågan ställs inte vid det här tillfället; värdet läses inte in.")


def _check_duplicates(frame: pd.DataFrame, codebook: Codebook, issues: Issues) -> None:
    keys = [PSEUDONYM] + ([OCCASION] if OCCASION in frame else [])
    known = frame[keys].notna().all(axis=1)
    repeated = frame[keys].duplicated(keep=False) & known
    if not repeated.any():
        return
    # Only the repeated rows are grouped: on a clean file that is none of them.
    subset = frame.loc[repeated, keys]
    first_row = (
        subset.index.to_series().groupby([subset[k] for k in keys], observed=True).transform("min")
    )
    message = (
        _("Samma person förekommer flera gånger vid samma tillfälle (se rad ")
        + first_row.astype(str)
        + ")."
    )
    later = pd.Series(False, index=frame.index)
    later[first_row.index] = first_row.index.to_series() != first_row
    issues.cells(_("personnummer/klientnummer"), later, frame[keys[-1]].astype(str), message)
