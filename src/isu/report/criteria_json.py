"""Criteria analyses as JSON: every number of the result with its method, plus the Swedish texts.

The result objects are plain frozen dataclasses, so they are written field by field; floats keep
six decimals (p-values six significant digits), enums their stable code.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import Any

from isu.analysis.criteria import CriteriaAnalysis
from isu.analysis.criteria.texts import METHODS, summary, unmet_text, variable_text

__all__ = ["FILE_NAME", "criteria_to_dict", "plain", "write_criteria_json"]

FILE_NAME = "kriterier.json"
DECIMALS = 6
SIGNIFICANT = 6


def criteria_to_dict(analysis: CriteriaAnalysis) -> dict[str, Any]:
    data: dict[str, Any] = plain(analysis)
    data["text"] = summary(analysis)
    data["n"] = analysis.n
    for criterion, result in zip(data["criteria"], analysis.criteria, strict=True):
        criterion["label"] = result.kind.label
        criterion["question"] = result.kind.question
        for variable, found in zip(criterion["variables"], result.variables, strict=True):
            variable["text"] = variable_text(analysis, found)
            explained = found.decomposition.explained_share
            variable["decomposition"]["explained_share"] = _number("", explained)
    for unmet, accommodation in zip(data["unmet"], analysis.unmet, strict=True):
        unmet["text"] = unmet_text(analysis, accommodation)
    data["methods"] = {
        key: text.format(threshold=analysis.threshold) for key, text in METHODS.items()
    }
    return data


def write_criteria_json(analyses: Sequence[CriteriaAnalysis], out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / FILE_NAME
    payload = {"schema_version": 1, "analyses": [criteria_to_dict(a) for a in analyses]}
    path.write_text(
        json.dumps(payload, ensure_ascii=False, indent=1, allow_nan=False) + "\n", encoding="utf-8"
    )
    return path


def plain(value: Any, name: str = "") -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name), f.name) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [plain(item, name) for item in value]
    if isinstance(value, float):
        return _number(name, value)
    return value


def _number(name: str, value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    if name.startswith("p_value") or name.endswith("p_value"):
        return float(f"{value:.{SIGNIFICANT}g}")
    return round(value, DECIMALS)
