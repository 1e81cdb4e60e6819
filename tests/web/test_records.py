"""Entering, listing, viewing and editing records by hand: the codebook form, the personnummer
that is never kept, the skip rules checked again on the server, history and access."""

import datetime
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.apps import apps
from django.core import serializers
from django.test import Client
from django.urls import reverse

from isu.codebook import template
from isu.codebook.relevance import parse_relevance
from isu.identity import load_or_create_key, pseudonym
from isu.web.audit import Action
from isu.web.audit.models import AuditEvent
from isu.web.followups.models import Area, CodebookVersion, FollowUp, Record, RecordChange
from isu.web.followups.storage import frame_from_rows

from ..conftest import make_personnummer

BORN = datetime.date(2012, 5, 17)
DATE = "2025-03-01"  # the girl is 12 then
ANSWERS = {
    "utsatthet": ["missbruk", "vald_mot_barn"],
    "risk": "hog",
    "behov_av_stod": "ja",
    "beslut_insats": "ja",
    "insatstyp": ["hvb"],
    "samtal_genomfort": "nej",
    "situation": "dalig",
}


def make_followup(unit, user, codebook=None, title="Barn som far illa"):
    codebook = codebook or template("barn_och_unga")
    followup = FollowUp.objects.create(
        unit=unit, title=title, question="Får flickor och pojkar samma stöd?", area=Area.CHILDREN
    )
    CodebookVersion.objects.create(
        followup=followup,
        number=1,
        content=codebook.to_dict(),
        fingerprint=codebook.fingerprint(),
        created_by=user,
    )
    return followup


@pytest.fixture
def followup(personas):
    return make_followup(personas.unit_a, personas.admin)


@pytest.fixture
def registrar(personas, login_as):
    return login_as(personas.registrar)


def url(name, followup, *args):
    return reverse(f"followups:{name}", args=[followup.pk, *args])


def digit_forms(number):
    """Every way a personnummer could show up in a page or a database: 12 and 10 digits, with
    and without the dash."""
    digits = number.replace("-", "")
    return {number, digits, digits[2:], f"{digits[2:8]}-{digits[8:]}"}


def assert_absent(number, *texts):
    for text in texts:
        for form in digit_forms(number):
            assert form not in text


def database_dump():
    return "".join(
        serializers.serialize("json", model.objects.all())
        for model in apps.get_models()
        if model._meta.db_table in _existing_tables()
    )


def _existing_tables():
    from django.db import connection

    return set(connection.introspection.table_names())


def enter(client, followup, number, answers=ANSWERS, date=DATE):
    """Both steps of a new record; returns (step-1 response, step-2 response)."""
    step1 = client.post(
        url("record_new", followup),
        {"steg": "1", "tillfalle": "beslut", "personnummer": number, "datum": date},
    )
    token = re.search(r'name="identitet" value="([^"]+)"', step1.content.decode())
    assert token, step1.content.decode()
    step2 = client.post(
        url("record_new", followup), {"steg": "2", "identitet": token[1], **answers}
    )
    return step1, step2


# --- The form ---------------------------------------------------------------------------------


def test_the_first_step_asks_for_occasion_personnummer_and_date(registrar, followup):
    page = registrar.get(url("record_new", followup)).content.decode()
    assert '<select name="tillfalle"' in page
    assert re.search(r'<input type="text" name="personnummer"[^>]*autocomplete="off"', page)
    assert re.search(r'<input type="date" name="datum"', page)
    assert 'name="csrfmiddlewaretoken"' in page
    assert page.index('name="tillfalle"') < page.index('name="personnummer"')  # occasion first
    assert "record-form.js" in page


def test_the_form_renders_every_type_with_swedish_labels_help_and_required_marks(
    personas, login_as, small_codebook
):
    followup = make_followup(personas.unit_a, personas.admin, small_codebook)
    client = login_as(personas.registrar)
    step1 = client.post(
        url("record_new", followup),
        {"steg": "1", "tillfalle": "beslut", "klientnummer": "K-17", "datum": DATE},
    )
    page = step1.content.decode()
    assert re.search(r'<select name="risk"', page)  # select_one
    assert re.search(r'type="radio" name="beslut_insats" value="vet_ej"', page)  # yes_no
    for code, label in (("ja", "Ja"), ("nej", "Nej"), ("vet_ej", "Vet ej")):
        assert re.search(
            rf'type="radio" name="beslut_insats" value="{code}"[^>]*>\s*{label}</', page
        )
    assert re.search(r'type="checkbox" name="utsatthet" value="missbruk"', page)  # multiple
    assert re.search(r'<input type="number" name="alder" step="1"', page)  # integer
    assert re.search(r'<input type="number" name="timmar" step="any"', page)  # decimal
    assert "<legend" in page  # radios and checkboxes are grouped
    assert "Hur bedöms risken att barnet far illa?" in page
    assert '<span class="required-mark">(obligatorisk)</span>' in page
    assert 'id="record-rules"' in page and "${beslut_insats} = 'ja'" in page
    first = client.get(url("record_new", followup)).content.decode()
    assert re.search(r'<input type="date" name="datum"', first)  # date
    assert re.search(r'<input type="text" name="klientnummer"', first)  # text


def test_help_texts_from_the_codebook_are_escaped(personas, login_as, small_codebook):
    import dataclasses

    risk = dataclasses.replace(small_codebook["risk"], description="<b>fet</b> & mer")
    variables = tuple(risk if v.key == "risk" else v for v in small_codebook.variables)
    codebook = dataclasses.replace(small_codebook, variables=variables)
    followup = make_followup(personas.unit_a, personas.admin, codebook)
    page = login_as(personas.registrar).post(
        url("record_new", followup),
        {"steg": "1", "tillfalle": "beslut", "klientnummer": "K-1", "datum": DATE},
    )
    assert "&lt;b&gt;fet&lt;/b&gt; &amp; mer" in page.content.decode()


# --- Personnummer -----------------------------------------------------------------------------


def test_saving_a_record_keeps_pseudonym_sex_and_age_and_never_the_personnummer(
    registrar, followup
):
    number = make_personnummer(BORN, 124)  # even serial: a girl
    step1, step2 = enter(registrar, followup, number)
    confirm = step1.content.decode()
    assert "Flicka" in confirm and "12 år" in confirm and "Stämmer det här?" in confirm
    assert step2.status_code == 302
    record = Record.objects.get()
    assert record.pseudonym == pseudonym(load_or_create_key(), number.replace("-", ""))
    assert record.occasion == "beslut"
    assert record.values["juridiskt_kon"] == "kvinna"
    assert record.values["alder"] == 12
    assert record.values["datum"] == DATE
    assert record.values["utsatthet"] == "vald_mot_barn missbruk"  # codebook order, as ingest
    assert record.values["insatstyp"] == "hvb"
    detail = registrar.get(step2["Location"])
    listing = registrar.get(url("records", followup))
    assert_absent(
        number,
        confirm,
        step2.content.decode(),
        detail.content.decode(),
        listing.content.decode(),
        database_dump(),
    )


def test_an_invalid_personnummer_gets_a_swedish_error_next_to_the_field_and_is_not_echoed(
    registrar, followup
):
    good = make_personnummer(BORN, 124)
    wrong = good[:-1] + str((int(good[-1]) + 1) % 10)
    response = registrar.post(
        url("record_new", followup),
        {"steg": "1", "tillfalle": "beslut", "personnummer": wrong, "datum": DATE},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert re.search(
        r'id="id_personnummer_error"><li>Personnumrets kontrollsiffra stämmer inte', page
    )
    assert 'aria-invalid="true"' in page
    assert_absent(wrong, page)
    assert not Record.objects.exists()


def test_a_missing_identity_is_explained(registrar, followup):
    page = registrar.post(
        url("record_new", followup), {"steg": "1", "tillfalle": "beslut", "datum": DATE}
    ).content.decode()
    assert "Personnummer saknas. Ange personnummer, eller klientnummer" in page


def test_the_preview_endpoint_gives_only_sex_and_age(registrar, followup):
    number = make_personnummer(datetime.date(2010, 1, 2), 131)  # odd serial: a boy
    response = registrar.post(
        url("record_identity_preview", followup), {"personnummer": number, "datum": DATE}
    )
    assert response.json() == {"kon": "Pojke", "alder": 15}
    assert response["Cache-Control"] == "no-store"
    assert_absent(number, response.content.decode())
    bad = registrar.post(url("record_identity_preview", followup), {"personnummer": "12345"})
    assert bad.status_code == 400 and "längd" in bad.json()["fel"]
    assert registrar.get(url("record_identity_preview", followup)).status_code == 405


def test_the_preview_endpoint_needs_a_csrf_token(personas, followup):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.registrar)
    response = client.post(url("record_identity_preview", followup), {"personnummer": "1"})
    assert response.status_code == 403


def test_a_person_without_personnummer_is_entered_with_klientnummer_sex_and_age(
    registrar, followup
):
    step1 = registrar.post(
        url("record_new", followup),
        {"steg": "1", "tillfalle": "beslut", "klientnummer": "K-17", "datum": DATE},
    )
    page = step1.content.decode()
    assert 'name="juridiskt_kon"' in page and 'name="alder"' in page
    token = re.search(r'name="identitet" value="([^"]+)"', page)[1]
    answers = {**ANSWERS, "juridiskt_kon": "man", "alder": "9"}
    response = registrar.post(
        url("record_new", followup), {"steg": "2", "identitet": token, **answers}
    )
    assert response.status_code == 302
    record = Record.objects.get()
    assert record.values["juridiskt_kon"] == "man" and record.values["alder"] == 9
    assert "klientnummer" not in record.values and "K-17" not in database_dump()
    again = registrar.post(
        url("record_new", followup),
        {"steg": "1", "tillfalle": "beslut", "klientnummer": "K-17", "datum": DATE},
    )
    assert re.search(r'id="id_klientnummer_error"><li>Det finns redan', again.content.decode())


# --- Server-side rules ------------------------------------------------------------------------


def test_a_value_for_a_question_the_skip_rule_excludes_is_refused(registrar, followup):
    answers = {**ANSWERS, "beslut_insats": "nej", "insatstyp": ["hvb"]}
    _, step2 = enter(registrar, followup, make_personnummer(BORN, 124), answers)
    page = step2.content.decode()
    assert step2.status_code == 200
    assert re.search(r'id="id_insatstyp_error"><li>Frågan ska bara besvaras när ”Beviljades', page)
    assert not Record.objects.exists()


def test_a_missing_required_answer_is_refused_where_it_applies(registrar, followup):
    answers = {k: v for k, v in ANSWERS.items() if k != "risk"}
    _, step2 = enter(registrar, followup, make_personnummer(BORN, 124), answers)
    assert re.search(r'id="id_risk_error"><li>Obligatoriskt svar saknas', step2.content.decode())
    assert not Record.objects.exists()


def test_a_skipped_question_may_stay_empty(registrar, followup):
    answers = {**ANSWERS, "beslut_insats": "nej"}
    answers.pop("insatstyp")
    _, step2 = enter(registrar, followup, make_personnummer(BORN, 124), answers)
    assert step2.status_code == 302
    assert "insatstyp" not in Record.objects.get().values


def test_the_same_person_cannot_be_entered_twice_at_one_occasion(registrar, followup):
    number = make_personnummer(BORN, 124)
    enter(registrar, followup, number)
    again = registrar.post(
        url("record_new", followup),
        {"steg": "1", "tillfalle": "beslut", "personnummer": number, "datum": DATE},
    )
    page = again.content.decode()
    assert "Det finns redan uppgifter om personen vid det här tillfället." in page
    assert url("record_detail", followup, Record.objects.get().pk) in page
    assert Record.objects.count() == 1


def test_a_forged_identity_token_starts_over(registrar, followup):
    response = registrar.post(
        url("record_new", followup), {"steg": "2", "identitet": "forged", **ANSWERS}
    )
    assert response.status_code == 302 and response["Location"] == url("record_new", followup)
    assert not Record.objects.exists()


# --- Record page, history and editing ---------------------------------------------------------


def test_creating_a_record_is_history_and_audited(registrar, followup, personas):
    revision = followup.revision
    enter(registrar, followup, make_personnummer(BORN, 124))
    record = Record.objects.get()
    change = RecordChange.objects.get()
    assert (change.kind, change.user) == (RecordChange.Kind.CREATED, personas.registrar)
    followup.refresh_from_db()
    assert followup.revision == revision + 1
    event = AuditEvent.objects.get(action=Action.RECORD_EDIT)
    assert (event.object_type, event.object_id) == ("record", str(record.pk))


def test_viewing_a_record_is_audited_and_shows_labels(registrar, followup):
    enter(registrar, followup, make_personnummer(BORN, 124))
    record = Record.objects.get()
    page = registrar.get(url("record_detail", followup, record.pk)).content.decode()
    codebook = template("barn_och_unga")
    assert "Hög risk" in page and codebook["insatstyp"].label_of("hvb") in page
    assert "Våld mot barn, Missbruk" in page  # multiple choice as labels, in codebook order
    assert record.pseudonym[:8] in page and record.pseudonym not in page
    assert AuditEvent.objects.filter(action=Action.RECORD_VIEW, object_id=str(record.pk)).exists()


def test_editing_a_record_records_who_changed_what_and_bumps_the_revision(
    registrar, followup, personas
):
    enter(registrar, followup, make_personnummer(BORN, 124))
    record = Record.objects.get()
    edit_page = registrar.get(url("record_edit", followup, record.pk)).content.decode()
    assert 'name="csrfmiddlewaretoken"' in edit_page
    assert re.search(r'<option value="hog" selected>', edit_page)
    followup.refresh_from_db()
    revision = followup.revision
    response = registrar.post(url("record_edit", followup, record.pk), {**ANSWERS, "risk": "lag"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.values["risk"] == "lag"
    assert record.values["juridiskt_kon"] == "kvinna" and record.values["alder"] == 12
    change = RecordChange.objects.get(kind=RecordChange.Kind.EDITED)
    assert change.changes == {"risk": ["hog", "lag"]} and change.user == personas.registrar
    followup.refresh_from_db()
    assert followup.revision == revision + 1
    history = registrar.get(url("record_detail", followup, record.pk)).content.decode()
    assert "Hur bedöms risken att barnet far illa? – från Hög risk till Låg risk" in history
    assert "Rut Registrerare" in history and "Ändrad" in history
    event = AuditEvent.objects.get(action=Action.RECORD_EDIT, detail__variabler=["risk"])
    assert event.user == personas.registrar


def test_gender_identity_is_never_shown_on_the_record_page(registrar, followup):
    enter(registrar, followup, make_personnummer(BORN, 124), {**ANSWERS, "konsidentitet": "annat"})
    record = Record.objects.get()
    assert record.values["konsidentitet"] == "annat"
    registrar.post(url("record_edit", followup, record.pk), {**ANSWERS, "konsidentitet": "man"})
    page = registrar.get(url("record_detail", followup, record.pk)).content.decode()
    assert "Besvarad (känslig uppgift, visas inte)" in page
    assert "Könsidentitet – ändrad (känslig uppgift, visas inte)" in page
    assert "Annat" not in page and "Pojke" not in page


def test_an_edit_is_checked_with_the_same_rules(registrar, followup):
    enter(registrar, followup, make_personnummer(BORN, 124))
    record = Record.objects.get()
    response = registrar.post(
        url("record_edit", followup, record.pk), {**ANSWERS, "beslut_insats": "nej"}
    )
    assert "Frågan ska bara besvaras när" in response.content.decode()
    record.refresh_from_db()
    assert record.values["beslut_insats"] == "ja"
    assert not RecordChange.objects.filter(kind=RecordChange.Kind.EDITED).exists()


def test_saving_an_unchanged_record_adds_no_history(registrar, followup):
    enter(registrar, followup, make_personnummer(BORN, 124))
    record = Record.objects.get()
    registrar.post(url("record_edit", followup, record.pk), ANSWERS)
    assert not RecordChange.objects.filter(kind=RecordChange.Kind.EDITED).exists()


# --- The list ---------------------------------------------------------------------------------


def add_record(followup, name, occasion="beslut", **values):
    return Record.objects.create(
        followup=followup,
        version=followup.current_version(),
        pseudonym=f"{name:0<20}",
        occasion=occasion,
        values={"datum": DATE, **values},
    )


def test_an_empty_list_says_what_to_do(registrar, followup):
    page = registrar.get(url("records", followup)).content.decode()
    assert "Inga uppgifter ännu — importera en fil eller registrera ett ärende" in page
    assert url("import", followup) in page and url("record_new", followup) in page


def test_the_list_shows_short_pseudonyms_occasions_and_completeness(registrar, followup):
    full = {"utsatthet": "missbruk", "risk": "hog", "behov_av_stod": "ja", "situation": "bra"}
    full |= {"beslut_insats": "nej", "samtal_genomfort": "ja"}
    add_record(followup, "aaaa1111", **full)  # insatstyp skipped: 7 of 7 apply
    add_record(followup, "bbbb2222", **{**full, "beslut_insats": "ja"})  # insatstyp missing
    add_record(followup, "cccc3333", occasion="uppfoljning_6m", situation="bra")
    page = registrar.get(url("records", followup)).content.decode()
    assert "aaaa1111" in page and "aaaa11110000" not in page
    assert "Beslut efter utredning" in page
    assert "7 av 7" in page and "7 av 8" in page and "2 av 2" in page
    assert page.count("ofullständig") == 1
    filtered = registrar.get(url("records", followup), {"tillfalle": "uppfoljning_6m"})
    assert "cccc3333" in filtered.content.decode() and "aaaa1111" not in filtered.content.decode()


def test_the_list_is_paginated(registrar, followup):
    for i in range(55):
        add_record(followup, f"p{i:03d}")
    first = registrar.get(url("records", followup)).content.decode()
    second = registrar.get(url("records", followup), {"sida": 2}).content.decode()
    assert "Sida 1 av 2" in first and "sida=2" in first
    assert second.count('<code class="pseudonym">') == 5


# --- Access -----------------------------------------------------------------------------------


def record_urls(followup, record):
    return [
        url("records", followup),
        url("record_new", followup),
        url("record_detail", followup, record.pk),
        url("record_edit", followup, record.pk),
    ]


def test_analysts_are_forbidden_and_other_municipalities_see_nothing(personas, login_as, followup):
    record = add_record(followup, "x")
    analyst, outsider = login_as(personas.analyst), login_as(personas.outsider)
    for address in record_urls(followup, record):
        assert analyst.get(address).status_code == 403
        assert outsider.get(address).status_code == 404
    preview = url("record_identity_preview", followup)
    assert analyst.post(preview, {"personnummer": "1"}).status_code == 403
    assert outsider.post(preview, {"personnummer": "1"}).status_code == 404


def test_guessed_record_ids_of_another_follow_up_are_not_found(personas, login_as, followup):
    elsewhere = make_followup(personas.unit_b, personas.admin, title="Vuxna")
    hidden = add_record(elsewhere, "y")
    registrar = login_as(personas.registrar)
    assert registrar.get(url("record_detail", followup, hidden.pk)).status_code == 404
    assert registrar.get(url("record_edit", followup, hidden.pk)).status_code == 404
    assert registrar.get(url("record_detail", elsewhere, hidden.pk)).status_code == 404
    missing = hidden.pk + 1000
    assert registrar.get(url("record_detail", followup, missing)).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, followup):
    response = client.get(url("records", followup))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_posting_without_a_csrf_token_is_refused(personas, followup):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.registrar)
    page = client.get(url("record_new", followup)).content.decode()
    assert 'name="csrfmiddlewaretoken"' in page
    response = client.post(url("record_new", followup), {"steg": "1", "tillfalle": "beslut"})
    assert response.status_code == 403


# --- Skip rules in the page -------------------------------------------------------------------

SCRIPT = Path(__file__).resolve().parents[2] / "src/isu/web/static/isu/record-form.js"
RULES = [
    "${beslut_insats} = 'ja'",
    "${beslut_insats} != 'ja'",
    "${risk} = 'hog' or ${risk} = 'forhojd'",
    "not(${risk} = 'lag') and ${beslut_insats} = 'ja'",
    "selected(${utsatthet}, 'missbruk')",
    "not(selected(${utsatthet}, 'vald_mot_barn'))",
    "count-selected(${utsatthet}) >= 2",
    "${alder} >= 12",
    "${alder} < 18 and ${timmar} > 2.5",
    "${alder} = ''",
    "${timmar} != ''",
    "${timmar} = 10",
    "${alder} > '9'",
    "${datum} >= '2025-01-01'",
    "${datum} < '2024-06-30' or ${datum} = ''",
    "string-length(${klientnummer}) > 3",
    "${klientnummer} = 'K-1'",
    "(${risk} = 'hog' or ${risk} = 'lag') and not(${alder} < 10)",
    "true() and not(false())",
]
STORED = [
    {},
    {"beslut_insats": "ja", "risk": "hog", "alder": 12, "timmar": 10.0, "datum": "2025-01-01"},
    {"beslut_insats": "nej", "risk": "lag", "alder": 9, "timmar": 2.5, "datum": "2024-06-29"},
    {"beslut_insats": "vet_ej", "risk": "forhojd", "alder": 17, "timmar": 3.75},
    {"utsatthet": "vald_mot_barn missbruk", "klientnummer": "K-1", "datum": "2024-12-31"},
    {"utsatthet": "missbruk", "klientnummer": "K-1234", "alder": 10, "risk": "lag"},
]


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js saknas")
def test_the_skip_rules_in_the_page_agree_with_the_import_rules(small_codebook):
    """record-form.js against the oracle, isu.codebook.relevance, on the same records."""
    frame = frame_from_rows(
        [(str(i), "beslut", row) for i, row in enumerate(STORED)], small_codebook
    )
    expected = [parse_relevance(rule).evaluate(frame).tolist() for rule in RULES]
    texts = [{key: str(value) for key, value in row.items()} for row in STORED]
    types = {v.key: v.type.value for v in small_codebook.variables}
    program = (
        f"const rules = require({json.dumps(str(SCRIPT))});"
        "const input = JSON.parse(process.argv[1]);"
        "console.log(JSON.stringify(input.rules.map("
        "rule => input.rows.map(row => rules.relevant(rule, row, input.types)))));"
    )
    data = json.dumps({"rules": RULES, "rows": texts, "types": types})
    output = subprocess.run(
        ["node", "-e", program, data], capture_output=True, text=True, check=True
    ).stdout
    assert dict(zip(RULES, json.loads(output), strict=True)) == dict(
        zip(RULES, expected, strict=True)
    )
