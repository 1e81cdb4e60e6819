"""The variable editor: every save is a new codebook version; used answer codes stay put."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from isu.codebook import Category, read_xlsform, template
from isu.web.audit import Action
from isu.web.audit.models import AuditEvent
from isu.web.followups.codebook_edit import (
    removed_codes_in_use,
    slug,
    stored_codes,
    unique_code,
    with_occasions,
)
from isu.web.followups.models import Area, CodebookVersion, FollowUp, Record
from isu.web.followups.storage import records_frame
from isu.web.followups.wizard_forms import parse_categories


@pytest.fixture
def followup(personas):
    codebook = template("barn_beslut")
    followup = FollowUp.objects.create(
        unit=personas.unit_a,
        title="Beslut för barn",
        question=codebook.question,
        area=Area.CHILDREN,
        created_by=personas.admin,
    )
    CodebookVersion.objects.create(
        followup=followup,
        number=1,
        content=codebook.to_dict(),
        fingerprint=codebook.fingerprint(),
        created_by=personas.admin,
    )
    return followup


@pytest.fixture
def admin(login_as, personas):
    return login_as(personas.admin)


def add_record(followup, pseudonym="p1", occasion="beslut", **values):
    return Record.objects.create(
        followup=followup,
        version=followup.current_version(),
        pseudonym=pseudonym,
        occasion=occasion,
        values={"datum": "2025-01-15", "juridiskt_kon": "kvinna", **values},
    )


def url(name, followup, *args):
    return reverse(f"followups:{name}", args=[followup.pk, *args])


def edit(client, followup, key, **changes):
    """Post the variable form as shown, with *changes*."""
    form = client.get(url("variable_edit", followup, key)).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {name: value for name, value in data.items() if value not in (None, False)}
    data.update(changes)
    return client.post(url("variable_edit", followup, key), data)


def keys(followup):
    return [v.key for v in followup.codebook()]


# The list --------------------------------------------------------------------------------


def test_the_codebook_page_lists_the_variables_in_swedish(admin, followup):
    response = admin.get(url("codebook", followup))
    text = response.text
    assert "Hur bedöms risken att barnet far illa?" in text
    assert "Kriterium: skillnad i behov" in text
    assert "Ett svarsalternativ" in text
    assert "Beslut efter utredning" in text
    assert "systemvariabel" in text
    assert "Adam Admin" in text
    assert url("variable_remove", followup, "risk") in text
    assert url("variable_remove", followup, "tillfalle") not in text
    assert url("variable_edit", followup, "tillfalle") in text
    assert 'href="/static/isu/followups.css"' in text


# Editing ---------------------------------------------------------------------------------


def test_editing_a_label_creates_version_2_and_old_records_keep_version_1(
    admin, followup, personas
):
    record = add_record(followup, risk="hog", beslut_insats="ja")
    revision = followup.revision
    response = edit(admin, followup, "risk", label="Hur stor är risken att barnet far illa?")
    assert response["Location"] == url("codebook", followup)
    followup.refresh_from_db()
    version = followup.current_version()
    assert version.number == 2
    assert version.created_by == personas.admin
    assert version.fingerprint == version.codebook().fingerprint()
    assert version.codebook()["risk"].label == "Hur stor är risken att barnet far illa?"
    assert version.codebook().version == "2"
    assert followup.revision == revision + 1
    record.refresh_from_db()
    assert record.version.number == 1
    frame = records_frame(followup)
    assert frame["risk"].tolist() == ["hog"]
    assert frame["beslut_insats"].tolist() == ["ja"]
    event = AuditEvent.objects.get(action=Action.FOLLOWUP_CHANGE)
    assert event.detail == {"change": "changed", "variable": "risk", "version": 2}


def test_every_save_is_a_new_version_even_without_data(admin, followup):
    edit(admin, followup, "risk", description="Bedömningen i utredningen.")
    edit(admin, followup, "risk", required="")
    assert list(followup.versions.values_list("number", flat=True)) == [1, 2, 3]
    assert followup.codebook()["risk"].required is False


def test_renaming_the_label_of_a_used_answer_code_is_allowed(admin, followup):
    add_record(followup, risk="hog")
    categories = "lag = Låg risk\nforhojd = Förhöjd risk\nhog = Mycket hög risk"
    edit(admin, followup, "risk", categories=categories)
    assert followup.codebook()["risk"].label_of("hog") == "Mycket hög risk"


def test_dropping_an_answer_code_that_records_use_is_refused(admin, followup):
    add_record(followup, risk="hog")
    response = edit(admin, followup, "risk", categories="lag = Låg risk\nforhojd = Förhöjd risk")
    assert response.status_code == 200
    assert "Svarskoderna ”hog” används redan i sparade uppgifter" in response.text
    assert 'aria-describedby="id_categories_helptext id_categories_error"' in response.text
    assert followup.current_version().number == 1


def test_renaming_a_code_used_in_a_multiple_choice_answer_is_refused(admin, followup):
    add_record(followup, utsatthet="vald_mot_barn missbruk")
    form = admin.get(url("variable_edit", followup, "utsatthet")).context["form"]
    categories = form["categories"].value().replace("missbruk =", "beroende =")
    response = edit(admin, followup, "utsatthet", categories=categories)
    assert "”missbruk”" in response.text
    assert followup.current_version().number == 1


def test_answer_codes_nobody_used_can_be_changed(admin, followup):
    add_record(followup, risk="hog")
    edit(admin, followup, "risk", categories="lag = Låg risk\nhog = Hög risk\nokand = Vet inte")
    assert followup.codebook()["risk"].codes == ("lag", "hog", "okand")


def test_removing_an_occasion_that_records_use_is_refused(admin, followup):
    add_record(followup, occasion="uppfoljning_6m")
    response = edit(admin, followup, "tillfalle", categories="beslut = Beslut efter utredning")
    assert "”uppfoljning_6m”" in response.text
    assert followup.current_version().number == 1


def test_answer_codes_must_be_unique(admin, followup):
    response = edit(admin, followup, "risk", categories="lag = Låg\nlag = Hög")
    assert "Koden ”lag” används för flera svarsalternativ" in response.text
    assert followup.current_version().number == 1


def test_an_invalid_skip_rule_shows_the_swedish_error_with_its_position(admin, followup):
    response = edit(admin, followup, "insatstyp", relevant="${beslut_insats} == 'ja'")
    assert (
        "Använd &#x27;=&#x27; i stället för &#x27;==&#x27; vid tecken 18 i villkoret"
        in response.text
    )
    assert 'aria-describedby="id_relevant_helptext id_relevant_error"' in response.text
    assert followup.current_version().number == 1


def test_a_skip_rule_naming_an_unknown_variable_is_refused(admin, followup):
    response = edit(admin, followup, "insatstyp", relevant="${beslutet} = 'ja'")
    assert "Villkoret nämner ${beslutet}, som inte finns i kodboken." in response.text


def test_a_valid_skip_rule_and_occasions_are_saved(admin, followup):
    edit(
        admin,
        followup,
        "situation",
        relevant="${risk} != 'lag'",
        occasions=["uppfoljning_6m"],
        role="resultat",
    )
    situation = followup.codebook()["situation"]
    assert situation.relevant == "${risk} != 'lag'"
    assert situation.occasions == ("uppfoljning_6m",)


def test_every_occasion_ticked_means_every_occasion(admin, followup):
    edit(admin, followup, "risk", occasions=["beslut", "uppfoljning_6m"])
    assert followup.codebook()["risk"].occasions == ()


def test_the_whole_codebook_is_validated_on_every_save(admin, followup):
    response = edit(admin, followup, "juridiskt_kon", categories="flicka = Flicka\npojke = Pojke")
    assert "ska ha koderna &#x27;kvinna&#x27; och &#x27;man&#x27;" in response.text
    assert followup.current_version().number == 1


def test_system_variables_keep_their_role_and_cannot_be_removed(admin, followup):
    form = admin.get(url("variable_edit", followup, "juridiskt_kon")).context["form"]
    assert "role" not in form.fields
    assert "relevant" not in form.fields
    for key in ("personnummer", "klientnummer", "tillfalle", "datum", "juridiskt_kon", "alder"):
        assert admin.get(url("variable_remove", followup, key)).status_code == 404
        assert (
            admin.post(url("variable_remove", followup, key), {"base_version": 1}).status_code
            == 404
        )
    assert keys(followup) == [v.key for v in template("barn_beslut")]


def test_a_change_made_from_an_old_version_is_refused(admin, followup):
    edit(admin, followup, "risk", label="Risk")
    response = edit(admin, followup, "risk", label="Risken", base_version="1")
    assert "Någon annan har ändrat kodboken medan du arbetade." in response.text
    assert followup.current_version().number == 2


# Adding and removing ---------------------------------------------------------------------


def test_an_administrator_adds_a_variable(admin, followup):
    data = {
        "base_version": "1",
        "label": "Går barnet i skolan?",
        "type": "select_one",
        "categories": "Ja, regelbundet\nJa, men med hög frånvaro\nnej = Nej",
        "role": "bakgrund",
        "occasions": ["beslut"],
        "required": "on",
    }
    response = admin.post(url("variable_add", followup), data)
    assert response["Location"] == url("codebook", followup)
    variable = followup.codebook()["gar_barnet_i_skolan"]
    assert keys(followup)[-1] == "gar_barnet_i_skolan"
    assert variable.codes == ("ja_regelbundet", "ja_men_med_hog_franvaro", "nej")
    assert (variable.required, variable.occasions) == (True, ("beslut",))
    assert followup.current_version().number == 2


def test_a_new_yes_no_variable_gets_the_fixed_answers(admin, followup):
    data = {"base_version": "1", "key": "skola", "label": "Skola?", "type": "yes_no"}
    admin.post(url("variable_add", followup), {**data, "role": "bakgrund"})
    assert followup.codebook()["skola"].codes == ("ja", "nej", "vet_ej")


def test_a_new_variable_needs_a_free_valid_key_and_answers(admin, followup):
    data = {"base_version": "1", "label": "Risk", "type": "select_one", "role": "behov"}
    response = admin.post(url("variable_add", followup), {**data, "key": "risk"})
    assert "Det finns redan en variabel med kortnamnet ”risk”." in response.text
    assert "Skriv minst ett svarsalternativ." in response.text
    response = admin.post(url("variable_add", followup), {**data, "key": "2risk"})
    assert "får inte börja med en siffra" in response.text
    assert followup.current_version().number == 1


def test_an_administrator_removes_a_variable(admin, followup):
    add_record(followup, nojdhet="ganska_nojd", occasion="uppfoljning_6m")
    page = admin.get(url("variable_remove", followup, "nojdhet"))
    assert "1 sparad post har ett svar på frågan." in page.text
    response = admin.post(url("variable_remove", followup, "nojdhet"), {"base_version": "1"})
    assert response["Location"] == url("codebook", followup)
    assert "nojdhet" not in keys(followup)
    assert Record.objects.get().version.number == 1


def test_removing_a_variable_another_skip_rule_names_is_refused(admin, followup):
    response = admin.post(url("variable_remove", followup, "beslut_insats"), {"base_version": "1"})
    assert "villkoret (relevant) nämner variabeln &#x27;beslut_insats&#x27;" in response.text
    assert "beslut_insats" in keys(followup)


# Access ----------------------------------------------------------------------------------


def editor_urls(followup):
    return [
        url("codebook", followup),
        url("variable_add", followup),
        url("variable_edit", followup, "risk"),
        url("variable_remove", followup, "risk"),
    ]


@pytest.mark.parametrize("who", ["registrar", "analyst"])
def test_registrars_and_analysts_cannot_edit_the_codebook(login_as, personas, followup, who):
    client = login_as(getattr(personas, who))
    for address in editor_urls(followup):
        assert client.get(address).status_code == 403, address
        assert client.post(address, {"base_version": "1", "label": "x"}).status_code == 403
    assert followup.current_version().number == 1


def test_other_units_and_guessed_ids_are_not_found(login_as, personas, followup):
    outsider = login_as(personas.outsider)
    for address in editor_urls(followup):
        assert outsider.get(address).status_code == 404, address
    guessed = FollowUp(pk=followup.pk + 1000)
    admin = login_as(personas.admin)
    for address in [*editor_urls(guessed), url("codebook_download", guessed)]:
        assert admin.get(address).status_code == 404, address


def test_an_unknown_variable_is_not_found(admin, followup):
    assert admin.get(url("variable_edit", followup, "finns_inte")).status_code == 404


def test_the_editor_forms_carry_a_csrf_token(admin, followup):
    for address in editor_urls(followup)[1:]:
        assert "csrfmiddlewaretoken" in admin.get(address).text, address


def test_an_edit_without_csrf_token_is_refused(personas, followup):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.admin)
    response = client.post(url("variable_edit", followup, "risk"), {"base_version": "1"})
    assert response.status_code == 403


# Downloads -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["registrar", "analyst", "admin"])
def test_every_member_downloads_the_codebook_and_the_template(login_as, personas, followup, who):
    client = login_as(getattr(personas, who))
    response = client.get(url("codebook_download", followup))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="kodbok-beslut_for_barn-v1.xlsx"' in response["Content-Disposition"]
    assert read_xlsform(response.content) == followup.codebook()
    response = client.get(url("template_download", followup))
    assert response.content.startswith(b"PK")
    assert "inmatningsmall-beslut_for_barn-v1.xlsx" in response["Content-Disposition"]
    events = AuditEvent.objects.filter(action=Action.EXPORT, user=getattr(personas, who))
    assert sorted(e.detail["format"] for e in events) == ["excel_template", "xlsform"]
    assert {e.unit for e in events} == {personas.unit_a}


def test_downloads_give_the_current_version(admin, followup):
    edit(admin, followup, "risk", label="Risk nu")
    workbook = read_xlsform(admin.get(url("codebook_download", followup)).content)
    assert (workbook.version, workbook["risk"].label) == ("2", "Risk nu")


def test_another_municipality_cannot_download(login_as, personas, followup):
    outsider = login_as(personas.outsider)
    assert outsider.get(url("codebook_download", followup)).status_code == 404
    assert outsider.get(url("template_download", followup)).status_code == 404
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


# The pure helpers ------------------------------------------------------------------------


def test_codes_are_made_from_swedish_labels():
    assert slug("Uppföljning efter 6 månader") == "uppfoljning_efter_6_manader"
    assert slug("Åtgärd – väntar!") == "atgard_vantar"
    assert unique_code("ja", ["ja", "ja_2"]) == "ja_3"


def test_answer_lines_take_codes_labels_and_tabs():
    assert parse_categories("hog = Hög risk\nlag\tLåg\n\nMedel risk\n") == (
        Category("hog", "Hög risk"),
        Category("lag", "Låg"),
        Category("medel_risk", "Medel risk"),
    )


def test_answer_lines_report_every_problem():
    with pytest.raises(ValidationError) as raised:
        parse_categories("hog =\nmy code = Text\nx = a\nx = b")
    assert [str(m) for m in raised.value.messages] == [
        "Rad 1: skriv både kod och text, t.ex. ”hog = Hög risk”.",
        "Rad 2: koden ”my code” får inte innehålla mellanslag.",
        "Koden ”x” används för flera svarsalternativ; varje kod måste vara unik.",
    ]


def test_removed_occasions_take_the_questions_asked_only_then_with_them():
    codebook = template("barn_beslut")
    changed, dropped = with_occasions(codebook, (Category("beslut", "Beslut"),))
    assert [v.key for v in dropped] == ["maluppfyllelse", "nojdhet"]
    assert changed.occasions == (Category("beslut", "Beslut"),)
    assert changed["risk"].occasions == ("beslut",)


def test_stored_multiple_choice_answers_count_code_by_code():
    assert stored_codes(["a b", "c", None, 3]) == {"a", "b", "c"}
    old = template("barn_beslut")["risk"]
    new = type(old)(**{**old.__dict__, "categories": old.categories[:2]})
    assert removed_codes_in_use(old, new, {"hog", "lag"}) == ["hog"]


def test_the_reference_date_survives_an_edit(admin, followup):
    codebook = followup.codebook()
    version = followup.current_version()
    version.content = {**codebook.to_dict(), "reference_date": "2025-06-30"}
    version.save()
    edit(admin, followup, "risk", label="Risk")
    assert followup.codebook().reference_date == datetime.date(2025, 6, 30)
