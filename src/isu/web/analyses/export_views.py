"""The report page of an analysis: start an export, watch it, download it; the latest changes.

An export is started with a POST and built in the background (:mod:`exports`); the page lists
the analysis's recent reports with their status, and a small script polls until they are ready.
Downloads are logged as exports.
"""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from isu.web import audit
from isu.web.analyses import exports
from isu.web.analyses.access import analysis_for
from isu.web.analyses.export_models import ExportJob
from isu.web.analyses.models import Analysis, ItemVersion
from isu.web.request_types import AuthenticatedHttpRequest

RECENT = 30


def _job(
    request: AuthenticatedHttpRequest, followup_id: int, analysis_id: int, job_id: int
) -> ExportJob:
    analysis = analysis_for(request, followup_id, analysis_id)
    job = get_object_or_404(ExportJob, pk=job_id, analysis=analysis)
    job.analysis = analysis
    return job


@never_cache
@login_required
def report(request: AuthenticatedHttpRequest, followup_id: int, analysis_id: int) -> HttpResponse:
    analysis = analysis_for(request, followup_id, analysis_id)
    exports.purge()
    changes = ItemVersion.objects.filter(item__analysis=analysis).select_related("item", "author")
    context = {
        "followup": analysis.followup,
        "analysis": analysis,
        "step": "rapport",
        "formats": exports.formats(),
        "jobs": analysis.exports.select_related("created_by")[:10],  # type: ignore[attr-defined]
        "changes": changes.order_by("-at", "-pk")[:RECENT],
        "has_records": analysis.followup.records.exists(),
    }
    return render(request, "analyses/report.html", context)


@login_required
@require_POST
def export_start(
    request: AuthenticatedHttpRequest, followup_id: int, analysis_id: int
) -> HttpResponse:
    analysis = analysis_for(request, followup_id, analysis_id)
    fmt = request.POST.get("format", "")
    if fmt not in dict(exports.formats()):
        raise Http404
    job = ExportJob.objects.create(analysis=analysis, format=fmt, created_by=request.user)
    exports.start(job)
    return redirect("analyses:report", analysis.followup_id, analysis.pk)


@login_required
def export_status(
    request: AuthenticatedHttpRequest, followup_id: int, analysis_id: int, job_id: int
) -> JsonResponse:
    job = _job(request, followup_id, analysis_id, job_id)
    response = JsonResponse(
        {
            "status": job.status,
            "status_text": job.get_status_display(),
            "finished": job.is_finished,
            "done": job.done,
            "parts": job.parts,
            "percent": job.percent,
        }
    )
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@login_required
def export_download(
    request: AuthenticatedHttpRequest, followup_id: int, analysis_id: int, job_id: int
) -> FileResponse:
    job = _job(request, followup_id, analysis_id, job_id)
    path = exports.file_path(job)
    if job.status != ExportJob.Status.READY or not path.exists():
        raise Http404
    _log_export(request, job.analysis, job)
    name = slugify(job.analysis.title)[:60] or "analys"
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"{name}.{job.format}",
        content_type=exports.media_type(job.format),
    )


def _log_export(request: AuthenticatedHttpRequest, analysis: Analysis, job: ExportJob) -> None:
    audit.log(
        request,
        audit.Action.EXPORT,
        unit=analysis.followup.unit,
        object_type="analysis",
        object_id=analysis.pk,
        detail={"report": "analys", "format": job.format, "export": job.pk},
    )
