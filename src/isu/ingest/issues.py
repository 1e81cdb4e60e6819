"""Collect what is wrong with an import: errors block it, warnings do not.

Cell issues are added a whole column at a time (a mask over rows), so a million-row file with a
bad column costs one vectorised operation, not a million appends.
"""

from __future__ import annotations

from enum import StrEnum

import pandas as pd

COLUMNS = ["row", "column", "value", "message", "severity"]
UNPLACED = 1_000_000  # issues that belong to no single column sort after the row's cells


class Severity(StrEnum):
    ERROR = "fel"
    WARNING = "varning"


class Issues:
    def __init__(self) -> None:
        self._frames: list[pd.DataFrame] = []

    def column_error(self, column: str, message: str, position: int = UNPLACED) -> None:
        self._add_one(1, column, message, Severity.ERROR, position)

    def column_warning(self, column: str, message: str, position: int = UNPLACED) -> None:
        self._add_one(1, column, message, Severity.WARNING, position)

    def cells(
        self,
        column: str,
        mask: pd.Series,
        values: pd.Series,
        message: str | pd.Series,
        severity: Severity = Severity.ERROR,
        position: int = UNPLACED,
    ) -> None:
        """Flag the rows where *mask* is true; *message* is one text or one per row."""
        if not mask.any():
            return
        rows = mask.index[mask.to_numpy(dtype=bool)]
        messages = message.loc[rows].to_numpy() if isinstance(message, pd.Series) else message
        self._frames.append(
            pd.DataFrame(
                {
                    "row": rows.to_numpy(),
                    "column": column,
                    "value": values.loc[rows].astype(str).to_numpy(),
                    "message": messages,
                    "severity": severity.value,
                    "position": position,
                }
            )
        )

    def _add_one(
        self, row: int, column: str, message: str, severity: Severity, position: int
    ) -> None:
        self._frames.append(
            pd.DataFrame(
                [[row, column, "", message, severity.value, position]],
                columns=[*COLUMNS, "position"],
            )
        )

    def frame(self) -> pd.DataFrame:
        """All issues, ordered as the user reads the file: by row, then left to right."""
        if not self._frames:
            return pd.DataFrame(
                {c: pd.Series(dtype="int64" if c == "row" else "str") for c in COLUMNS}
            )
        issues = pd.concat(self._frames, ignore_index=True)
        issues = issues.sort_values(["row", "position"], kind="stable", ignore_index=True)
        return issues[COLUMNS]

    @property
    def has_errors(self) -> bool:
        return any((f["severity"] == Severity.ERROR.value).any() for f in self._frames)
