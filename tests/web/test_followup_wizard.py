"""The "Ny uppföljning" wizard: administrators start from a template or their own workbook."""

import io

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from isu.codebook import TEMPLATES, read_xlsform, template, write_xlsform
from isu.web.audit import Action
from isu.web.audit.models import AuditEvent
from isu.web.followups import wizard_forms
from isu.web.followups.models import CodebookVersion, FollowUp
from isu.web.followups.wizard_views import SESSION_KEY

START = reverse("followups:create")
DETAILS = reverse("followups:create_details")
QUESTION = "Får flickor och pojkar med samma behov samma insatser?"


def occasion_rows(formset, **changes):
    """The occasion rows as the browser posts them, with *changes* to single fields."""
    data = {
        "tillfallen-TOTAL_FORMS": str(len(formset.forms)),
        "tillfallen-INITIAL_FORMS": str(formset.initial_form_count()),
        "tillfallen-MIN_NUM_FORMS": "0",
        "tillfallen-MAX_NUM_FORMS": "1000",
    }
    for i, form in enumerate(formset.forms):
        data[f"tillfallen-{i}-code"] = form.initial.get("code", "")
        data[f"tillfallen-{i}-name"] = form.initial.get("name", "")
    data.update(changes)
    return data


def finish(client, unit, **changes):
    """Post step 2 with sensible answers; *changes* override single fields."""
    formset = client.get(DETAILS).context["occasions"]
    data = {
        "unit": unit.pk,
        "title": "Insatser för barn 2025",
        "question": QUESTION,
        "area": "barn_och_unga",
        "reference_date": "",
        **occasion_rows(formset),
    }
    data.update(changes)
    return client.post(DETAILS, data)


def xlsform_upload(codebook, name="kodbok.xlsx"):
    buffer = io.BytesIO()
    write_xlsform(codebook, buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def broken_workbook():
    """A workbook with an unknown type, an unknown role and no juridiskt_kon."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    survey = workbook.add_worksheet("survey")
    survey.write_row(0, 0, ["type", "name", "label", "role"])
    survey.write_row(1, 0, ["heltalx", "antal", "Antal", "bakgrund"])
    survey.write_row(2, 0, ["text", "namn", "Namn", "okänd"])
    workbook.close()
    return SimpleUploadedFile("trasig.xlsx", buffer.getvalue())


@pytest.fixture
def admin(login_as, personas):
    return login_as(personas.admin)


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_an_administrator_creates_a_follow_up_from_each_template(admin, personas, name):
    assert admin.post(START, {"start": name})["Location"] == DETAILS
    response = finish(admin, personas.unit_a)
    followup = FollowUp.objects.get()
    assert response["Location"] == reverse("followups:detail", args=[followup.pk])
    assert (followup.unit, followup.title, followup.question, followup.created_by) == (
        personas.unit_a,
        "Insatser för barn 2025",
        QUESTION,
        personas.admin,
    )
    version = followup.current_version()
    codebook = version.codebook()
    assert version.number == 1
    assert version.fingerprint == codebook.fingerprint()
    assert [v.key for v in codebook] == [v.key for v in template(name)]
    assert codebook.question == QUESTION
    assert codebook.occasions == template(name).occasions
    assert SESSION_KEY not in admin.session
    event = AuditEvent.objects.get(action=Action.FOLLOWUP_CHANGE)
    assert (event.unit, event.object_id, event.detail["source"]) == (
        personas.unit_a,
        str(followup.pk),
        f"mall:{name}",
    )


def test_the_start_page_shows_every_template_with_its_title_and_question(admin):
    response = admin.get(START)
    for name in TEMPLATES:
        assert template(name).title in response.text
        assert template(name).question in response.text
    assert 'enctype="multipart/form-data"' in response.text


def test_the_question_help_gives_the_chosen_templates_example(admin):
    admin.post(START, {"start": "vuxna_insats"})
    response = admin.get(DETAILS)
    assert f"Exempel från mallen: ”{template('vuxna_insats').question}”" in response.text
    assert 'aria-describedby="id_question_helptext"' in response.text
    assert response.context["form"]["area"].value() == "aldre"


def test_occasions_can_be_renamed_removed_and_added(admin, personas):
    admin.post(START, {"start": "barn_beslut"})
    formset = admin.get(DETAILS).context["occasions"]
    rows = occasion_rows(
        formset,
        **{
            "tillfallen-0-name": "Beslut",
            "tillfallen-1-DELETE": "on",
            "tillfallen-2-name": "Uppföljning efter 12 månader",
        },
    )
    admin.post(DETAILS, {**finish_fields(personas), **rows})
    codebook = FollowUp.objects.get().codebook()
    assert [(c.code, c.label) for c in codebook.occasions] == [
        ("beslut", "Beslut"),
        ("uppfoljning_efter_12_manader", "Uppföljning efter 12 månader"),
    ]
    # Questions asked only at the removed six-month follow-up went with it.
    assert "maluppfyllelse" not in codebook
    assert "nojdhet" not in codebook
    assert "situation" in codebook


def finish_fields(personas):
    return {
        "unit": personas.unit_a.pk,
        "title": "Med egna tillfällen",
        "question": QUESTION,
        "area": "barn_och_unga",
        "reference_date": "2025-01-01",
    }


def test_the_reference_date_is_kept_in_the_codebook(admin, personas):
    admin.post(START, {"start": "barn_beslut"})
    finish(admin, personas.unit_a, reference_date="2025-06-30")
    assert str(FollowUp.objects.get().codebook().reference_date) == "2025-06-30"


def test_a_follow_up_needs_at_least_one_occasion(admin, personas):
    admin.post(START, {"start": "barn_delaktighet"})
    response = finish(admin, personas.unit_a, **{"tillfallen-0-DELETE": "on"})
    assert "Ange minst ett tillfälle." in response.text
    assert not FollowUp.objects.exists()


def test_an_uploaded_xlsform_workbook_becomes_version_1(admin, personas):
    upload = xlsform_upload(template("vuxna_insats"))
    assert admin.post(START, {"start": "egen_kodbok", "workbook": upload}).status_code == 302
    finish(admin, personas.unit_b, title="Egen kodbok", area="vuxna")
    followup = FollowUp.objects.get()
    assert followup.unit == personas.unit_b
    assert [v.key for v in followup.codebook()] == [v.key for v in template("vuxna_insats")]
    event = AuditEvent.objects.get(action=Action.FOLLOWUP_CHANGE)
    assert event.detail["source"] == "fil:kodbok.xlsx"


def test_a_chosen_file_counts_as_choosing_your_own_codebook(admin):
    response = admin.post(START, {"workbook": xlsform_upload(template("barn_beslut"))})
    assert response["Location"] == DETAILS


def test_a_broken_workbook_shows_every_problem_in_swedish_and_saves_nothing(admin):
    response = admin.post(START, {"start": "egen_kodbok", "workbook": broken_workbook()})
    assert response.status_code == 200
    assert "Bladet &#x27;survey&#x27;, rad 2: okänd typ &#x27;heltalx&#x27;" in response.text
    assert "rad 3: okänd roll &#x27;okänd&#x27;" in response.text
    assert 'id="id_workbook_error"' in response.text
    assert "id_workbook_error" in response.text.split('type="file"')[1].split(">")[0]
    assert SESSION_KEY not in admin.session
    assert not FollowUp.objects.exists()
    assert not CodebookVersion.objects.exists()


def test_a_workbook_without_sex_is_refused_with_the_codebook_rule(admin):
    codebook = template("barn_beslut")
    without_sex = type(codebook)(
        **{
            **{f: getattr(codebook, f) for f in ("id", "title", "version", "question")},
            "variables": tuple(v for v in codebook if v.key != "juridiskt_kon"),
        }
    )
    buffer = io.BytesIO()
    write_xlsform(without_sex, buffer)
    upload = SimpleUploadedFile("utan_kon.xlsx", buffer.getvalue())
    response = admin.post(START, {"start": "egen_kodbok", "workbook": upload})
    assert "Kodboken saknar variabeln &#x27;juridiskt_kon&#x27;" in response.text


def test_a_file_that_is_not_a_workbook_is_refused(admin):
    upload = SimpleUploadedFile("kodbok.xlsx", b"inte en arbetsbok")
    response = admin.post(START, {"start": "egen_kodbok", "workbook": upload})
    assert "kunde inte läsas som en Excel-arbetsbok" in response.text


def test_choosing_your_own_codebook_needs_a_file(admin):
    response = admin.post(START, {"start": "egen_kodbok"})
    assert "Välj en Excel-fil med kodboken." in response.text


def test_a_workbook_over_5_mb_is_refused_before_it_is_read(admin, monkeypatch):
    def never(source):
        raise AssertionError("the size is checked first")

    monkeypatch.setattr(wizard_forms, "read_xlsform", never)
    upload = SimpleUploadedFile("stor.xlsx", b"x" * (5 * 1024 * 1024 + 1))
    response = admin.post(START, {"start": "egen_kodbok", "workbook": upload})
    assert "Filen är större än 5 MB." in response.text


def test_nothing_chosen_asks_for_a_starting_point(admin):
    response = admin.post(START, {})
    assert "Välj en av mallarna eller en egen kodbok." in response.text
    assert 'aria-describedby="id_start_error"' in response.text


def test_the_second_step_without_a_starting_point_goes_back_to_the_first(admin):
    assert admin.get(DETAILS)["Location"] == START


def test_only_units_the_user_administers_can_be_chosen(login_as, personas):
    outsider = login_as(personas.outsider)
    outsider.post(START, {"start": "barn_beslut"})
    units = list(outsider.get(DETAILS).context["form"].fields["unit"].queryset)
    assert units == [personas.other_unit]
    response = finish(outsider, personas.unit_a)
    assert response.status_code == 200
    assert response.context["form"].errors["unit"]
    assert not FollowUp.objects.exists()


@pytest.mark.parametrize("who", ["registrar", "analyst"])
def test_registrars_and_analysts_cannot_create_follow_ups(login_as, personas, who):
    client = login_as(getattr(personas, who))
    assert client.get(START).status_code == 403
    assert client.post(START, {"start": "barn_beslut"}).status_code == 403
    assert client.get(DETAILS).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    for url in (START, DETAILS):
        assert client.get(url)["Location"].startswith(reverse("login"))


def test_the_wizard_forms_carry_a_csrf_token(admin):
    assert "csrfmiddlewaretoken" in admin.get(START).text
    admin.post(START, {"start": "barn_beslut"})
    assert "csrfmiddlewaretoken" in admin.get(DETAILS).text


def test_a_post_without_csrf_token_is_refused(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.admin)
    assert client.post(START, {"start": "barn_beslut"}).status_code == 403


def test_the_downloaded_codebook_of_a_new_follow_up_reads_back(admin, personas):
    admin.post(START, {"start": "barn_och_unga"})
    finish(admin, personas.unit_a)
    followup = FollowUp.objects.get()
    response = admin.get(reverse("followups:codebook_download", args=[followup.pk]))
    assert read_xlsform(response.content) == followup.codebook()
