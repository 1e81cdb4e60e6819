"""The import pages: upload checks, the background check, the preview with every error, the
error report, and a commit that stores all rows or none."""

import datetime
import io
import re
import threading
import time
import zipfile

import pandas as pd
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from isu.demo import generate
from isu.ingest import validate_file
from isu.web.audit import Action
from isu.web.audit.models import AuditEvent
from isu.web.followups import imports
from isu.web.followups.import_models import ImportJob
from isu.web.followups.models import Record, RecordChange
from isu.web.followups.storage import values_of

from .test_records import database_dump, digit_forms, make_followup, url


@pytest.fixture(autouse=True)
def _staging_and_synchronous_checks(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    settings.ISU_IMPORTS_SYNCHRONOUS = True


@pytest.fixture(scope="module")
def demo():
    return generate(children=50, seed=1)


@pytest.fixture
def followup(personas, demo):
    return make_followup(personas.unit_a, personas.admin, demo.codebook)


@pytest.fixture
def registrar(personas, login_as):
    return login_as(personas.registrar)


def csv_file(records, name="uppgifter.csv"):
    return SimpleUploadedFile(name, records.to_csv(sep=";", index=False).encode("utf-8"))


def xlsx_file(records, name="uppgifter.xlsx"):
    buffer = io.BytesIO()
    records.to_excel(buffer, index=False, sheet_name="Data", engine="xlsxwriter")
    return SimpleUploadedFile(name, buffer.getvalue())


def with_an_error(records):
    broken = records.copy()
    broken.loc[3, "risk"] = "Jättehög risk"  # Excel row 5 (header is row 1)
    return broken


def upload(client, followup, file):
    return client.post(url("import", followup), {"fil": file})


def only_job():
    return ImportJob.objects.get()


# --- Upload page ------------------------------------------------------------------------------


def test_the_import_page_offers_the_template_and_a_protected_upload_form(registrar, followup):
    page = registrar.get(url("import", followup)).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'type="file" name="fil"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert url("import_template", followup) in page
    template = registrar.get(url("import_template", followup))
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="mall-barn-som-far-illa.xlsx"' in template["Content-Disposition"]
    assert zipfile.ZipFile(io.BytesIO(template.content)).testzip() is None


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("uppgifter.pdf", b"%PDF-1.7", "Filtypen stöds inte"),
        ("uppgifter.xlsx", b"personnummer;tillfalle\n", "är ingen Excel-arbetsbok"),
        ("uppgifter.csv", b"PK\x03\x04 zipped", "innehåller inte text"),
        ("uppgifter.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "innehåller inte text"),
        ("uppgifter.csv", b"  \n", "Filen är tom"),
    ],
)
def test_a_file_of_the_wrong_type_is_refused_before_parsing(
    registrar, followup, name, content, message
):
    response = upload(registrar, followup, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert re.search(rf'id="id_fil_error"><li>[^<]*{message}', response.content.decode())
    assert not ImportJob.objects.exists()


def test_a_file_over_the_size_limit_is_refused(registrar, followup, demo, monkeypatch):
    monkeypatch.setenv("ISU_MAX_UPLOAD_MB", "0.001")
    response = upload(registrar, followup, csv_file(demo.records))
    page = response.content.decode()
    assert "Filen är för stor" in page and "Största tillåtna storlek är 0,0 MB" in page
    assert not ImportJob.objects.exists()


# --- Preview ----------------------------------------------------------------------------------


def test_a_file_with_an_error_is_previewed_with_the_error_and_nothing_is_stored(
    registrar, followup, demo
):
    response = upload(registrar, followup, csv_file(with_an_error(demo.records)))
    job = only_job()
    assert response["Location"] == url("import_job", followup, job.pk)
    assert (job.status, job.row_count, job.error_count) == ("kontrollerad", 61, 1)
    page = registrar.get(response["Location"]).content.decode()
    row = re.search(
        r"<tr>\s*<td[^>]*>5</td>\s*<td>(risk \([A-Z]+\))</td>\s*<td>Jättehög risk</td>"
        r"\s*<td>(Okänt svar[^<]*)</td>",
        page,
    )
    assert row, page
    assert "Filen har 1 fel. Inget sparas" in page
    assert url("import_commit", followup, job.pk) not in page
    assert url("import_report", followup, job.pk) in page
    refused = registrar.post(url("import_commit", followup, job.pk), follow=True)
    assert "den har fel eller är redan sparad" in refused.content.decode()
    assert not Record.objects.exists()


def test_the_error_report_is_an_excel_file_without_personnummer(registrar, followup, demo):
    records = with_an_error(demo.records)
    records.loc[7, "personnummer"] = "20100101-0000"  # a bad number, shown masked
    upload(registrar, followup, csv_file(records))
    job = only_job()
    response = registrar.get(url("import_report", followup, job.pk))
    content = b"".join(response.streaming_content)
    assert response["Content-Disposition"].startswith("attachment")
    text = zipfile.ZipFile(io.BytesIO(content)).read("xl/sharedStrings.xml").decode()
    assert "Jättehög risk" in text
    for number in records["personnummer"]:
        if number:
            assert not digit_forms(number) & set(re.findall(r"[\d-]{10,13}", text))
    assert AuditEvent.objects.filter(action=Action.EXPORT, object_type="import").exists()


def test_many_issues_are_paginated(registrar, followup, demo):
    records = demo.records.copy()
    records["risk"] = "fel"
    records.loc[records["tillfalle"] != "Beslut efter utredning", "risk"] = ""
    records.loc[:4, "situation"] = "fel"  # 50 + 5 errors
    upload(registrar, followup, csv_file(records))
    job = only_job()
    assert job.error_count == 55
    first = registrar.get(url("import_job", followup, job.pk)).content.decode()
    assert "sida=2" in first and "Sida 1 av" in first
    second = registrar.get(url("import_job", followup, job.pk), {"sida": 2}).content.decode()
    assert second.count('class="badge badge--error"') == job.error_count - 50


def test_an_unreadable_workbook_fails_with_a_swedish_message(registrar, followup):
    upload(registrar, followup, SimpleUploadedFile("trasig.xlsx", b"PK\x03\x04 not a workbook"))
    job = only_job()
    assert job.status == "misslyckad"
    page = registrar.get(url("import_job", followup, job.pk)).content.decode()
    assert "Filen kunde inte läsas som en Excel-arbetsbok" in page


def test_the_status_endpoint_reports_progress_and_counts(registrar, followup, demo):
    upload(registrar, followup, csv_file(with_an_error(demo.records)))
    status = registrar.get(url("import_status", followup, only_job().pk)).json()
    assert status["finished"] is True and status["done"] == status["total"] > 0
    assert (status["rows"], status["errors"], status["status"]) == (61, 1, "kontrollerad")


def test_polling_the_status_writes_nothing(registrar, followup, demo):
    """A large import's save holds SQLite's write lock for many seconds; a poll that wrote (even
    an UPDATE matching nothing) would wait for it and fail with «database is locked»."""
    upload(registrar, followup, csv_file(with_an_error(demo.records)))
    status_url = url("import_status", followup, only_job().pk)
    with CaptureQueriesContext(connection) as queries:
        assert registrar.get(status_url).status_code == 200
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))
    ]
    assert writes == [] or all("django_session" in w for w in writes)


def test_a_running_check_shows_a_progress_bar_that_a_static_script_polls(registrar, followup, demo):
    job = imports.create_job(followup, None, "x.csv", 10)
    page = registrar.get(url("import_job", followup, job.pk)).content.decode()
    assert "<progress" in page and url("import_status", followup, job.pk) in page
    assert "record-form.js" in page and 'http-equiv="refresh"' in page  # in <noscript>


def test_progress_names_the_question_being_checked(followup, demo):
    job = imports.create_job(followup, None, "x.csv", 10)
    progress = imports._Progress(job.pk, demo.codebook)
    progress("Läser filen")
    progress("Kontrollerar risk")
    job.refresh_from_db()
    assert job.stage == "Kontrollerar frågan ”Hur bedöms risken att barnet far illa?”"
    assert (job.progress_done, job.progress_total) == (2, len(demo.codebook) + 5)


# --- Commit -----------------------------------------------------------------------------------


def test_a_fixed_file_commits_every_row_at_once(registrar, followup, demo, personas):
    upload(registrar, followup, csv_file(with_an_error(demo.records)))
    upload(registrar, followup, csv_file(demo.records))
    job = ImportJob.objects.order_by("-pk").first()
    assert (job.error_count, job.row_count) == (0, 61)
    page = registrar.get(url("import_job", followup, job.pk)).content.decode()
    assert "Spara 61 poster" in page and 'name="csrfmiddlewaretoken"' in page
    assert imports.staged_path(job.pk).exists()
    revision = followup.revision
    response = registrar.post(url("import_commit", followup, job.pk))
    assert response["Location"] == url("records", followup)
    assert Record.objects.count() == 61
    assert RecordChange.objects.filter(kind=RecordChange.Kind.IMPORTED).count() == 61
    job.refresh_from_db()
    assert (job.status, job.committed_count, job.committed_by) == ("sparad", 61, personas.registrar)
    assert not imports.staged_path(job.pk).exists()
    followup.refresh_from_db()
    assert followup.revision > revision
    steps = list(
        AuditEvent.objects.filter(action=Action.IMPORT).values_list("detail__steg", flat=True)
    )
    assert sorted(steps) == ["sparad", "uppladdad", "uppladdad"]
    assert "61 poster är importerade." in registrar.get(response["Location"]).content.decode()
    for number in demo.records["personnummer"]:
        if number:
            assert not any(form in database_dump() for form in digit_forms(number))


def test_an_excel_workbook_imports_the_same_values_as_the_demo(registrar, followup, demo):
    upload(registrar, followup, xlsx_file(demo.records))
    job = only_job()
    assert job.error_count == 0, job.issues
    registrar.post(url("import_commit", followup, job.pk))
    stored = {(r.pseudonym, r.occasion): r.values for r in Record.objects.all()}
    assert len(stored) == 61
    record = next(iter(stored.values()))
    assert isinstance(record["alder"], int) and record["juridiskt_kon"] in ("kvinna", "man")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", record["datum"])


def test_an_import_stores_exactly_what_validation_gives(registrar, followup, demo):
    upload(registrar, followup, csv_file(demo.records))
    registrar.post(url("import_commit", followup, only_job().pk))
    content = demo.records.to_csv(sep=";", index=False).encode()
    expected = validate_file(content, demo.codebook).records_to_store()
    stored = {(r.pseudonym, r.occasion): r.values for r in Record.objects.all()}
    assert stored == {
        (row["pseudonym"], row["tillfalle"]): values_of(row) for row in expected.to_dict("records")
    }


def test_rows_already_stored_are_errors_in_the_preview_and_block_the_commit(
    registrar, followup, demo
):
    upload(registrar, followup, csv_file(demo.records))
    registrar.post(url("import_commit", followup, only_job().pk))
    upload(registrar, followup, csv_file(demo.records.head(3)))
    job = ImportJob.objects.order_by("-pk").first()
    assert job.error_count == 3
    page = registrar.get(url("import_job", followup, job.pk)).content.decode()
    assert "Personen har redan uppgifter vid tillfället Beslut efter utredning" in page
    registrar.post(url("import_commit", followup, job.pk))
    assert Record.objects.count() == 61


def test_a_commit_stores_nothing_when_any_row_fails(registrar, followup, demo):
    upload(registrar, followup, csv_file(demo.records))
    job = only_job()
    staged = imports.staged_path(job.pk)
    clash = pd.read_parquet(staged).iloc[10]
    Record.objects.create(  # someone entered one of the people meanwhile
        followup=followup,
        version=followup.current_version(),
        pseudonym=clash["pseudonym"],
        occasion=str(clash["tillfalle"]),
    )
    response = registrar.post(url("import_commit", followup, job.pk), follow=True)
    assert "Inget har sparats" in response.content.decode()
    assert Record.objects.count() == 1
    job.refresh_from_db()
    assert job.status == "kontrollerad"  # the claim was rolled back too
    assert staged.exists()


def test_committing_twice_stores_the_records_once(registrar, followup, demo):
    upload(registrar, followup, csv_file(demo.records))
    job = only_job()
    registrar.post(url("import_commit", followup, job.pk))
    again = registrar.post(url("import_commit", followup, job.pk), follow=True)
    assert "redan sparad" in again.content.decode()
    assert Record.objects.count() == 61


def test_a_changed_codebook_needs_a_new_check(registrar, followup, demo):
    upload(registrar, followup, csv_file(demo.records))
    job = only_job()
    version = followup.current_version()
    version.pk, version.number = None, 2
    version.save()
    response = registrar.post(url("import_commit", followup, job.pk), follow=True)
    assert "Kodboken har ändrats" in response.content.decode()
    assert not Record.objects.exists()


# --- Background work and cleaning up ----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_check_runs_in_a_background_thread(personas, login_as, demo, settings):
    settings.ISU_IMPORTS_SYNCHRONOUS = False
    followup = make_followup(personas.unit_a, personas.admin, demo.codebook)
    client = login_as(personas.registrar)
    upload(client, followup, csv_file(demo.records))
    job = only_job()
    for thread in threading.enumerate():
        if thread.name == f"isu-import-{job.pk}":
            thread.join(timeout=60)
    job.refresh_from_db()
    assert (job.status, job.row_count, job.error_count) == ("kontrollerad", 61, 0)
    assert job.progress_done == job.progress_total


def _join_thread(name: str) -> None:
    """Wait for the named thread: it starts when the request's transaction commits, so it may
    not exist yet, and it may already be done."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = [t for t in threading.enumerate() if t.name == name]
        if found:
            found[0].join(timeout=60)
            return
        time.sleep(0.02)


@pytest.mark.django_db(transaction=True)
def test_saving_runs_in_a_background_thread_and_the_page_shows_it(
    personas, login_as, demo, settings
):
    settings.ISU_IMPORTS_SYNCHRONOUS = True
    followup = make_followup(personas.unit_a, personas.admin, demo.codebook)
    client = login_as(personas.registrar)
    upload(client, followup, csv_file(demo.records))
    job = only_job()
    settings.ISU_IMPORTS_SYNCHRONOUS = False
    response = client.post(url("import_commit", followup, job.pk))
    assert response.status_code == 302 and response["Location"].endswith(f"/import/{job.pk}/")
    _join_thread(f"isu-save-{job.pk}")  # reading while it writes would lock SQLite's table
    job.refresh_from_db()
    assert (job.status, job.committed_count) == ("sparad", 61)
    assert Record.objects.filter(followup=followup).count() == 61
    again = client.post(url("import_commit", followup, job.pk), follow=True)
    assert Record.objects.filter(followup=followup).count() == 61  # stored once
    assert "redan sparad" in again.content.decode()


def test_staged_files_are_deleted_after_a_day_and_lost_checks_are_given_up(
    registrar, followup, demo
):
    upload(registrar, followup, csv_file(with_an_error(demo.records)))
    old = only_job()
    lost = imports.create_job(followup, None, "borta.csv", 1)
    day_ago = timezone.now() - datetime.timedelta(days=1, minutes=1)
    ImportJob.objects.filter(pk=old.pk).update(created_at=day_ago)
    ImportJob.objects.filter(pk=lost.pk).update(updated_at=day_ago + datetime.timedelta(days=1))
    assert imports.report_path(old.pk).exists()
    imports.purge(now=timezone.now() + datetime.timedelta(hours=1))
    old.refresh_from_db()
    lost.refresh_from_db()
    assert (old.status, old.issues) == ("utgangen", [])
    assert not imports.report_path(old.pk).exists()
    assert lost.status == "misslyckad" and "avbröts" in lost.failure


def test_a_file_name_that_looks_like_a_personnummer_is_masked(registrar, followup, demo):
    upload(registrar, followup, csv_file(demo.records, name="19121212-1212.csv"))
    assert "1212-1212" not in only_job().file_name
    assert "19121212" not in registrar.get(url("import", followup)).content.decode()


# --- Access -----------------------------------------------------------------------------------


def test_analysts_are_forbidden_and_other_municipalities_see_nothing(
    personas, login_as, followup, registrar, demo
):
    upload(registrar, followup, csv_file(with_an_error(demo.records)))
    job = only_job()
    analyst, outsider = login_as(personas.analyst), login_as(personas.outsider)
    pages = [url("import", followup), url("import_template", followup)] + [
        url(name, followup, job.pk) for name in ("import_job", "import_status", "import_report")
    ]
    for address in pages:
        assert analyst.get(address).status_code == 403
        assert outsider.get(address).status_code == 404
    commit = url("import_commit", followup, job.pk)
    assert analyst.post(commit).status_code == 403
    assert outsider.post(commit).status_code == 404
    assert registrar.get(commit).status_code == 405


def test_a_guessed_import_id_of_another_follow_up_is_not_found(personas, login_as, demo):
    mine = make_followup(personas.unit_a, personas.admin, demo.codebook)
    theirs = make_followup(personas.unit_b, personas.admin, demo.codebook, title="Vuxna")
    job = imports.create_job(theirs, None, "x.csv", 1)
    registrar = login_as(personas.registrar)
    assert registrar.get(url("import_job", mine, job.pk)).status_code == 404
    assert registrar.post(url("import_commit", mine, job.pk)).status_code == 404


def test_uploading_without_a_csrf_token_is_refused(personas, followup, demo):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.registrar)
    response = client.post(url("import", followup), {"fil": csv_file(demo.records)})
    assert response.status_code == 403
    assert not ImportJob.objects.exists()
