"""XLSForm ``relevant`` (skip-logic) expressions: parse, check and evaluate over a DataFrame.

A codebook variable may carry a ``relevant`` expression such as ``${beslut_insats} = 'ja'``
saying when the question applies. :func:`parse_relevance` checks the text and reports problems
as :class:`RelevanceError` with a Swedish message and a character position;
:meth:`Expression.evaluate` computes the condition for every row of a frame at once (vectorised
with numpy/pandas, no per-row Python).

Supported subset of XLSForm/XPath
---------------------------------
- References ``${name}`` where ``name`` matches ``[A-Za-z_][A-Za-z0-9_]*``. ``.`` (the current
  question) is not supported.
- Literals: ``'text'`` or ``"text"`` (no escapes), numbers ``15``, ``2.5``, ``-1``, and
  ``true()`` / ``false()``.
- Comparisons ``=  !=  <  <=  >  >=`` (not chained: ``a = b = c`` is an error).
- ``and``, ``or`` (also ``AND``, ``OR``), ``not(...)`` and parentheses. Precedence:
  ``or`` < ``and`` < comparison < primary.
- Functions ``selected(${multi}, 'code')``, ``count-selected(${multi})``,
  ``string-length(${x})``; their first argument must be a reference and the code a literal.
- Not supported (clear errors): arithmetic (``+ - * div mod``), other functions, ``==``.
- The whole expression, and every operand of ``and``/``or``/``not``, must be a condition:
  ``${x}`` alone is rejected with a hint to write ``${x} != ''``. A condition may only be
  compared with another condition, with ``=`` or ``!=``.

Semantics (per row)
-------------------
- Missing values are NA/NaN/NaT and, in text columns, the empty string.
- ``X = ''`` is true exactly when X is missing; ``X != ''`` when it is present.
- Every other comparison involving a missing value is **false** (also ``!=``), so
  ``not(...)`` of such a comparison is true. The result never contains NA.
- The comparison domain is chosen from the operands: a date column on either side compares
  as dates (text literals are parsed as ISO dates ``'2024-01-31'``, text columns with
  ``pandas.to_datetime(format="ISO8601", errors="coerce")``); otherwise a numeric column, a
  number literal or a number-valued function on either side compares as numbers (text columns
  are converted with ``pandas.to_numeric(errors="coerce")``, quoted literals such as ``'15'``
  are read as numbers); otherwise the values compare as text (``<`` etc. lexicographically).
  Values that cannot be converted count as missing. Boolean columns are numbers 0/1.
- ``selected(${m}, 'c')`` is true when the whitespace-separated codes in the cell include
  exactly ``c`` (``'vald'`` does not match ``'vald_mot_barn'``); ``count-selected`` counts the
  codes and ``string-length`` the characters (both 0 for a missing value).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
import numpy.typing as npt
import pandas as pd
from pandas.api.types import (
    is_bool_dtype,
    is_datetime64_any_dtype,
    is_float_dtype,
    is_numeric_dtype,
)

from isu.codebook._relevance_parser import (
    NUMBER_TEXT,
    BoolOp,
    Call,
    Compare,
    Literal,
    Node,
    Not,
    Parser,
    Ref,
    RelevanceError,
    describe,
    where,
)
from isu.i18n import _

__all__ = [
    "BoolOp",
    "Call",
    "Compare",
    "Expression",
    "Literal",
    "Node",
    "Not",
    "Ref",
    "RelevanceError",
    "parse_relevance",
]

Mask = npt.NDArray[np.bool_]
_ISO_DATE = re.compile(r"\s*\d{4}-\d{2}-\d{2}(?:[T ][0-9:.]+)?\s*\Z")
_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "=": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def parse_relevance(source: str) -> Expression:
    """Parse and check an XLSForm ``relevant`` expression; raise :class:`RelevanceError`."""
    tree = Parser(source).parse()
    return Expression(source, frozenset(ref.name for ref in _ref_nodes(tree)), tree)


@dataclass(frozen=True)
class Expression:
    """A parsed ``relevant`` expression."""

    source: str
    names: frozenset[str]
    tree: Node = field(repr=False)

    def evaluate(self, frame: pd.DataFrame) -> pd.Series[bool]:
        """Evaluate for every row; a ``bool`` Series aligned with ``frame.index``, never NA."""
        for ref in _ref_nodes(self.tree):
            if ref.name not in frame.columns:
                raise RelevanceError(
                    _("Variabeln '{name}' {where} finns inte i datan.").format(
                        name=ref.name, where=where(self.source, ref.pos)
                    ),
                    self.source,
                    ref.pos,
                )
            if isinstance(frame[ref.name], pd.DataFrame):
                raise RelevanceError(
                    _("Variabeln '{name}' {where} förekommer i flera kolumner i datan.").format(
                        name=ref.name, where=where(self.source, ref.pos)
                    ),
                    self.source,
                    ref.pos,
                )
        result = _Evaluator(frame, self.source).condition(self.tree)
        return pd.Series(np.array(result, dtype=bool), index=frame.index, dtype=bool)


def _ref_nodes(node: Node) -> list[Ref]:
    if isinstance(node, Ref):
        return [node]
    if isinstance(node, Compare | BoolOp):
        return _ref_nodes(node.left) + _ref_nodes(node.right)
    if isinstance(node, Not):
        return _ref_nodes(node.operand)
    if isinstance(node, Call):
        return [ref for arg in node.args for ref in _ref_nodes(arg)]
    return []


@dataclass(frozen=True)
class _Operand:
    """One side of a comparison in a single domain.

    ``values`` is a numpy array (num, date, bool), a string Series (str) or a scalar (literal);
    ``present`` says where the value is not missing.
    """

    domain: str  # "num" | "date" | "str" | "bool"
    values: Any
    present: Mask | bool
    node: Node


class _Evaluator:
    def __init__(self, frame: pd.DataFrame, source: str) -> None:
        self.frame = frame
        self.source = source
        self.size = len(frame)

    def condition(self, node: Node) -> Mask:
        if isinstance(node, BoolOp):
            left, right = self.condition(node.left), self.condition(node.right)
            return left & right if node.op == "and" else left | right
        if isinstance(node, Not):
            return ~self.condition(node.operand)
        if isinstance(node, Compare):
            return self._compare(node)
        if isinstance(node, Call) and node.name == "selected":
            assert isinstance(node.args[0], Ref) and isinstance(node.args[1], Literal)
            pattern = rf"(?:^|\s){re.escape(str(node.args[1].value))}(?:\s|$)"
            found = self._per_distinct(node.args[0].name, lambda t: t.str.contains(pattern))
            return found.astype(bool)
        if isinstance(node, Literal) and isinstance(node.value, bool):
            return np.full(self.size, node.value)
        raise AssertionError(f"not a condition: {node!r}")  # the parser prevents this

    def _per_distinct(
        self, name: str, function: Callable[[pd.Series[str]], pd.Series[Any]]
    ) -> npt.NDArray[np.float64]:
        """``function`` applied once per distinct text of a column (0 where missing).

        Multiple-choice columns hold few distinct answers, so this is much faster than
        running a regular expression on every row.
        """
        codes, distinct = pd.factorize(self._text(name))
        per_value = function(pd.Series(np.asarray(distinct, dtype=object), dtype="string"))
        # Code -1 (missing) picks the 0 appended at the end.
        return np.append(per_value.to_numpy("float64", na_value=0.0), 0.0)[codes]

    def _mask(self, values: Any) -> Mask:
        if isinstance(values, pd.Series):
            values = values.to_numpy(dtype=bool, na_value=False)
        return np.broadcast_to(np.asarray(values, dtype=bool), (self.size,))

    def _fail(self, template: str, node: Node, **values: str) -> RelevanceError:
        message = template.format(where=where(self.source, node.pos), **values)
        return RelevanceError(message, self.source, node.pos)

    # Comparisons -----------------------------------------------------------------------------

    def _compare(self, node: Compare) -> Mask:
        left, right = self._operand(node.left), self._operand(node.right)
        for side, other in ((node.left, right), (node.right, left)):
            if isinstance(side, Literal) and side.value == "":
                present = self._mask(other.present)
                return present if node.op == "!=" else ~present
        domains = {left.domain, right.domain}
        domain = next(d for d in ("bool", "date", "num", "str") if d in domains)
        left, right = self._convert(left, domain, right), self._convert(right, domain, left)
        result = self._mask(_OPERATORS[node.op](left.values, right.values))
        return result & self._mask(left.present) & self._mask(right.present)

    def _operand(self, node: Node) -> _Operand:
        if isinstance(node, Ref):
            return self._column(node)
        if isinstance(node, Literal):
            if isinstance(node.value, bool):
                return _Operand("bool", node.value, True, node)
            if isinstance(node.value, str):
                return _Operand("str", node.value, node.value != "", node)
            return _Operand("num", node.value, True, node)
        if isinstance(node, Call) and node.name != "selected":
            assert isinstance(node.args[0], Ref)
            if node.name == "count-selected":
                counts = self._per_distinct(node.args[0].name, lambda t: t.str.count(r"\S+"))
            else:
                lengths = self._text(node.args[0].name).str.len()
                counts = np.asarray(lengths.to_numpy("float64", na_value=0.0), dtype=np.float64)
            return _Operand("num", counts, True, node)
        return _Operand("bool", self.condition(node), True, node)

    def _column(self, ref: Ref) -> _Operand:
        column = self.frame[ref.name]
        dtype = column.dtype
        if is_datetime64_any_dtype(dtype):
            if getattr(dtype, "tz", None) is not None:
                column = column.dt.tz_localize(None)
            dates = column.to_numpy()
            return _Operand("date", dates, ~np.isnat(dates), ref)
        if is_numeric_dtype(dtype) or is_bool_dtype(dtype):
            numbers = column.to_numpy(dtype="float64", na_value=np.nan)
            return _Operand("num", numbers, ~np.isnan(numbers), ref)
        text = self._text(ref.name)
        present = text.notna().to_numpy() & self._mask(text != "")
        return _Operand("str", text, present, ref)

    def _text(self, name: str) -> pd.Series[str]:
        """The column as pandas text (numbers without a trailing ``.0``, dates as ISO)."""
        column: pd.Series[Any] = self.frame[name]
        if is_datetime64_any_dtype(column.dtype):
            column = column.dt.strftime("%Y-%m-%d")
        elif is_float_dtype(column.dtype):
            numbers = column.dropna().to_numpy(dtype="float64")
            if bool(np.all(numbers % 1 == 0)):
                column = column.astype("Int64")
        if not isinstance(column.dtype, pd.StringDtype):
            column = column.astype("string")
        return cast("pd.Series[str]", column)

    def _convert(self, operand: _Operand, domain: str, other: _Operand) -> _Operand:
        """Bring ``operand`` into ``domain``; the ``other`` side only names the partner in errors."""
        if operand.domain == domain:
            return operand
        values = operand.values
        if domain == "date":
            if operand.domain != "str":
                raise self._fail(
                    _(
                        "Värdet {what} {where} är ett tal och kan inte jämföras med datumet {other}."
                    ),
                    operand.node,
                    what=describe(operand.node),
                    other=describe(other.node),
                )
            if isinstance(values, str):
                return _Operand(domain, self._date_literal(operand, other), True, operand.node)
            dates = pd.to_datetime(values, errors="coerce", format="ISO8601").to_numpy()
            return _Operand(domain, dates, ~np.isnat(dates), operand.node)
        # domain == "num", operand is text
        if isinstance(values, str):
            if not NUMBER_TEXT.match(values):
                raise self._fail(
                    _("Texten '{text}' {where} är inte ett tal och kan inte jämföras med {other}."),
                    operand.node,
                    text=values,
                    other=describe(other.node),
                )
            return _Operand(domain, float(values), True, operand.node)
        numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        return _Operand(domain, numbers, ~np.isnan(numbers), operand.node)

    def _date_literal(self, operand: _Operand, other: _Operand) -> np.datetime64:
        text = str(operand.values).strip()
        try:
            if _ISO_DATE.match(text):
                return pd.Timestamp(text).to_datetime64()
        except ValueError:
            pass
        raise self._fail(
            _(
                "Texten '{text}' {where} är inte ett datum som '2024-01-31' "
                "och kan inte jämföras med {other}."
            ),
            operand.node,
            text=text,
            other=describe(other.node),
        )
