"""Reports of an analysis (PDF, Word, Excel, PowerPoint), built in the background.

:func:`start` runs :func:`build` in a plain thread (or at once when
``settings.ISU_IMPORTS_SYNCHRONOUS`` is true, as in the tests). :func:`build` claims the job with
one conditional UPDATE, so a job is built once however often it is started; it turns the stored
items into the library's document, links the pins to the follow-up's cached step-1 result and
calls :func:`isu.report.document.exports.render_report`, which applies the same disclosure
control as the screen. The file waits in ``DATA_DIR/exports`` (mode 0600) for a day.
"""

import logging
import threading
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from isu.report.document import DocumentError, resolve
from isu.report.document.exports import REPORT_FORMATS, render_report
from isu.web.analyses.document import document
from isu.web.analyses.export_models import ExportJob
from isu.web.followups import analysis_cache
from isu.web.private_files import write_private

logger = logging.getLogger(__name__)

Status = ExportJob.Status
KEEP = timedelta(days=1)
LOST_AFTER = timedelta(minutes=30)


def formats() -> list[tuple[str, str]]:
    """The formats the library renders: name and Swedish label."""
    return [(name, fmt.label) for name, fmt in REPORT_FORMATS.items()]


def media_type(name: str) -> str:
    return REPORT_FORMATS[name].media_type


def file_path(job: ExportJob) -> Path:
    return Path(settings.DATA_DIR) / "exports" / f"{job.pk}.{job.format}"


def start(job: ExportJob) -> None:
    if getattr(settings, "ISU_IMPORTS_SYNCHRONOUS", False):
        build(job.pk)
        return
    thread = threading.Thread(target=_build_in_thread, args=(job.pk,), daemon=True)
    transaction.on_commit(thread.start)  # the thread must see the committed job row


def _build_in_thread(job_id: int) -> None:
    try:
        build(job_id)
    finally:
        connection.close()


def build(job_id: int) -> None:
    claimed = ExportJob.objects.filter(pk=job_id, status=Status.WAITING)
    if not claimed.update(status=Status.RUNNING, updated_at=timezone.now()):
        return
    job = ExportJob.objects.select_related("analysis__followup__unit").get(pk=job_id)
    try:
        content = render(job)
        write_private(file_path(job), content)
    except DocumentError as error:
        problems = "; ".join(message for _place, message in error.problems)
        _finish(
            job_id, Status.FAILED, failure=_("Analysen är inte komplett: {p}").format(p=problems)
        )
    except Exception:
        logger.exception("Rapport %s kunde inte skapas", job_id)
        _finish(job_id, Status.FAILED, failure=_("Rapporten kunde inte skapas. Försök igen."))
    else:
        _finish(job_id, Status.READY, size=len(content))


def render(job: ExportJob) -> bytes:
    analysis = job.analysis
    followup = analysis.followup
    if not followup.records.exists():
        raise DocumentError([("", _("Uppföljningen har inga poster ännu."))])
    report = resolve(document(analysis), analysis_cache.result_for(followup))

    def progress(done: int, parts: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(
            done=done, parts=parts, updated_at=timezone.now()
        )

    return render_report(report, job.format, progress)


def _finish(job_id: int, status: str, **fields: object) -> None:
    ExportJob.objects.filter(pk=job_id).update(status=status, updated_at=timezone.now(), **fields)


def purge(now: datetime | None = None) -> None:
    """Give up builds whose thread is gone; delete reports older than a day."""
    now = now or timezone.now()
    lost = ExportJob.objects.filter(status__in=(Status.WAITING, Status.RUNNING))
    lost = lost.filter(updated_at__lt=now - LOST_AFTER)
    if lost.exists():  # read first: an empty UPDATE still waits for SQLite's write lock
        lost.update(
            status=Status.FAILED,
            failure=_("Rapporten avbröts, kanske för att servern startades om."),
        )
    for job in ExportJob.objects.filter(created_at__lt=now - KEEP):
        file_path(job).unlink(missing_ok=True)
        job.delete()
