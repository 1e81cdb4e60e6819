"""Record forms generated from a codebook, checked by the same rules as an import.

A record is entered in two steps. The first asks for the occasion and who the record is about
(personnummer, or klientnummer for people without one, and the date the age is counted at).
The personnummer is turned into a pseudonym, legal sex and age at once and is never kept: the
second step carries only a signed :class:`Identity` with what was derived. The second step asks
the codebook's questions for that occasion; editing a record asks them again.

Every step is checked by writing the answers as a one-row table and running
:func:`isu.ingest.validate_table`, so a form accepts exactly what an import accepts and stores
the values in the same form (see :mod:`isu.web.followups.storage`).
"""

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django import forms
from django.core import signing
from django.utils import formats
from django.utils.html import escape, format_html
from django.utils.translation import gettext as _

from isu.codebook import (
    AGE,
    CLIENT_ID,
    LEGAL_SEX,
    OCCASION,
    Codebook,
    Role,
    Variable,
    VariableType,
)
from isu.codebook.relevance import parse_relevance
from isu.ingest import PSEUDONYM, RawTable, ValidationResult, validate_table
from isu.ingest.issues import Severity
from isu.web.followups.storage import json_value, values_of

T = VariableType
SIGNING_SALT = "isu.web.followups.record-identity"
TOKEN_MAX_AGE = 8 * 60 * 60  # a working day, as long as a session
FORM_CLIENT_ID = "formulär"  # stands in for the identity when the answers of step 2 are checked
FORM_ROW = 2  # the one row sits where a file's first data row would


@dataclass(frozen=True)
class Identity:
    """Who a new record is about, as the first step derived it; never the personnummer."""

    pseudonym: str
    occasion: str
    settled: dict[str, Any]  # answers fixed in step 1: the age date; sex and age if derived
    derived: bool  # legal sex and age come from a personnummer

    def sign(self) -> str:
        return signing.dumps(dataclasses.asdict(self), salt=SIGNING_SALT, compress=True)

    @classmethod
    def from_token(cls, token: str) -> "Identity | None":
        try:
            return cls(**signing.loads(token, salt=SIGNING_SALT, max_age=TOKEN_MAX_AGE))
        except (signing.BadSignature, TypeError):
            return None


def personnummer_key(codebook: Codebook) -> str | None:
    return next((v.key for v in codebook.variables if v.type is T.PERSONNUMMER), None)


def identity_keys(codebook: Codebook) -> list[str]:
    """The variables of the first step: occasion first, then who and when."""
    keys = {CLIENT_ID, codebook.age_reference, personnummer_key(codebook)}
    rest = [v.key for v in codebook.variables if v.key in keys]
    return ([OCCASION] if len(codebook.occasions) > 1 else []) + rest


def question_variables(codebook: Codebook, occasion: str, settled: Iterable[str]) -> list[Variable]:
    """The questions asked at *occasion*, leaving out identity and what is *settled*."""
    skip = {CLIENT_ID, OCCASION, *settled}
    return [
        v
        for v in codebook.variables
        if v.type is not T.PERSONNUMMER and v.key not in skip and v.measured_at(occasion)
    ]


# --- Fields -----------------------------------------------------------------------------------


class UnechoedInput(forms.TextInput):
    """A text input that never writes a submitted value back into the page (personnummer)."""

    def format_value(self, value: Any) -> None:
        return None


def field_for(variable: Variable) -> forms.Field:
    options: dict[str, Any] = {
        "label": _label(variable),
        "help_text": escape(variable.description),  # Django renders help texts unescaped
        # Whether an answer is required depends on the occasion and the skip rules: the import
        # rules decide, in check().
        "required": False,
    }
    choices = [(c.code, c.label) for c in variable.categories]
    kind = variable.type
    if kind is T.SELECT_ONE:
        return forms.ChoiceField(choices=[("", _("Välj …")), *choices], **options)
    if kind is T.YES_NO:
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **options)
    if kind is T.SELECT_MULTIPLE:
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **options
        )
    if kind is T.PERSONNUMMER:
        attrs = {"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"}
        return forms.CharField(widget=UnechoedInput(attrs=attrs), **options)
    widget: forms.Widget = {
        T.INTEGER: forms.NumberInput(attrs={"step": "1"}),
        T.DECIMAL: forms.NumberInput(attrs={"step": "any"}),
        T.DATE: forms.TextInput(attrs={"type": "date"}),
    }.get(kind, forms.TextInput())
    return forms.CharField(widget=widget, **options)


def _label(variable: Variable) -> str:
    if not variable.required:
        return variable.label
    return format_html(
        '{} <span class="required-mark">{}</span>', variable.label, _("(obligatorisk)")
    )


class CodebookForm(forms.Form):
    """One field per variable, named by its key."""

    def __init__(self, variables: Iterable[Variable], *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.variables = {v.key: v for v in variables}
        for variable in self.variables.values():
            self.fields[variable.key] = field_for(variable)

    def cell_texts(self) -> dict[str, str]:
        """The answers as the cells of a data file would hold them."""
        return {
            key: ";".join(value) if isinstance(value, list) else str(value or "")
            for key, value in self.cleaned_data.items()
        }


def validate_row(codebook: Codebook, cells: Mapping[str, str]) -> ValidationResult:
    """Check one record's answers (key → text) as a one-row file."""
    data = pd.DataFrame(
        {
            i: pd.Series([text], index=[FORM_ROW], dtype="str")
            for i, text in enumerate(cells.values())
        }
    )
    return validate_table(RawTable(tuple(cells), data, "form"), codebook)


def _issues(result: ValidationResult) -> list[tuple[str | None, dict[str, Any]]]:
    """(variable key or None, issue) for each issue, in reading order."""
    keys = {shown: key for key, shown in result.columns.names.items()}
    return [(keys.get(issue["column"]), issue) for issue in result.issues.to_dict("records")]


class IdentityForm(CodebookForm):
    """Step 1: occasion, personnummer or klientnummer, and the date the age is counted at."""

    def __init__(self, codebook: Codebook, *args: Any, **kwargs: Any) -> None:
        self.codebook = codebook
        super().__init__([codebook[key] for key in identity_keys(codebook)], *args, **kwargs)
        self.personnummer = personnummer_key(codebook)
        self.identity_field = self.personnummer or CLIENT_ID
        self.existing: Any = None  # a record already stored for this person and occasion

    def given_identity_field(self) -> str:
        """The identity field the user filled in (the personnummer wins, as in an import)."""
        given = self.cleaned_data.get(self.identity_field) if self.personnummer else ""
        return self.identity_field if given or CLIENT_ID not in self.fields else CLIENT_ID

    def check(self) -> Identity | None:
        """The derived identity, or None with the errors next to the fields."""
        if not self.is_valid():
            return None
        cells = self.cell_texts()
        result = validate_row(self.codebook, cells)
        for key, issue in _issues(result):
            if issue["severity"] != Severity.ERROR:
                continue
            if key is None and issue["column"] not in self.codebook:
                key = self.identity_field  # "personnummer/klientnummer": no identity given
            if key in self.fields:
                self.add_error(key, issue["message"])
        if self.errors:
            return None
        row = result.records.iloc[0].to_dict()
        derived = bool(self.personnummer and cells.get(self.personnummer, "").strip())
        settled_keys = [self.codebook.age_reference] + ([LEGAL_SEX, AGE] if derived else [])
        settled = {k: json_value(row.get(k)) for k in settled_keys if k and k in self.codebook}
        occasion = json_value(row.get(OCCASION))
        return Identity(str(row[PSEUDONYM]), str(occasion or ""), settled, derived)


class AnswersForm(CodebookForm):
    """Step 2 and editing: the questions of one occasion, checked with the import rules."""

    def __init__(
        self,
        codebook: Codebook,
        occasion: str,
        settled: Mapping[str, Any],
        *args: Any,
        **kwargs: Any,
    ) -> None:
        self.codebook, self.occasion, self.settled = codebook, occasion, dict(settled)
        variables = question_variables(codebook, occasion, settled)
        super().__init__(variables, *args, **kwargs)

    def check(self) -> dict[str, Any] | None:
        """The values to store (as an import stores them), or None with the errors added."""
        if not self.is_valid():
            return None
        cells = {v.key: "" for v in self.codebook.variables if v.type is not T.PERSONNUMMER}
        cells |= {key: _text(value) for key, value in self.settled.items()}
        cells |= self.cell_texts()
        cells[CLIENT_ID] = FORM_CLIENT_ID  # the identity is known: it was checked in step 1
        if OCCASION in self.codebook:
            cells[OCCASION] = self.occasion
        result = validate_row(_with_client_id(self.codebook), cells)
        for key, issue in _issues(result):
            self._add_issue(key, issue)
        if self.errors:
            return None
        return values_of(result.records.iloc[0].to_dict())

    def _add_issue(self, key: str | None, issue: dict[str, Any]) -> None:
        error = issue["severity"] == Severity.ERROR
        if key in self.fields:
            # An answer to a question that does not apply is a warning in an import (the value
            # is dropped); a form refuses it, so nothing typed is silently lost.
            message = issue["message"] if error else not_applicable(self.codebook[key], self)
            self.add_error(key, message)
        elif error and key is not None and key != CLIENT_ID:
            label = self.codebook[key].label if key in self.codebook else key
            self.add_error(None, f"{label}: {issue['message']}")
        elif error and key is None and issue["column"] not in self.codebook:
            self.add_error(None, issue["message"])

    def rules(self) -> dict[str, Any]:
        """What record-form.js needs to apply the skip rules in the page."""
        context = {key: _text(value) for key, value in self.settled.items()}
        if OCCASION in self.codebook:
            context[OCCASION] = self.occasion
        return {
            "rules": [[v.key, v.relevant] for v in self.variables.values() if v.relevant],
            "types": {v.key: v.type.value for v in self.codebook.variables},
            "context": context,
        }


def not_applicable(variable: Variable, form: AnswersForm) -> str:
    if variable.relevant:
        return _(
            "Frågan ska bara besvaras när {condition}. Ta bort svaret eller ändra svaret på "
            "den fråga villkoret gäller."
        ).format(condition=describe_rule(variable.relevant, form.codebook))
    return _("Frågan ställs inte vid det här tillfället. Ta bort svaret.")


def describe_rule(rule: str, codebook: Codebook) -> str:
    """A skip rule with the questions' labels in place of ``${key}``."""

    def label(match: re.Match[str]) -> str:
        variable = codebook.get(match[1])
        return f"”{variable.label}”" if variable else match[0]

    return re.sub(r"\$\{([A-Za-z0-9_]+)\}", label, rule)


def _with_client_id(codebook: Codebook) -> Codebook:
    """*codebook* with a klientnummer variable, to stand in for an identity already checked."""
    if CLIENT_ID in codebook:
        return codebook
    client = Variable(CLIENT_ID, "Klientnummer", T.TEXT, Role.IDENTITY)
    return dataclasses.replace(codebook, variables=(*codebook.variables, client))


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def initial_answers(values: Mapping[str, Any], variables: Iterable[Variable]) -> dict[str, Any]:
    """Stored values as the form's initial data (multiple choice as a list of codes)."""
    initial: dict[str, Any] = {}
    for variable in variables:
        value = values.get(variable.key)
        if value is not None:
            multiple = variable.type is T.SELECT_MULTIPLE
            initial[variable.key] = str(value).split() if multiple else str(value)
    return initial


def changes_between(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{variable: [old, new]}`` for every value that differs."""
    keys = [*old, *(k for k in new if k not in old)]
    return {k: [old.get(k), new.get(k)] for k in keys if old.get(k) != new.get(k)}


# --- Showing stored values --------------------------------------------------------------------


def display_value(variable: Variable | None, value: Any, *, reveal: bool = False) -> str:
    """A stored value as the user reads it: labels for codes, a decimal comma for numbers.

    Sensitive answers (gender identity) are only ever shown aggregated, so a record page says
    that one was given, not what it was, unless *reveal* (the edit form needs the value).
    """
    if value is None or value == "":
        return "–"
    if variable is None:
        return str(value)
    if variable.sensitive and not reveal:
        return _("Besvarad (känslig uppgift, visas inte)")
    if variable.type is T.SELECT_MULTIPLE:
        return ", ".join(variable.label_of(code) for code in str(value).split())
    if variable.type.has_categories:
        return variable.label_of(str(value))
    if variable.type.is_numeric:
        return str(formats.localize(value))
    return str(value)


def completeness(frame: pd.DataFrame, codebook: Codebook) -> tuple[pd.Series, pd.Series]:
    """Per record: required questions answered, and required questions that apply (by occasion
    and skip rule), computed on the frame from :func:`storage.frame_from_rows`."""
    answered = pd.Series(0, index=frame.index)
    applicable = pd.Series(0, index=frame.index)
    occasion = frame[OCCASION].astype("string") if OCCASION in frame else None
    for variable in codebook.variables:
        if not variable.required or variable.key in (OCCASION, CLIENT_ID, PSEUDONYM):
            continue
        if variable.key not in frame:
            continue
        applies = pd.Series(True, index=frame.index)
        if variable.occasions and occasion is not None:
            applies &= occasion.isin(variable.occasions).fillna(False).astype(bool)
        if variable.relevant:
            expression = parse_relevance(variable.relevant)
            if expression.names <= set(frame.columns):
                applies &= expression.evaluate(frame)
        applicable += applies.astype(int)
        answered += (applies & frame[variable.key].notna()).astype(int)
    return answered, applicable
