"""The analyses of a follow-up: the list, a new analysis, and the workspace of the four steps.

Only analysts and administrators of the follow-up's unit (see :mod:`isu.web.analyses.access`).
Editing items is in :mod:`item_views`, pinning from the dashboard in :mod:`pin_views`, reports
in :mod:`export_views`.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from isu.report.document import guidance
from isu.web import audit
from isu.web.analyses.access import analysis_for, followup_of
from isu.web.analyses.forms import NewAnalysisForm
from isu.web.analyses.models import Analysis, Kind
from isu.web.analyses.workspace import Workspace, step1_result
from isu.web.followups import charts
from isu.web.request_types import AuthenticatedHttpRequest

STEPS = (1, 2, 3, 4)


@login_required
def analysis_list(request: AuthenticatedHttpRequest, followup_id: int) -> HttpResponse:
    followup = followup_of(request, followup_id)
    analyses = followup.analyses.all()  # type: ignore[attr-defined]
    return render(request, "analyses/list.html", {"followup": followup, "analyses": analyses})


@login_required
def analysis_create(request: AuthenticatedHttpRequest, followup_id: int) -> HttpResponse:
    followup = followup_of(request, followup_id)
    year = str(timezone.localdate().year)
    initial = {"titel": f"{followup.title} – analys {year}", "fragestallning": followup.question}
    form = NewAnalysisForm(request.POST or None, initial=initial | {"period": year})
    if request.method == "POST" and form.is_valid():
        analysis = Analysis.start(followup, request.user, form.header())
        log_change(request, analysis, "ny analys", Kind.HEADER, 1)
        return redirect("analyses:workspace", followup.pk, analysis.pk)
    return render(request, "analyses/new.html", {"followup": followup, "form": form})


@login_required
def workspace(
    request: AuthenticatedHttpRequest, followup_id: int, analysis_id: int, step: int = 1
) -> HttpResponse:
    if step not in STEPS:
        raise Http404
    analysis = analysis_for(request, followup_id, analysis_id)
    result = step1_result(analysis)
    context = {
        "followup": analysis.followup,
        "analysis": analysis,
        "step": step,
        "ws": Workspace(analysis, result),
        "result": result,
        "guidance": guidance,
        "sources": list(guidance.STEP2.items()),
    }
    if step == 1 and result is not None:
        context["sections"] = {
            "sizes": charts.sizes(result.quality),
            "completeness": charts.completeness(result.quality.variables),
        }
    return render(request, f"analyses/step{step}.html", context)


def log_change(
    request: AuthenticatedHttpRequest, analysis: Analysis, what: str, key: str, version: int
) -> None:
    audit.log(
        request,
        audit.Action.FOLLOWUP_CHANGE,
        unit=analysis.followup.unit,
        object_type="analysis",
        object_id=analysis.pk,
        detail={"händelse": what, "del": key, "version": version},
    )
