"""Read and write codebooks as XLSForm-style workbooks, so they can be designed in Excel.

Sheets ``survey`` (one row per variable), ``choices`` (answer options per list) and ``settings``
use XLSForm's column names (``type``, ``name``, ``label``, ``hint``, ``required``, ``relevant``,
``list_name``), plus our own ``role``, ``occasion``, ``ordinal`` and ``sensitive`` columns and
the types ``yes_no`` and ``personnummer``. Writing then reading gives back an equal codebook.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import xlsxwriter
from python_calamine import CalamineError, CalamineWorkbook

from isu.codebook.model import Category, Codebook, Role, Variable, VariableType
from isu.codebook.validation import CodebookError, validate_codebook
from isu.i18n import _

SURVEY_COLUMNS = (
    "type", "name", "label", "hint", "required", "relevant", "role", "occasion", "ordinal", "sensitive",
)  # fmt: skip
CHOICES_COLUMNS = ("list_name", "name", "label")
SETTINGS_COLUMNS = (
    "form_title", "form_id", "version", "question", "area", "audience", "reference_date", "age_reference",
)  # fmt: skip
IGNORED_TYPES = {
    "begin group",
    "end group",
    "begin_group",
    "end_group",
    "note",
    "start",
    "end",
    "today",
}
TRUE_WORDS = {"yes", "true", "true()", "1", "ja", "x"}


def write_xlsform(codebook: Codebook, target: Path | io.BytesIO) -> None:
    """Write *codebook* as an XLSForm-style workbook."""
    workbook = xlsxwriter.Workbook(target, {"in_memory": True})
    bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7"})
    list_names = _list_names(codebook)
    survey_rows = [_survey_row(v, list_names.get(v.key)) for v in codebook.variables]
    _write_sheet(workbook, "survey", SURVEY_COLUMNS, survey_rows, bold)
    choice_rows: list[list[str]] = []
    for name, variable in _distinct_lists(codebook, list_names):
        choice_rows.extend([name, c.code, c.label] for c in variable.categories)
    _write_sheet(workbook, "choices", CHOICES_COLUMNS, choice_rows, bold)
    settings = [
        codebook.title,
        codebook.id,
        codebook.version,
        codebook.question,
        codebook.area,
        codebook.audience,
        codebook.reference_date.isoformat() if codebook.reference_date else "",
        codebook.age_reference or "",
    ]
    _write_sheet(workbook, "settings", SETTINGS_COLUMNS, [settings], bold)
    workbook.close()


def _list_names(codebook: Codebook) -> dict[str, str]:
    """A list name per select variable; variables sharing a name must share the options."""
    names: dict[str, str] = {}
    options_by_name: dict[str, tuple[Category, ...]] = {}
    for v in codebook.variables:
        if v.type not in (VariableType.SELECT_ONE, VariableType.SELECT_MULTIPLE):
            continue
        name = v.list_name or v.key
        if options_by_name.setdefault(name, v.categories) != v.categories:
            name = v.key
            options_by_name[name] = v.categories
        names[v.key] = name
    return names


def _distinct_lists(codebook: Codebook, names: dict[str, str]) -> list[tuple[str, Variable]]:
    seen: dict[str, Variable] = {}
    for v in codebook.variables:
        if v.key in names:
            seen.setdefault(names[v.key], v)
    return list(seen.items())


def _survey_row(v: Variable, list_name: str | None) -> list[str]:
    type_ = f"{v.type.value} {list_name}" if list_name else v.type.value
    return [
        type_,
        v.key,
        v.label,
        v.description,
        "yes" if v.required else "",
        v.relevant or "",
        v.role.value,
        " ".join(v.occasions),
        "yes" if v.ordered else "",
        "yes" if v.sensitive else "",
    ]


def _write_sheet(
    workbook: Any, name: str, columns: Sequence[str], rows: list[list[str]], bold: Any
) -> None:
    sheet = workbook.add_worksheet(name)
    sheet.write_row(0, 0, columns, bold)
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, row)
    sheet.freeze_panes(1, 0)
    for position, column in enumerate(columns):
        longest = max([len(column), *(len(str(row[position])) for row in rows)])
        sheet.set_column(position, position, min(max(longest + 2, 10), 60))


def read_xlsform(source: Path | bytes) -> Codebook:
    """Read a codebook from an XLSForm-style workbook; raise :class:`CodebookError` if unusable."""
    sheets = _read_sheets(source)
    problems: list[str] = []
    lists = _read_choices(sheets.get("choices", []), problems)
    settings = _read_settings(sheets.get("settings", []))
    if "survey" not in sheets:
        raise CodebookError([_("Arbetsboken saknar bladet 'survey' med kodbokens variabler.")])
    variables = _read_survey(sheets["survey"], lists, problems)
    if problems:
        raise CodebookError(problems)
    reference = settings.get("reference_date", "")
    try:
        reference_date = datetime.date.fromisoformat(reference[:10]) if reference else None
    except ValueError:
        raise CodebookError(
            [
                _(
                    "Bladet 'settings': reference_date '{value}' är inte ett datum (ÅÅÅÅ-MM-DD)."
                ).format(value=reference)
            ]
        ) from None
    codebook = Codebook(
        id=settings.get("form_id") or "kodbok",
        title=settings.get("form_title") or settings.get("form_id") or _("Namnlös kodbok"),
        version=settings.get("version") or "1",
        question=settings.get("question", ""),
        area=settings.get("area", ""),
        audience=settings.get("audience") or "vuxna",
        reference_date=reference_date,
        age_reference=settings.get("age_reference") or None,
        variables=tuple(variables),
    )
    return validate_codebook(codebook)


def _read_sheets(source: Path | bytes) -> dict[str, list[dict[str, str]]]:
    try:
        if isinstance(source, bytes):
            workbook = CalamineWorkbook.from_filelike(io.BytesIO(source))
        else:
            workbook = CalamineWorkbook.from_path(str(source))
        sheets = {}
        for name in workbook.sheet_names:
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            sheets[name.strip().casefold()] = _as_records(rows)
        return sheets
    except (CalamineError, OSError, ValueError) as error:
        raise CodebookError(
            [
                _("Kodboken kunde inte läsas som en Excel-arbetsbok (.xlsx): {error}").format(
                    error=error
                )
            ]
        ) from None


def _as_records(rows: list[list[Any]]) -> list[dict[str, str]]:
    """Rows as dicts keyed by normalised header; ``label::Svenska (sv)`` counts as ``label``."""
    if not rows:
        return []
    header = [_header_name(_cell_text(h)) for h in rows[0]]
    records: list[dict[str, str]] = []
    for row in rows[1:]:
        record: dict[str, str] = {"__row__": str(len(records) + 2)}
        for name, cell in zip(header, row, strict=False):
            if name and name not in record:
                record[name] = _cell_text(cell)
        records.append(record)
    return records


def _header_name(text: str) -> str:
    name = text.strip().casefold().split("::")[0]
    return {"description": "hint", "list name": "list_name"}.get(name, name)


def _cell_text(cell: Any) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime.datetime | datetime.date):
        return cell.isoformat()[:10]
    return str(cell).strip() if cell is not None else ""


def _read_choices(records: list[dict[str, str]], problems: list[str]) -> dict[str, list[Category]]:
    lists: dict[str, list[Category]] = {}
    for r in records:
        list_name, code = r.get("list_name", ""), r.get("name", "")
        if not list_name and not code:
            continue
        if not list_name or not code:
            problems.append(
                _(
                    "Bladet 'choices', rad {row}: både list_name och name måste vara ifyllda."
                ).format(row=r["__row__"])
            )
            continue
        lists.setdefault(list_name, []).append(Category(code, r.get("label") or code))
    return lists


def _read_settings(records: list[dict[str, str]]) -> dict[str, str]:
    return {k: v for k, v in records[0].items() if k != "__row__"} if records else {}


def _read_survey(
    records: list[dict[str, str]], lists: dict[str, list[Category]], problems: list[str]
) -> list[Variable]:
    variables = []
    for r in records:
        type_text = " ".join(r.get("type", "").split())
        if not type_text and not r.get("name"):
            continue
        if type_text.casefold() in IGNORED_TYPES:
            continue
        where = _("Bladet 'survey', rad {row}").format(row=r["__row__"])
        variable = _read_variable(r, type_text, lists, where, problems)
        if variable is not None:
            variables.append(variable)
    return variables


def _read_variable(
    r: dict[str, str],
    type_text: str,
    lists: dict[str, list[Category]],
    where: str,
    problems: list[str],
) -> Variable | None:
    type_word, _sep, list_name = type_text.partition(" ")
    try:
        type_ = VariableType(type_word.casefold())
    except ValueError:
        known = ", ".join(t.value for t in VariableType)
        problems.append(
            _("{where}: okänd typ '{type}'. Tillåtna typer: {known}.").format(
                where=where, type=type_text, known=known
            )
        )
        return None
    role_text = r.get("role", "").strip().casefold()
    role = next((x for x in Role if role_text in (x.value, x.name.casefold())), None)
    if role is None:
        known = ", ".join(x.value for x in Role)
        what = _("okänd roll '{role}'").format(role=role_text) if role_text else _("roll saknas")
        problems.append(
            _("{where}: {what}. Tillåtna roller: {known}.").format(
                where=where, what=what, known=known
            )
        )
        return None
    categories: tuple[Category, ...] = ()
    if type_ in (VariableType.SELECT_ONE, VariableType.SELECT_MULTIPLE):
        if not list_name:
            problems.append(
                _(
                    "{where}: typen {type} måste följas av namnet på en svarslista, t.ex. '{type} risk'."
                ).format(where=where, type=type_.value)
            )
            return None
        categories = tuple(lists.get(list_name, ()))
    return Variable(
        key=r.get("name", ""),
        label=r.get("label", ""),
        type=type_,
        role=role,
        description=r.get("hint", ""),
        categories=categories,
        list_name=list_name or None,
        required=r.get("required", "").casefold() in TRUE_WORDS,
        relevant=r.get("relevant") or None,
        occasions=tuple(r.get("occasion", "").split()),
        ordered=r.get("ordinal", "").casefold() in TRUE_WORDS,
        sensitive=r.get("sensitive", "").casefold() in TRUE_WORDS,
    )
