"""The import pages: upload a file, watch it being checked, preview the issues, commit.

Only collectors of the follow-up's unit reach them (analysts 403, everyone else 404). The work
itself is in :mod:`isu.web.followups.imports`; these views only fetch, call and render.
"""

import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from isu.ingest import max_upload_bytes, write_template
from isu.web import audit
from isu.web.followups import imports
from isu.web.followups.access import COLLECTORS, followup_for
from isu.web.followups.import_models import ImportJob
from isu.web.followups.models import FollowUp
from isu.web.request_types import AuthenticatedHttpRequest

ISSUES_PER_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    fil = forms.FileField(
        label=gettext_lazy("Fil att importera"),
        widget=forms.ClearableFileInput(attrs={"accept": f".csv,.xlsx,text/csv,{XLSX}"}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        limit = f"{max_upload_bytes() / 1024 / 1024:.0f}"
        self.fields["fil"].help_text = _(
            "En CSV-fil (.csv) eller Excel-arbetsbok (.xlsx) med en rad per person och "
            "tillfälle, högst {limit} MB."
        ).format(limit=limit)
        self.content = b""

    def clean_fil(self) -> object:
        upload = self.cleaned_data["fil"]
        try:
            self.content = imports.check_upload(upload)
        except imports.UploadRefused as refused:
            raise ValidationError(str(refused)) from None
        return upload


def _followup(request: AuthenticatedHttpRequest, followup_id: int) -> FollowUp:
    return followup_for(request, followup_id, roles=COLLECTORS)


def _job(request: AuthenticatedHttpRequest, followup_id: int, job_id: int) -> ImportJob:
    followup = _followup(request, followup_id)
    return get_object_or_404(
        ImportJob.objects.select_related("followup__unit__organisation", "version"),
        pk=job_id,
        followup=followup,
    )


def _log(
    request: AuthenticatedHttpRequest, action: str, job: ImportJob, detail: dict[str, object]
) -> None:
    audit.log(
        request,
        action,
        unit=job.followup.unit,
        object_type="import",
        object_id=job.pk,
        detail=detail,
    )


@never_cache
@login_required
def import_start(request: AuthenticatedHttpRequest, followup_id: int) -> HttpResponse:
    followup = _followup(request, followup_id)
    imports.purge()
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["fil"]
        job = imports.create_job(followup, request.user, upload.name, upload.size)
        _log(request, audit.Action.IMPORT, job, {"steg": "uppladdad", "storlek": upload.size})
        imports.start(job, form.content)
        return redirect("followups:import_job", followup.pk, job.pk)
    context = {
        "followup": followup,
        "form": form,
        "jobs": followup.import_jobs.select_related("created_by")[:10],  # type: ignore[attr-defined]
    }
    return render(request, "followups/records/import.html", context)


@never_cache
@login_required
def import_job(request: AuthenticatedHttpRequest, followup_id: int, job_id: int) -> HttpResponse:
    imports.purge()
    job = _job(request, followup_id, job_id)
    page = Paginator(job.issues, ISSUES_PER_PAGE).get_page(request.GET.get("sida"))
    context = {
        "followup": job.followup,
        "job": job,
        "page": page,
        "shown_issues": len(job.issues),
        "all_issues": job.error_count + job.warning_count,
        "has_report": imports.report_path(job.pk).exists(),
    }
    return render(request, "followups/records/import_job.html", context)


@login_required
def import_status(request: AuthenticatedHttpRequest, followup_id: int, job_id: int) -> JsonResponse:
    """Progress for the page's progress bar, polled by record-form.js (reads only: a poll must
    not wait for the write lock a saving import holds)."""
    job = _job(request, followup_id, job_id)
    response = JsonResponse(
        {
            "status": job.status,
            "status_text": job.outcome(),
            "finished": job.is_finished,
            "done": job.progress_done,
            "total": job.progress_total,
            "stage": job.stage,
            "rows": job.row_count,
            "errors": job.error_count,
            "warnings": job.warning_count,
        }
    )
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@login_required
def import_report(request: AuthenticatedHttpRequest, followup_id: int, job_id: int) -> FileResponse:
    job = _job(request, followup_id, job_id)
    path = imports.report_path(job.pk)
    if not path.exists():
        raise Http404
    _log(request, audit.Action.EXPORT, job, {"innehåll": "felrapport", "format": "xlsx"})
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"felrapport-import-{job.pk}.xlsx",
        content_type=XLSX,
    )


@login_required
@require_POST
def import_commit(request: AuthenticatedHttpRequest, followup_id: int, job_id: int) -> HttpResponse:
    job = _job(request, followup_id, job_id)
    try:
        # One transaction for the claim and the audit event: a background save starts only
        # once both are committed, so it never competes with this request for SQLite's lock.
        with transaction.atomic():
            stored = imports.commit(job, request.user)
            if stored is None:
                _log(request, audit.Action.IMPORT, job, {"steg": "sparas", "poster": job.row_count})
    except imports.CommitRefused as refused:
        messages.error(request, str(refused))
        return redirect("followups:import_job", job.followup_id, job.pk)
    if stored is None:  # saving in the background: its page shows the progress
        return redirect("followups:import_job", job.followup_id, job.pk)
    _log(request, audit.Action.IMPORT, job, {"steg": "sparad", "poster": stored})
    messages.success(request, _("{n} poster är importerade.").format(n=stored))
    return redirect("followups:records", job.followup_id)


@login_required
def import_template(request: AuthenticatedHttpRequest, followup_id: int) -> HttpResponse:
    """The follow-up's Excel template, generated from its current codebook."""
    followup = _followup(request, followup_id)
    buffer = io.BytesIO()
    write_template(followup.codebook(), buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    name = slugify(followup.title)[:60] or "uppfoljning"
    response["Content-Disposition"] = f'attachment; filename="mall-{name}.xlsx"'
    return response
