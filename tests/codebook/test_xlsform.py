"""Codebooks designed in Excel: XLSForm-style workbooks read and written without loss."""

import io
from dataclasses import replace

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from isu.codebook import (
    TEMPLATES,
    Category,
    CodebookError,
    Role,
    Variable,
    VariableType,
    read_xlsform,
    template,
    write_xlsform,
)


def _round_trip(codebook):
    buffer = io.BytesIO()
    write_xlsform(codebook, buffer)
    return read_xlsform(buffer.getvalue())


def _workbook(survey, choices=(), settings_rows=()):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    for name, rows in (("survey", survey), ("choices", choices), ("settings", settings_rows)):
        if rows:
            sheet = book.add_worksheet(name)
            for i, row in enumerate(rows):
                sheet.write_row(i, 0, row)
    book.close()
    return buffer.getvalue()


SEX = [("select_one kon", "juridiskt_kon", "Kön", "bakgrund")]
SEX_CHOICES = [("list_name", "name", "label"), ("kon", "kvinna", "Kvinna"), ("kon", "man", "Man")]


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_template_round_trips_without_loss(name):
    codebook = template(name)
    assert _round_trip(codebook) == codebook


def test_a_hand_made_workbook_with_language_columns_and_groups_is_read():
    survey = [
        (
            "type",
            "name",
            "label::Svenska (sv)",
            "hint::Svenska (sv)",
            "required",
            "role",
            "relevant",
        ),
        ("begin group", "g1", "Grupp", "", "", "", ""),
        *[(t, n, lab, "", "", r, "") for t, n, lab, r in SEX],
        ("yes_no", "beslut", "Beviljades insats?", "Beslutet", "yes", "insats", ""),
        ("integer", "timmar", "Timmar", "", "", "insats", "${beslut} = 'ja'"),
        ("end group", "", "", "", "", "", ""),
    ]
    codebook = read_xlsform(_workbook(survey, SEX_CHOICES, [("form_id", "version"), ("test", 3)]))
    assert [v.key for v in codebook] == ["juridiskt_kon", "beslut", "timmar"]
    assert codebook["beslut"].description == "Beslutet"
    assert codebook["beslut"].required
    assert codebook.version == "3"
    assert codebook["timmar"].relevant == "${beslut} = 'ja'"


def test_an_unknown_role_is_named_with_its_row_and_the_allowed_roles():
    survey = [
        ("type", "name", "label", "role"),
        *SEX,
        ("text", "anteckning", "Anteckning", "okand"),
    ]
    with pytest.raises(CodebookError) as caught:
        read_xlsform(_workbook(survey, SEX_CHOICES))
    [problem] = caught.value.problems
    assert problem.startswith(
        "Bladet 'survey', rad 3: okänd roll 'okand'. Tillåtna roller: identitet,"
    )


def test_an_unknown_type_and_a_missing_list_are_both_reported():
    survey = [
        ("type", "name", "label", "role"),
        *SEX,
        ("calculate", "x", "X", "resultat"),
        ("select_one", "y", "Y", "resultat"),
    ]
    with pytest.raises(CodebookError) as caught:
        read_xlsform(_workbook(survey, SEX_CHOICES))
    assert len(caught.value.problems) == 2
    assert "okänd typ 'calculate'" in caught.value.problems[0]
    assert "måste följas av namnet på en svarslista" in caught.value.problems[1]


def test_a_workbook_without_survey_sheet_is_refused():
    with pytest.raises(CodebookError, match="saknar bladet 'survey'"):
        read_xlsform(_workbook([], SEX_CHOICES))


def test_bytes_that_are_not_a_workbook_are_refused_in_swedish():
    with pytest.raises(CodebookError, match="kunde inte läsas som en Excel-arbetsbok"):
        read_xlsform(b"not a workbook at all")


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäöÅÄÖ -,?()", min_size=1, max_size=30).filter(
    lambda s: s.strip() == s and s
)
keys = st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True)


@st.composite
def codebooks(draw):
    base = template("barn_beslut")
    extra_keys = draw(
        st.lists(keys.filter(lambda k: k not in base), min_size=1, max_size=5, unique=True)
    )
    variables = []
    for key in extra_keys:
        type_ = draw(st.sampled_from(list(VariableType)[:7]))
        labels = draw(st.lists(words, min_size=1, max_size=4, unique_by=str.casefold))
        cats = (
            tuple(Category(f"c{i}", label) for i, label in enumerate(labels))
            if type_ in (VariableType.SELECT_ONE, VariableType.SELECT_MULTIPLE)
            else ()
        )
        variables.append(
            Variable(
                key,
                draw(words),
                type_,
                draw(st.sampled_from(list(Role))),
                description=draw(st.one_of(st.just(""), words)),
                categories=cats,
                list_name=f"l_{key}" if cats else None,
                required=draw(st.booleans()),
                occasions=draw(st.sampled_from([(), ("beslut",), ("beslut", "uppfoljning_6m")])),
                ordered=draw(st.booleans()),
                sensitive=draw(st.booleans()),
            )
        )
    return replace(
        base,
        variables=base.variables + tuple(variables),
        question=draw(st.one_of(st.just(""), words)),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(codebooks())
def test_any_valid_codebook_round_trips(codebook):
    assert _round_trip(codebook) == codebook
