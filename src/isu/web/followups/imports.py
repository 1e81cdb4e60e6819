"""Imports: check an upload, validate it in the background, preview it, commit it atomically.

1. :func:`check_upload` refuses a file that is too large or not a CSV file or Excel workbook,
   judged by its size, its name and its first bytes, before anything parses it.
2. :func:`start` validates it with :mod:`isu.ingest` in a plain thread (or at once when
   ``settings.ISU_IMPORTS_SYNCHRONOUS`` is true, as in the tests). The :class:`ImportJob` row
   holds progress, counts and the first issues, so any process can show them. Records that
   already exist in the follow-up (same pseudonym and occasion) are errors too.
3. The records of a file without errors are staged as Parquet under ``DATA_DIR/imports``
   (pseudonymised: the personnummer is gone by then), next to the Excel error report.
4. :func:`commit` claims the job with one conditional UPDATE and stores all records with
   :func:`storage.store_frame` in one transaction, or none. Staged files are deleted after the
   commit, and everything staged is deleted after a day (:func:`purge`).
"""

import dataclasses
import io
import logging
import threading
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from isu.codebook import OCCASION, Codebook
from isu.ingest import (
    PSEUDONYM,
    ROW,
    IngestError,
    ValidationResult,
    max_upload_bytes,
    read_table,
    validate_table,
    write_error_report,
)
from isu.ingest.issues import COLUMNS, Severity
from isu.ingest.reading import OLE_MAGIC, ZIP_MAGIC
from isu.web.followups.import_models import ImportJob
from isu.web.followups.models import FollowUp, Record
from isu.web.followups.storage import store_frame
from isu.web.private_files import write_private
from isu.web.redact import redact

logger = logging.getLogger(__name__)

Status = ImportJob.Status
SUFFIXES = (".csv", ".xlsx")
PREVIEW_ISSUES = 5_000  # kept in the database for the preview; the report has every issue
KEEP_STAGED = timedelta(days=1)
LOST_AFTER = timedelta(minutes=30)  # a check without progress for this long lost its thread


class UploadRefused(ValueError):
    """An upload refused before parsing; the message is Swedish."""


class CommitRefused(ValueError):
    """A commit that stored nothing; the message is Swedish."""


# --- Upload -----------------------------------------------------------------------------------


def check_upload(upload: UploadedFile) -> bytes:
    """The file's bytes, if its size, name and first bytes say it is a CSV or Excel file."""
    limit = max_upload_bytes()
    if (upload.size or 0) > limit:
        raise UploadRefused(
            _("Filen är för stor ({size} MB). Största tillåtna storlek är {limit} MB.").format(
                size=_megabytes(upload.size or 0), limit=_megabytes(limit)
            )
        )
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise UploadRefused(
            _("Filtypen stöds inte. Ladda upp en CSV-fil (.csv) eller en Excel-arbetsbok (.xlsx).")
        )
    content = upload.read()
    if not content or content.isspace():
        raise UploadRefused(_("Filen är tom."))
    if suffix == ".xlsx" and not content.startswith((ZIP_MAGIC, OLE_MAGIC)):
        raise UploadRefused(
            _(
                "Filen heter .xlsx men är ingen Excel-arbetsbok. Öppna den i Excel, spara som "
                "Excel-arbetsbok (.xlsx) och försök igen."
            )
        )
    if suffix == ".csv" and (content.startswith((ZIP_MAGIC, OLE_MAGIC)) or b"\0" in content[:8192]):
        raise UploadRefused(
            _(
                "Filen heter .csv men innehåller inte text. Spara den som CSV "
                "(semikolonavgränsad) eller som Excel-arbetsbok (.xlsx) och försök igen."
            )
        )
    return content


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def create_job(followup: FollowUp, user: Any, name: str, size: int) -> ImportJob:
    return ImportJob.objects.create(
        followup=followup,
        version=followup.current_version(),
        created_by=user,
        file_name=redact(Path(name).name)[:255],
        file_size=size,
        stage=_("Väntar på att kontrollen ska börja"),
    )


def start(job: ImportJob, content: bytes) -> None:
    """Validate *content* for *job*: in a background thread, or now in tests."""
    if getattr(settings, "ISU_IMPORTS_SYNCHRONOUS", False):
        validate(job.pk, content)
        return
    thread = threading.Thread(
        target=_validate_in_thread, args=(job.pk, content), name=f"isu-import-{job.pk}", daemon=True
    )
    transaction.on_commit(thread.start)  # the thread must see the committed job row


def _validate_in_thread(job_id: int, content: bytes) -> None:
    try:
        validate(job_id, content)
    finally:
        connection.close()  # the thread's own connection


# --- Validation -------------------------------------------------------------------------------


class _Progress:
    """The callback :mod:`isu.ingest` calls at each step; every call is a heartbeat."""

    def __init__(self, job_id: int, codebook: Codebook) -> None:
        self.job_id, self.done = job_id, 0
        self.total = len(codebook.variables) + 5  # reading, variables, personnummer, ours
        self.labels = {f"Kontrollerar {v.key}": v.label for v in codebook.variables}
        self._update(progress_total=self.total, progress_done=0)

    def __call__(self, stage: str) -> None:
        self.done = min(self.done + 1, self.total - 1)
        if stage in self.labels:  # "Kontrollerar risk": name the question as the user knows it
            stage = _("Kontrollerar frågan ”{label}”").format(label=self.labels[stage])
        self._update(progress_done=self.done, stage=stage[:200])

    def _update(self, **fields: Any) -> None:
        ImportJob.objects.filter(pk=self.job_id).update(updated_at=timezone.now(), **fields)


def validate(job_id: int, content: bytes) -> None:
    """Check the file of job *job_id*, stage what can be committed and record the outcome."""
    job = ImportJob.objects.select_related("followup", "version").get(pk=job_id)
    codebook = job.version.codebook()
    progress = _Progress(job_id, codebook)
    try:
        result = validate_table(read_table(content, progress=progress), codebook, progress=progress)
        progress(_("Jämför med uppgifter som redan finns"))
        result = with_existing_records(result, job.followup)
        progress(_("Förbereder förhandsgranskningen"))
        _stage(job_id, result)
    except IngestError as error:
        _finish(job_id, status=Status.FAILED, failure=redact(str(error)))
    except Exception:
        logger.exception("Import %s could not be checked", job_id)
        failure = _("Ett oväntat fel inträffade när filen kontrollerades. Försök igen.")
        _finish(job_id, status=Status.FAILED, failure=failure)
    else:
        _finish(job_id, progress_done=progress.total)


def _finish(job_id: int, **fields: Any) -> None:
    ImportJob.objects.filter(pk=job_id).update(updated_at=timezone.now(), **fields)


def with_existing_records(result: ValidationResult, followup: FollowUp) -> ValidationResult:
    """*result* with an error for every row whose person already has a record at its occasion."""
    records = result.records
    stored = list(Record.objects.filter(followup=followup).values_list("pseudonym", "occasion"))
    if records.empty or not stored:
        return result
    occasions = (
        records[OCCASION].astype("string")
        if OCCASION in records
        else pd.Series("", index=records.index, dtype="string")
    )
    keys = pd.MultiIndex.from_arrays([records[PSEUDONYM].astype("string"), occasions])
    clash = keys.isin(pd.MultiIndex.from_tuples(stored)) & records[PSEUDONYM].notna().to_numpy()
    if not clash.any():
        return result
    occasion = result.codebook.get(OCCASION)
    message = _("Personen har redan uppgifter vid tillfället {occasion}. Ta bort raden ur filen.")
    added = pd.DataFrame(
        {
            "row": records.loc[clash, ROW].to_numpy(),
            "column": _("personnummer/klientnummer"),
            "value": "",
            "message": [
                message.format(occasion=occasion.label_of(str(code)) if occasion else code)
                for code in occasions[clash]
            ],
            "severity": Severity.ERROR.value,
        }
    )
    issues = pd.concat([result.issues, added], ignore_index=True)
    issues = issues.sort_values("row", kind="stable", ignore_index=True)[COLUMNS]
    return dataclasses.replace(result, issues=issues)


def _stage(job_id: int, result: ValidationResult) -> None:
    issues = result.issues
    if not issues.empty:
        report = io.BytesIO()
        write_error_report(result, report)
        write_private(report_path(job_id), report.getvalue())
    if result.ok:
        staged = io.BytesIO()
        result.records.to_parquet(staged, index=False)
        write_private(staged_path(job_id), staged.getvalue())
    errors = issues["severity"] == Severity.ERROR.value
    _finish(
        job_id,
        status=Status.READY,
        row_count=len(result.records),
        error_count=int(errors.sum()),
        warning_count=int((~errors).sum()),
        issues=_preview(issues),
        stage="",
    )


def _preview(issues: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {
            "row": int(row),
            "column": str(column),
            "value": redact(str(value))[:200],
            "message": str(message),
            "severity": str(severity),
        }
        for row, column, value, message, severity in issues[COLUMNS]
        .head(PREVIEW_ISSUES)
        .itertuples(index=False, name=None)
    ]


# --- Staged files -----------------------------------------------------------------------------


def imports_dir() -> Path:
    return Path(settings.DATA_DIR) / "imports"


def staged_path(job_id: int) -> Path:
    return imports_dir() / f"{job_id}.parquet"


def report_path(job_id: int) -> Path:
    return imports_dir() / f"{job_id}-fel.xlsx"


def delete_files(job_id: int) -> None:
    for path in (staged_path(job_id), report_path(job_id)):
        path.unlink(missing_ok=True)


def purge(now: datetime | None = None) -> None:
    """Give up checks whose thread is gone; delete what was staged more than a day ago."""
    now = now or timezone.now()
    lost = ImportJob.objects.filter(status__in=(Status.RUNNING, Status.SAVING))
    lost = lost.filter(updated_at__lt=now - LOST_AFTER)
    # Read before writing: on SQLite even an UPDATE that matches nothing waits for the write
    # lock, which a large import's save holds for many seconds.
    if lost.exists():
        lost.update(
            status=Status.FAILED,
            failure=_(
                "Kontrollen avbröts, kanske för att servern startades om. Ladda upp filen igen."
            ),
        )
    old = ImportJob.objects.filter(created_at__lt=now - KEEP_STAGED).exclude(status=Status.EXPIRED)
    if not old.exists():
        return
    for job_id in old.values_list("pk", flat=True):
        delete_files(job_id)
    old.exclude(status=Status.COMMITTED).update(status=Status.EXPIRED, issues=[])
    old.filter(status=Status.COMMITTED).update(issues=[])


# --- Commit -----------------------------------------------------------------------------------


def commit(job: ImportJob, user: Any) -> int | None:
    """Store every staged record of *job* in one transaction.

    Returns the number stored, or None when the saving goes on in a background thread (a large
    import takes longer than a request should): the job is then "sparas" until it is done, and
    its page shows progress as during the check.
    """
    if job.followup.current_version().pk != job.version_id:
        raise CommitRefused(
            _("Kodboken har ändrats sedan filen kontrollerades. Ladda upp filen igen.")
        )
    if getattr(settings, "ISU_IMPORTS_SYNCHRONOUS", False):
        return _store(job, user, claim=Status.READY)
    claimed = ImportJob.objects.filter(pk=job.pk, status=Status.READY, error_count=0)
    if not claimed.update(status=Status.SAVING, stage=_("Posterna sparas")):
        raise CommitRefused(_("Importen kan inte sparas: den har fel eller är redan sparad."))
    job.refresh_from_db()
    thread = threading.Thread(
        target=_store_in_thread, args=(job.pk, user.pk), name=f"isu-save-{job.pk}", daemon=True
    )
    transaction.on_commit(thread.start)
    return None


def _store_in_thread(job_id: int, user_id: int) -> None:
    """The background save: success marks the job saved, any refusal marks it failed with the
    same Swedish message a synchronous save would have shown."""
    try:
        job = ImportJob.objects.select_related("followup", "version").get(pk=job_id)
        user = get_user_model().objects.filter(pk=user_id).first()
        _store(job, user, claim=Status.SAVING)
    except CommitRefused as refused:
        _finish(job_id, status=Status.FAILED, failure=str(refused))
    except Exception:  # a crash must not leave the page waiting for ever
        _finish(job_id, status=Status.FAILED, failure=_("Posterna kunde inte sparas. Försök igen."))
        raise
    finally:
        connection.close()


def _store(job: ImportJob, user: Any, *, claim: str) -> int:
    """Claim the job (from status *claim*) and store its records, all or none; the number
    stored. The claim is one conditional UPDATE, so two clicks store the records once."""
    now = timezone.now()
    try:
        with transaction.atomic():
            claimed = ImportJob.objects.filter(pk=job.pk, status=claim, error_count=0)
            if not claimed.update(status=Status.COMMITTED, committed_at=now, committed_by=user):
                raise CommitRefused(
                    _("Importen kan inte sparas: den har fel eller är redan sparad.")
                )
            frame = pd.read_parquet(staged_path(job.pk))
            created = store_frame(job.followup, job.version, frame, user)
            ImportJob.objects.filter(pk=job.pk).update(committed_count=len(created))
    except FileNotFoundError:
        raise CommitRefused(
            _("Den kontrollerade filen finns inte kvar. Ladda upp filen igen.")
        ) from None
    except IntegrityError:
        raise CommitRefused(
            _(
                "Några av personerna har fått uppgifter vid samma tillfälle sedan filen "
                "kontrollerades. Inget har sparats. Ladda upp filen igen för att se vilka rader "
                "det gäller."
            )
        ) from None
    delete_files(job.pk)
    return len(created)
