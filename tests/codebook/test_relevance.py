"""Tests for XLSForm ``relevant`` expressions: parsing, error messages and vectorised evaluation."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from isu.codebook.relevance import (
    BoolOp,
    Call,
    Compare,
    Literal,
    Node,
    Not,
    Ref,
    RelevanceError,
    parse_relevance,
)


def evaluate(source: str, frame: pd.DataFrame) -> list[bool]:
    return parse_relevance(source).evaluate(frame).tolist()


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "beslut": pd.Series(["ja", "nej", None, "", "ja"], dtype="str"),
            "alder": pd.Series([15, 3, None, 20, 14], dtype="Int64"),
            "skal": pd.Series(
                ["vald_mot_barn missbruk", "vald", None, "", "missbruk  vald"], dtype="str"
            ),
            "datum": pd.to_datetime(
                pd.Series(["2024-01-01", None, "2024-03-01", "2023-12-31", "2024-02-01"])
            ),
            "poang": pd.Series([1.5, np.nan, 15.0, 0.0, -1.0], dtype="float64"),
        }
    )


# --- Parsing --------------------------------------------------------------------------------


def test_names_are_collected_from_every_reference() -> None:
    expression = parse_relevance(
        "${a} = 'ja' and (selected(${b}, 'x') or count-selected(${c}) > 1) and not(${a} = ${d})"
    )
    assert expression.names == frozenset({"a", "b", "c", "d"})
    assert expression.source.startswith("${a}")


def test_an_expression_without_references_has_no_names() -> None:
    assert parse_relevance("true()").names == frozenset()


def test_and_binds_tighter_than_or_when_parsing() -> None:
    tree = parse_relevance("${a} = 1 or ${b} = 2 and ${c} = 3").tree
    assert tree == BoolOp(
        "or",
        Compare("=", Ref("a"), Literal(1.0)),
        BoolOp("and", Compare("=", Ref("b"), Literal(2.0)), Compare("=", Ref("c"), Literal(3.0))),
    )


def test_upper_case_and_or_are_accepted() -> None:
    assert (
        parse_relevance("${a} = 1 AND ${b} = 2 OR ${c} = 3").tree
        == parse_relevance("${a} = 1 and ${b} = 2 or ${c} = 3").tree
    )


def test_numbers_may_be_negative_or_decimal_and_strings_use_either_quote() -> None:
    tree = parse_relevance('${a} >= -1.5 and ${b} = "it\'s" and ${c} != .5').tree
    assert tree == BoolOp(
        "and",
        BoolOp(
            "and", Compare(">=", Ref("a"), Literal(-1.5)), Compare("=", Ref("b"), Literal("it's"))
        ),
        Compare("!=", Ref("c"), Literal(0.5)),
    )


def test_a_number_code_in_selected_is_read_as_text() -> None:
    assert parse_relevance("selected(${a}, 3)").tree == Call("selected", (Ref("a"), Literal("3")))


@pytest.mark.parametrize(
    ("source", "position", "fragment"),
    [
        ("", 0, "tomt"),
        ("   ", 0, "tomt"),
        ("${a} = ", 7, "ett värde saknas efter '='"),
        ("= 'ja'", 0, "Ett värde saknas före '='"),
        ("${a} = 'ja' and", 15, "ett värde saknas efter 'and'"),
        ("${a} = 'ja' and or ${b} = 'x'", 16, "mellan 'and' och 'or'"),
        ("(${a} = 'ja'", 0, "stängs aldrig"),
        ("not(${a} = 'ja'", 3, "stängs aldrig"),
        ("${a} = 'ja')", 11, "utan matchande '('"),
        ("foo(${a}) = 1", 0, "Okänd funktion 'foo()'"),
        ("today() > 1", 0, "Okänd funktion 'today()'"),
        ("${a} # 2", 5, "Okänt tecken '#'"),
        ("${a} = 'ja' & ${b} = 1", 12, "Okänt tecken '&'"),
        ("${a} = 'ja", 7, "saknar avslutande citattecken"),
        ('${a} = "ja', 7, "saknar avslutande citattecken"),
        (". = 'ja'", 0, "'.' (den aktuella frågan) stöds inte"),
        ("${a} + 1 > 2", 5, "Räkneoperationer"),
        ("${a} div 2 > 2", 5, "Räkneoperationer"),
        ("${a} == 'ja'", 5, "Använd '='"),
        ("${a} = ja", 7, "Okänt ord 'ja'"),
        ("${a} = ‘ja’", 7, "Typografiska citattecken"),
        ("${1a} = 2", 0, "Ogiltigt variabelnamn '1a'"),
        ("${ålder} = 2", 0, "Ogiltigt variabelnamn 'ålder'"),
        ("${a = 2", 0, "Ofullständig variabelreferens"),
        ("$a = 2", 0, "Ofullständig variabelreferens"),
        ("${a = 2 and ${b} = 1", 0, "Ofullständig variabelreferens"),
        ("${a b} = 2", 0, "Ofullständig variabelreferens"),
        ("${a} = 1 = 2", 9, "kan inte kedjas"),
        ("${a} = 'ja' 'nej'", 12, "Oväntat 'nej'"),
        ("${a}", 0, "är ett värde, inte ett villkor"),
        ("${a} and ${b} = 1", 0, "${a} != ''"),
        ("not(${a})", 4, "är ett värde, inte ett villkor"),
        ("${a} = true()", 5, "kan bara jämföras med ett annat villkor"),
        ("${a} > ''", 5, "Tom text ('')"),
        ("count-selected(${a}) = 'x'", 23, "Texten 'x'"),
        ("selected(${a})", 0, "tar 2 argument men fick 1"),
        ("selected('x', 'y')", 0, "kräver en variabel"),
        ("selected(${a}, ${b})", 0, "kod inom citattecken"),
        ("selected(${a}, 'två ord')", 15, "får inte vara tom eller innehålla mellanslag"),
        ("true = ${a}", 0, "Skriv true(…) med parenteser"),
        ("not ${a} = 'x'", 0, "Skriv not(…) med parenteser"),
    ],
)
def test_syntax_errors_are_reported_in_swedish_with_a_position(
    source: str, position: int, fragment: str
) -> None:
    with pytest.raises(RelevanceError) as caught:
        parse_relevance(source)
    assert fragment in str(caught.value)
    assert caught.value.position == position
    assert caught.value.expression == source


def test_error_messages_quote_the_expression_and_count_characters_from_one() -> None:
    with pytest.raises(RelevanceError) as caught:
        parse_relevance("${a} # 2")
    assert str(caught.value) == "Okänt tecken '#' vid tecken 6 i villkoret '${a} # 2'."
    with pytest.raises(RelevanceError) as caught:
        parse_relevance("${a} = ")
    assert str(caught.value) == (
        "Villkoret är ofullständigt: ett värde saknas efter '=' i slutet av villkoret '${a} = '."
    )


def test_relevance_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="tomt"):
        parse_relevance("")


# --- Evaluation -----------------------------------------------------------------------------


def test_equality_on_codes_is_false_where_the_value_is_missing(frame: pd.DataFrame) -> None:
    assert evaluate("${beslut} = 'ja'", frame) == [True, False, False, False, True]


def test_not_equal_is_also_false_where_the_value_is_missing(frame: pd.DataFrame) -> None:
    assert evaluate("${beslut} != 'ja'", frame) == [False, True, False, False, False]


def test_comparing_with_empty_text_detects_missing_values_in_any_column_type(
    frame: pd.DataFrame,
) -> None:
    assert evaluate("${beslut} = ''", frame) == [False, False, True, True, False]
    assert evaluate("${beslut} != ''", frame) == [True, True, False, False, True]
    assert evaluate("'' = ${alder}", frame) == [False, False, True, False, False]
    assert evaluate("${datum} = ''", frame) == [False, True, False, False, False]
    assert evaluate("${poang} != ''", frame) == [True, False, True, True, True]


def test_numeric_comparison_on_int64_with_missing_values(frame: pd.DataFrame) -> None:
    assert evaluate("${alder} >= 15", frame) == [True, False, False, True, False]
    assert evaluate("${alder} < 15", frame) == [False, True, False, False, True]
    assert evaluate("${poang} > -1", frame) == [True, False, True, True, False]
    assert evaluate("${poang} = 1.5", frame) == [True, False, False, False, False]


def test_a_quoted_number_compares_numerically_with_a_numeric_column(frame: pd.DataFrame) -> None:
    assert evaluate("${alder} = '15'", frame) == [True, False, False, False, False]
    assert evaluate("${alder} > '9'", frame) == [True, False, False, True, True]


def test_a_text_column_is_converted_to_numbers_when_compared_with_a_number() -> None:
    frame = pd.DataFrame({"kod": pd.Series(["1", "01", "x", None, "2.5"], dtype="str")})
    assert evaluate("${kod} = 1", frame) == [True, True, False, False, False]
    assert evaluate("${kod} != 1", frame) == [False, False, False, False, True]


def test_text_columns_compare_as_text_with_quoted_literals() -> None:
    frame = pd.DataFrame({"kod": pd.Series(["10", "9", "b", None], dtype="str")})
    assert evaluate("${kod} < 'a'", frame) == [True, True, False, False]


def test_dates_compare_with_iso_date_literals(frame: pd.DataFrame) -> None:
    assert evaluate("${datum} >= '2024-02-01'", frame) == [False, False, True, False, True]
    assert evaluate("${datum} = '2024-01-01'", frame) == [True, False, False, False, False]
    assert evaluate("'2024-01-01' < ${datum}", frame) == [False, False, True, False, True]


def test_timezone_aware_dates_compare_by_local_wall_time() -> None:
    dates = pd.to_datetime(pd.Series(["2024-01-31 23:30", None])).dt.tz_localize("Europe/Stockholm")
    frame = pd.DataFrame({"d": dates})
    assert evaluate("${d} > '2024-01-31'", frame) == [True, False]


def test_selected_matches_whole_codes_only(frame: pd.DataFrame) -> None:
    assert evaluate("selected(${skal}, 'vald')", frame) == [False, True, False, False, True]
    assert evaluate("selected(${skal}, 'vald_mot_barn')", frame) == [
        True,
        False,
        False,
        False,
        False,
    ]
    assert evaluate("selected(${skal}, 'mot')", frame) == [False] * 5


def test_selected_escapes_regular_expression_characters() -> None:
    frame = pd.DataFrame({"m": pd.Series(["a.b", "axb", "a"], dtype="str")})
    assert evaluate("selected(${m}, 'a.b')", frame) == [True, False, False]


def test_selected_on_a_numeric_column_matches_the_number_as_a_code() -> None:
    frame = pd.DataFrame({"n": pd.Series([3.0, 13.0, None], dtype="Float64")})
    assert evaluate("selected(${n}, '3')", frame) == [True, False, False]


def test_count_selected_counts_codes_and_treats_missing_as_zero(frame: pd.DataFrame) -> None:
    assert evaluate("count-selected(${skal}) = 2", frame) == [True, False, False, False, True]
    assert evaluate("count-selected(${skal}) = 0", frame) == [False, False, True, True, False]


def test_string_length_counts_characters(frame: pd.DataFrame) -> None:
    assert evaluate("string-length(${beslut}) = 2", frame) == [True, False, False, False, True]
    assert evaluate("string-length(${beslut}) < 1", frame) == [False, False, True, True, False]


def test_and_binds_tighter_than_or(frame: pd.DataFrame) -> None:
    source = "${beslut} = 'nej' or ${beslut} = 'ja' and ${alder} >= 15"
    assert evaluate(source, frame) == [True, True, False, False, False]
    grouped = "(${beslut} = 'nej' or ${beslut} = 'ja') and ${alder} >= 15"
    assert evaluate(grouped, frame) == [True, False, False, False, False]


def test_not_of_a_comparison_with_a_missing_value_is_true(frame: pd.DataFrame) -> None:
    assert evaluate("not(${alder} >= 15)", frame) == [False, True, True, False, True]


def test_conditions_can_be_compared_with_each_other(frame: pd.DataFrame) -> None:
    assert evaluate("selected(${skal}, 'vald') = false()", frame) == [
        True,
        False,
        True,
        True,
        False,
    ]
    assert evaluate("(${alder} > 10) != (${beslut} = 'ja')", frame) == [
        False,
        False,
        False,
        True,
        False,
    ]


def test_a_constant_expression_fills_every_row(frame: pd.DataFrame) -> None:
    assert evaluate("true()", frame) == [True] * 5
    assert evaluate("1 = '1' and not(false())", frame) == [True] * 5


def test_the_result_is_a_plain_bool_series_aligned_with_the_frame_index() -> None:
    frame = pd.DataFrame(
        {"a": pd.Series(["ja", None, "nej"], dtype="string", index=["x", "y", "z"])}
    )
    result = parse_relevance("${a} != 'nej'").evaluate(frame)
    assert result.dtype == np.dtype(bool)
    assert list(result.index) == ["x", "y", "z"]
    assert result.tolist() == [True, False, False]


def test_object_nullable_string_and_boolean_columns_are_supported() -> None:
    frame = pd.DataFrame(
        {
            "o": pd.Series(["ja", 2, None, np.nan], dtype=object),
            "s": pd.Series(["ja", pd.NA, "", "nej"], dtype="string"),
            "b": pd.Series([True, False, None, True], dtype="boolean"),
        }
    )
    assert evaluate("${o} = 'ja' or ${o} = 2", frame) == [True, True, False, False]
    assert evaluate("${s} = ''", frame) == [False, True, True, False]
    assert evaluate("${b} = 1", frame) == [True, False, False, True]


def test_an_empty_frame_gives_an_empty_series() -> None:
    frame = pd.DataFrame({"a": pd.Series([], dtype="str")})
    result = parse_relevance("${a} = 'ja'").evaluate(frame)
    assert result.dtype == np.dtype(bool)
    assert len(result) == 0


def test_a_missing_column_is_reported_with_its_position() -> None:
    frame = pd.DataFrame({"a": ["ja"]})
    with pytest.raises(RelevanceError, match=r"Variabeln 'b'.*finns inte i datan") as caught:
        parse_relevance("${a} = 'ja' and ${b} = 'x'").evaluate(frame)
    assert caught.value.position == 16


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        ("${datum} > 5", "är ett tal och kan inte jämföras med datumet ${datum}"),
        ("${datum} > 'igår'", "är inte ett datum"),
        ("${datum} > '2024-13-45'", "är inte ett datum"),
        ("${alder} = 'femton'", "Texten 'femton'"),
        ("count-selected(${skal}) > ${datum}", "kan inte jämföras med datumet"),
    ],
)
def test_values_of_the_wrong_type_are_reported_at_evaluation(
    frame: pd.DataFrame, source: str, fragment: str
) -> None:
    expression = parse_relevance(source)
    with pytest.raises(RelevanceError) as caught:
        expression.evaluate(frame)
    assert fragment in str(caught.value)
    assert caught.value.position is not None


def test_evaluation_does_not_modify_the_frame(frame: pd.DataFrame) -> None:
    before = frame.copy()
    evaluate("selected(${skal}, 'vald') and ${alder} > 1 or ${datum} < '2024-01-02'", frame)
    pd.testing.assert_frame_equal(frame, before)


# --- Property test: vectorised evaluation agrees with a per-row oracle ----------------------

KINDS = {"kod": "str", "val": "str", "tal": "num", "dec": "num", "datum": "date"}
CODES = ["ja", "nej", "vald", "vald_mot_barn", "missbruk", "15", "2.5", "-1", "o'hara"]
DATES = ["2023-06-01", "2024-01-31", "2024-12-24"]
OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}

text_cells = st.one_of(
    st.none(),
    st.just(""),
    st.sampled_from(CODES),
    st.lists(st.sampled_from(["vald", "vald_mot_barn", "missbruk"]), min_size=1, max_size=3).map(
        " ".join
    ),
)


@st.composite
def frames(draw: st.DrawFn) -> pd.DataFrame:
    rows = draw(st.integers(min_value=1, max_value=8))

    def column(cells: st.SearchStrategy[Any]) -> list[Any]:
        return draw(st.lists(cells, min_size=rows, max_size=rows))

    start = draw(st.integers(min_value=0, max_value=1000))
    return pd.DataFrame(
        {
            "kod": pd.Series(column(text_cells), dtype="str"),
            "val": pd.Series(column(text_cells), dtype="string"),
            "tal": pd.Series(column(st.none() | st.integers(-3, 20)), dtype="Int64"),
            "dec": pd.Series(
                column(st.none() | st.sampled_from([-1.0, 0.5, 2.5, 3.0, 15.0])), dtype="float64"
            ),
            "datum": pd.to_datetime(pd.Series(column(st.none() | st.sampled_from(DATES)))),
        }
    ).set_axis(pd.RangeIndex(start, start + rows))


text_refs = st.sampled_from(["kod", "val"]).map(Ref)
number_refs = st.sampled_from(["tal", "dec"]).map(Ref)
numbers = st.sampled_from([-1.0, 0.0, 2.5, 3.0, 15.0]).map(Literal)
number_texts = st.sampled_from(["15", "2.5", "-1", "0"]).map(Literal)
empty = st.just(Literal(""))
counts = st.builds(
    lambda name, ref: Call(name, (ref,)),
    st.sampled_from(["count-selected", "string-length"]),
    text_refs,
)


def comparisons(
    left: st.SearchStrategy[Node], right: st.SearchStrategy[Node]
) -> st.SearchStrategy[Node]:
    def build(op: str, a: Node, b: Node, swap: bool) -> Node:
        if Literal("") in (a, b):
            op = "=" if op in ("=", "<", ">") else "!="
        return Compare(op, b, a) if swap else Compare(op, a, b)

    return st.builds(build, st.sampled_from(list(OPERATORS)), left, right, st.booleans())


conditions_leaves = st.one_of(
    comparisons(text_refs, st.sampled_from([*CODES, "", "a", "zz"]).map(Literal)),
    comparisons(text_refs, numbers | text_refs),
    comparisons(number_refs, numbers | number_texts | empty | number_refs | text_refs),
    comparisons(st.just(Ref("datum")), st.sampled_from(DATES).map(Literal) | empty),
    comparisons(st.just(Ref("datum")), st.just(Ref("datum"))),
    comparisons(counts, numbers | number_texts),
    comparisons(numbers, numbers | number_texts),
    st.builds(
        lambda ref, code: Call("selected", (ref, Literal(code))),
        text_refs,
        st.sampled_from(["vald", "vald_mot_barn", "missbruk", "ja", "15"]),
    ),
    st.booleans().map(Literal),
)
conditions = st.recursive(
    conditions_leaves,
    lambda inner: st.one_of(
        st.builds(BoolOp, st.sampled_from(["and", "or"]), inner, inner),
        st.builds(Not, inner),
        st.builds(Compare, st.sampled_from(["=", "!="]), inner, inner),
    ),
    max_leaves=8,
)


def precedence(node: Node) -> int:
    if isinstance(node, BoolOp):
        return 1 if node.op == "or" else 2
    return 3 if isinstance(node, Compare) else 4


def render(node: Node) -> str:
    """Source text with the fewest parentheses that keep the tree's structure."""

    def wrap(child: Node, weakest: int) -> str:
        text = render(child)
        return f"({text})" if precedence(child) < weakest else text

    if isinstance(node, Ref):
        return f"${{{node.name}}}"
    if isinstance(node, Literal):
        if isinstance(node.value, bool):
            return "true()" if node.value else "false()"
        if isinstance(node.value, str):
            return f'"{node.value}"' if "'" in node.value else f"'{node.value}'"
        return str(int(node.value)) if node.value.is_integer() else repr(node.value)
    if isinstance(node, Call):
        return f"{node.name}({', '.join(render(arg) for arg in node.args)})"
    if isinstance(node, Not):
        return f"not({render(node.operand)})"
    own = precedence(node)
    if isinstance(node, BoolOp):
        return f"{wrap(node.left, own)} {node.op} {wrap(node.right, own + 1)}"
    return f"{wrap(node.left, own + 1)} {node.op} {wrap(node.right, own + 1)}"


def cell(frame: pd.DataFrame, name: str, row: int) -> Any:
    value = frame[name].iloc[row]
    if pd.isna(value) or (isinstance(value, str) and value == ""):
        return None
    return value


def oracle_value(node: Node, frame: pd.DataFrame, row: int) -> tuple[str, Any]:
    """(domain, value or None when missing) of one operand in one row."""
    if isinstance(node, Ref):
        return KINDS[node.name], cell(frame, node.name, row)
    if isinstance(node, Literal):
        if isinstance(node.value, bool):
            return "bool", node.value
        if isinstance(node.value, str):
            return "str", node.value or None
        return "num", node.value
    if isinstance(node, Call) and node.name != "selected":
        assert isinstance(node.args[0], Ref)
        text = cell(frame, node.args[0].name, row)
        if text is None:
            return "num", 0.0
        return "num", float(len(text.split()) if node.name == "count-selected" else len(text))
    return "bool", oracle(node, frame, row)


def convert(value: Any, domain: str, target: str) -> Any:
    if value is None or domain == target:
        return value
    if target == "num":
        return float(value) if re.fullmatch(r"-?\d+(\.\d+)?", value) else None
    assert target == "date"
    return pd.Timestamp(value)


def oracle(node: Node, frame: pd.DataFrame, row: int) -> bool:
    """Straightforward per-row evaluation following the documented semantics."""
    if isinstance(node, Literal):
        assert isinstance(node.value, bool)
        return node.value
    if isinstance(node, BoolOp):
        left, right = oracle(node.left, frame, row), oracle(node.right, frame, row)
        return (left and right) if node.op == "and" else (left or right)
    if isinstance(node, Not):
        return not oracle(node.operand, frame, row)
    if isinstance(node, Call):
        assert isinstance(node.args[0], Ref) and isinstance(node.args[1], Literal)
        text = cell(frame, node.args[0].name, row)
        return text is not None and node.args[1].value in text.split()
    assert isinstance(node, Compare)
    (left_domain, left), (right_domain, right) = (
        oracle_value(node.left, frame, row),
        oracle_value(node.right, frame, row),
    )
    if node.right == Literal(""):
        return (left is None) == (node.op == "=")
    if node.left == Literal(""):
        return (right is None) == (node.op == "=")
    domains = {left_domain, right_domain}
    target = "date" if "date" in domains else "num" if "num" in domains else left_domain
    left, right = convert(left, left_domain, target), convert(right, right_domain, target)
    if left is None or right is None:
        return False
    return bool(OPERATORS[node.op](left, right))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=conditions, frame=frames())
def test_vectorised_evaluation_agrees_with_a_per_row_oracle(
    tree: Node, frame: pd.DataFrame
) -> None:
    result = parse_relevance(render(tree)).evaluate(frame)
    assert result.dtype == np.dtype(bool)
    assert result.index.equals(frame.index)
    assert result.tolist() == [oracle(tree, frame, row) for row in range(len(frame))]


def references(node: Node) -> set[str]:
    if isinstance(node, Ref):
        return {node.name}
    if isinstance(node, Compare | BoolOp):
        return references(node.left) | references(node.right)
    if isinstance(node, Not):
        return references(node.operand)
    if isinstance(node, Call):
        return set().union(*(references(arg) for arg in node.args))
    return set()


@given(tree=conditions)
def test_rendered_expressions_parse_back_to_the_same_tree_and_names(tree: Node) -> None:
    expression = parse_relevance(render(tree))
    assert expression.tree == tree
    assert expression.names == references(tree)
    assert render(expression.tree) == render(tree)
