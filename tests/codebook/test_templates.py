"""The built-in templates carry the method's variables, worded as in the source.

Source: Analysstöd (SKR 2024), bilaga, Tabell 1 and Tabell 2 (`../shared/seeds/000_…`).
"""

import pytest

from isu.codebook import LEGAL_SEX, TEMPLATES, Role, VariableType, template

BACKGROUND = {
    "juridiskt_kon",
    "konsidentitet",
    "alder",
    "fodelseland",
    "bostadsomrade",
    "inkomstniva",
    "utbildningsniva",
}


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_template_is_valid_and_has_a_question(name):
    codebook = template(name)
    assert codebook.question.endswith("?")
    assert codebook.fingerprint() == template(name).fingerprint()


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_template_carries_all_background_variables(name):
    codebook = template(name)
    assert {v.key for v in codebook.with_role(Role.BACKGROUND)} >= BACKGROUND
    assert codebook["konsidentitet"].sensitive
    assert not codebook["konsidentitet"].required


def test_birth_country_groups_are_the_four_of_the_method():
    labels = [c.label for c in template("barn_beslut")["fodelseland"].categories]
    assert labels == ["Sverige", "Norden utom Sverige", "Europa utom Norden", "Utanför Europa"]


def test_children_see_flicka_and_pojke_but_the_codes_match_adults():
    child, adult = template("barn_beslut")[LEGAL_SEX], template("vuxna_insats")[LEGAL_SEX]
    assert [c.label for c in child.categories] == ["Flicka", "Pojke"]
    assert [c.label for c in adult.categories] == ["Kvinna", "Man"]
    assert child.codes == adult.codes == ("kvinna", "man")


def test_gender_identity_defaults_differ_by_audience():
    child = [c.label for c in template("barn_beslut")["konsidentitet"].categories]
    adult = [c.label for c in template("vuxna_insats")["konsidentitet"].categories]
    assert child == ["Flicka", "Pojke", "Annat", "Vill inte svara"]
    assert adult == ["Kvinna", "Man", "Annat", "Vill inte svara"]


def test_table_1_consent_options_are_all_seven_of_the_appendix():
    labels = [c.label for c in template("barn_beslut")["samtycke"].categories]
    assert labels == [
        "Samtycke finns från barn över 15 år",
        "Samtycke finns från samtliga vårdnadshavare",
        "Samtycke saknas från en vårdnadshavare",
        "Samtycke saknas, ej skäl för LVU",
        "Samtycke saknas, behov av uppföljning inom 4 månader",
        "Samtycke saknas, skäl för LVU",
        "Samtycke ej tillförlitligt, skäl för LVU",
    ]


def test_table_1_risk_and_exposure_follow_the_appendix():
    codebook = template("barn_beslut")
    assert [c.label for c in codebook["risk"].categories] == [
        "Inte känt",
        "Låg risk",
        "Förhöjd risk",
        "Hög risk",
    ]
    assert codebook["risk"].ordered
    exposure = {c.label for c in codebook["utsatthet"].categories}
    assert {"Bristande omsorg", "Våld mot barn", "Upplevt våld", "Missbruk"} <= exposure
    assert codebook["utsatthet"].type is VariableType.SELECT_MULTIPLE


def test_table_1_criteria_have_their_roles():
    codebook = template("barn_beslut")
    roles = {v.key: v.role for v in codebook}
    assert roles["risk"] is roles["behov_av_stod"] is Role.NEED_CRITERION
    assert {k for k, r in roles.items() if r is Role.MET_OTHERWISE} == {
        "tillgodoses_natverk",
        "tillgodoses_anhorig",
        "tillgodoses_annan_verksamhet",
    }
    assert [c.label for c in codebook["onskemal_tillvaratagna"].categories] == [
        "Ja",
        "Nej",
        "Ej aktuellt",
    ]
    assert [c.label for c in codebook["onskar_stod"].categories] == ["Ja", "Nej", "Vet ej"]
    assert roles["beslut_insats"] is Role.INTERVENTION


def test_table_2_accommodations_offer_would_have_been_needed():
    codebook = template("barn_delaktighet")
    accommodations = codebook.with_role(Role.ACCOMMODATION)
    assert {v.key for v in accommodations} == {
        "kommunikationsstod_funktion",
        "kommunikationsstod_alder",
        "tolk",
    }
    for variable in accommodations:
        assert [c.label for c in variable.categories] == [
            "Ja",
            "Nej men skulle ha behövts",
            "Nej behövdes ej",
        ]
    assert {v.key for v in codebook.with_role(Role.PARTICIPATION_WISH)} == {
        "tillfragad_delta",
        "velat_delta",
    }
    assert {v.key for v in codebook.with_role(Role.CONSENT)} == {
        "samtal_planerat",
        "vh_hindrat",
        "samtal_mot_vh_vilja",
    }


def test_adult_template_has_life_areas_hours_goals_and_satisfaction():
    codebook = template("vuxna_insats")
    assert len(codebook["behov_livsomrade"].categories) == 9
    assert codebook["beviljade_timmar"].type is VariableType.DECIMAL
    assert codebook.with_role(Role.GOAL_ATTAINMENT) and codebook.with_role(Role.SATISFACTION)


def test_follow_up_questions_are_asked_at_follow_up_only():
    codebook = template("barn_och_unga")
    assert codebook["maluppfyllelse"].occasions == ("uppfoljning_6m",)
    assert codebook["situation"].occasions == ()
    assert [c.code for c in codebook.occasions] == ["beslut", "uppfoljning_6m"]
