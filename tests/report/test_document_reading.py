"""The analysis file: read back unchanged, and every mistake named with its place, in Swedish."""

import datetime
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from isu.report.document import (
    Action,
    Answer,
    Conclusion,
    ConclusionStatus,
    DecisionLevel,
    Document,
    DocumentError,
    Effect,
    Effort,
    Pin,
    PinKind,
    Reflection,
    Source,
    from_dict,
    read_document,
    to_dict,
    write_document,
)
from isu.report.document.demo import demo_document

MINIMAL = {"titel": "Analys 2026"}


def problems(data):
    with pytest.raises(DocumentError) as caught:
        from_dict(data)
    return dict(caught.value.problems)


def test_a_minimal_file_needs_only_a_title():
    assert from_dict(MINIMAL) == Document(title="Analys 2026")


def test_the_demo_analysis_is_complete_and_survives_a_round_trip(tmp_path):
    document = demo_document()
    assert len(document.pins) >= 5 and len(document.actions) >= 4
    assert {r.source for r in document.reflections} == set(Source)
    assert any(c.status is ConclusionStatus.NOT_YET for c in document.conclusions)
    assert document.bias.own_analysis and document.myth.supported is Answer.NO
    for suffix in (".yaml", ".json"):
        path = write_document(document, tmp_path / f"analys{suffix}")
        assert read_document(path) == document


def test_a_missing_title_and_an_unknown_value_are_named_with_their_place():
    found = problems(
        {
            "steg1": [{"id": "i1", "typ": "diagram", "ref": "x"}],
            "steg3": [{"id": "s1", "text": "t", "status": "kanske"}],
        }
    )
    assert found["analys.titel"] == "Saknas, men behövs."
    assert found["steg1[1].typ"] == (
        "«diagram» är inte ett giltigt värde. Välj bland: tabell, iakttagelse, kriterier."
    )
    assert "«kanske»" in found["steg3[1].status"]


def test_links_must_point_at_something_that_exists():
    found = problems(
        {
            **MINIMAL,
            "steg1": [{"id": "i1", "typ": "tabell", "ref": "beslut/x/kon"}],
            "steg2": {
                "reflektioner": [
                    {"id": "r1", "kalla": "individ", "text": "t", "iakttagelser": ["i9"]}
                ]
            },
            "steg3": [{"id": "s1", "text": "t", "reflektioner": ["r7"]}],
            "steg4": {
                "atgarder": [
                    {
                        "id": "a1",
                        "text": "t",
                        "svarar_mot": ["s4"],
                        "insats": "latt",
                        "effekt": "stor",
                        "beslutsniva": "verksamhet",
                    }
                ]
            },
        }
    )
    assert found["steg2.reflektioner[1].iakttagelser"] == "«i9» finns inte i steg 1."
    assert found["steg3[1].reflektioner"] == "«r7» finns inte i steg 2."
    assert found["steg4.atgarder[1].svarar_mot"] == "«s4» finns inte i steg 3."


def test_the_method_rules_for_conclusions_and_actions_are_checked():
    found = problems(
        {
            **MINIMAL,
            "steg3": [
                {"id": "s1", "text": "t", "status": "inte_annu"},
                {"id": "s1", "text": "u"},
            ],
            "steg4": {
                "atgarder": [
                    {
                        "id": "a1",
                        "text": "t",
                        "insats": "latt",
                        "effekt": "stor",
                        "beslutsniva": "verksamhet",
                        "klart": "i vår",
                    }
                ]
            },
        }
    )
    assert found["steg3[1].behover_veta"].startswith("Skriv vad ni behöver veta")
    assert found["steg3[2].id"] == "«s1» används redan."
    assert found["steg4.atgarder[1]"].startswith("En åtgärd ska svara mot en slutsats")
    assert found["steg4.atgarder[1].klart"] == "«i vår» är inget datum (ÅÅÅÅ-MM-DD)."


def test_a_broken_yaml_file_names_its_line(tmp_path):
    path = tmp_path / "analys.yaml"
    path.write_text("titel: Analys\nsteg1:\n  - id: [oavslutad\n", encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        read_document(path)
    [(place, message)] = caught.value.problems
    assert place.startswith("analys.yaml, rad ")
    assert message == "Filen går inte att läsa som YAML eller JSON."


def test_a_file_of_the_wrong_shape_is_explained_not_crashed_on(tmp_path):
    path = tmp_path / "analys.json"
    path.write_text(json.dumps(["en lista"]), encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        read_document(path)
    assert ("analys", "Här ska det stå nycklar med värden.") in caught.value.problems


def test_a_huge_file_is_refused_before_it_is_parsed(tmp_path):
    path = tmp_path / "analys.yaml"
    path.write_bytes(b"#" * 5_000_001)
    with pytest.raises(DocumentError, match="för stor"):
        read_document(path)


# --------------------------------------------------------------------------- round trip

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40).map(
    str.strip
)
ids = st.lists(st.from_regex(r"[a-z][0-9]{1,3}", fullmatch=True), unique=True, max_size=4)


@st.composite
def documents(draw):
    pin_ids, reflection_ids, conclusion_ids = draw(ids), draw(ids), draw(ids)
    pins = tuple(
        Pin(i, draw(st.sampled_from(PinKind)), draw(text.filter(bool)), draw(text)) for i in pin_ids
    )
    reflections = tuple(
        Reflection(
            i,
            draw(st.sampled_from(Source)),
            draw(text.filter(bool)),
            tuple(draw(st.lists(st.sampled_from(pin_ids), unique=True)) if pin_ids else ()),
        )
        for i in reflection_ids
    )
    conclusions = tuple(
        Conclusion(
            i,
            draw(text.filter(bool)),
            ConclusionStatus.NOT_YET,
            needed=draw(text.filter(bool)),
            maintains_inequality=draw(st.none() | st.sampled_from(Answer)),
            reflections=tuple(
                draw(st.lists(st.sampled_from(reflection_ids), unique=True))
                if reflection_ids
                else ()
            ),
        )
        for i in conclusion_ids
    )
    actions = tuple(
        Action(
            f"a{k}",
            draw(text.filter(bool)),
            draw(st.sampled_from(Effort)),
            draw(st.sampled_from(Effect)),
            draw(st.sampled_from(DecisionLevel)),
            cause=draw(text.filter(bool)),
            due=draw(st.none() | st.dates(datetime.date(2020, 1, 1), datetime.date(2040, 1, 1))),
        )
        for k in range(draw(st.integers(0, 3)))
    )
    return Document(
        title=draw(text.filter(bool)),
        summary=draw(text),
        pins=pins,
        reflections=reflections,
        conclusions=conclusions,
        actions=actions,
    )


@given(documents())
def test_any_valid_document_reads_back_unchanged(document):
    assert from_dict(to_dict(document)) == document


def test_the_example_in_the_docs_is_a_valid_analysis_file():
    docs = (Path(__file__).resolve().parents[2] / "docs" / "report.md").read_text(encoding="utf-8")
    example = docs.split("```yaml", 1)[1].split("```", 1)[0]
    document = from_dict(yaml.safe_load(example))
    assert document.actions[0].answers == ("s1",)
