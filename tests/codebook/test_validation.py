"""A codebook with a design mistake is refused with every problem named in Swedish."""

from dataclasses import replace

import pytest

from isu.codebook import (
    Category,
    CodebookError,
    Role,
    Variable,
    VariableType,
    template,
    validate_codebook,
)


def _with(codebook, *variables):
    return replace(codebook, variables=codebook.variables + variables)


def _problems(codebook):
    with pytest.raises(CodebookError) as caught:
        validate_codebook(codebook)
    return caught.value.problems


def test_it_names_a_duplicate_key():
    base = template("barn_beslut")
    problems = _problems(_with(base, base["risk"]))
    assert problems == ["Variabelnamnet 'risk' förekommer mer än en gång."]


def test_it_names_a_skip_rule_with_an_unknown_variable():
    base = template("barn_beslut")
    bad = Variable(
        "extra", "Extra", VariableType.TEXT, Role.OUTCOME, relevant="${finns_inte} = 'ja'"
    )
    assert any("'finns_inte', som inte finns" in p for p in _problems(_with(base, bad)))


def test_it_names_a_skip_rule_with_broken_syntax():
    base = template("barn_beslut")
    bad = Variable("extra", "Extra", VariableType.TEXT, Role.OUTCOME, relevant="${risk} = ")
    assert any("villkoret (relevant) är felaktigt" in p for p in _problems(_with(base, bad)))


def test_it_refuses_a_choice_without_options():
    base = template("barn_beslut")
    bad = Variable("extra", "Extra", VariableType.SELECT_ONE, Role.OUTCOME, list_name="tom")
    assert _problems(_with(base, bad)) == [
        "Variabeln 'extra': svarsalternativ saknas (listan 'tom' är tom eller finns inte)."
    ]


def test_it_requires_legal_sex_so_results_can_be_disaggregated():
    base = template("barn_beslut")
    without = replace(base, variables=tuple(v for v in base if v.key != "juridiskt_kon"))
    assert any("juridiskt kön" in p for p in _problems(without))


def test_it_collects_all_problems_at_once():
    base = template("barn_beslut")
    bad = (
        Variable("1fel", "Fel", VariableType.TEXT, Role.OUTCOME),
        Variable("x", "", VariableType.INTEGER, Role.OUTCOME, categories=(Category("a", "A"),)),
        Variable("y", "Y", VariableType.TEXT, Role.OUTCOME, occasions=("okant",)),
    )
    assert len(_problems(_with(base, *bad))) == 4


def test_it_refuses_duplicate_answer_codes():
    base = template("barn_beslut")
    bad = Variable(
        "z",
        "Z",
        VariableType.SELECT_ONE,
        Role.OUTCOME,
        categories=(Category("a", "A"), Category("a", "B")),
    )
    assert _problems(_with(base, bad)) == [
        "Variabeln 'z': svarskoden 'a' förekommer mer än en gång."
    ]
