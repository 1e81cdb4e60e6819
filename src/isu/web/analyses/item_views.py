"""Add, change, delete an item of an analysis, and read its history.

A form carries the version it was opened at. Saving on top of a newer version is refused by
:meth:`Item.change`; the page then shows the other person's text next to the user's own (kept
in the form) and saving again replaces theirs — which stays in the history, so nothing is lost.
"""

from types import SimpleNamespace
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from isu.report.document import guidance
from isu.web.analyses.access import analysis_for, item_for
from isu.web.analyses.document import Part, problems
from isu.web.analyses.forms import ADDABLE, FORMS, ItemForm
from isu.web.analyses.models import Analysis, Item, Kind
from isu.web.analyses.views import log_change
from isu.web.analyses.workspace import Workspace, step1_result
from isu.web.request_types import AuthenticatedHttpRequest

GUIDANCE = {
    Kind.REFLECTION: None,  # by source, chosen in the template
    Kind.BIAS: guidance.BIAS,
    Kind.MYTH: guidance.MYTH,
    Kind.CONCLUSION: guidance.STEP3,
    Kind.ACTION: guidance.STEP4,
    Kind.STAKEHOLDER: guidance.STEP4,
    Kind.PIN: guidance.STEP1,
    Kind.HEADER: guidance.STEP1,
}


def _form(
    request: AuthenticatedHttpRequest, ws: Workspace, kind: str, key: str = "", **kwargs: Any
) -> ItemForm:
    data = request.POST if request.method == "POST" else None
    return FORMS[kind](data, analysis=ws.analysis, key=key, links=ws.link_choices(key), **kwargs)


def _page(
    request: AuthenticatedHttpRequest, ws: Workspace, kind: str, **context: Any
) -> HttpResponse:
    source = request.POST.get("kalla") or request.GET.get("kalla") or ""
    context |= {
        "followup": ws.analysis.followup,
        "analysis": ws.analysis,
        "kind": kind,
        "kind_label": Kind(kind).label,
        "guide": GUIDANCE[Kind(kind)] or guidance.STEP2.get(source) or guidance.STEP2["individ"],  # type: ignore[call-overload]
        "step": Item(kind=kind).step,
    }
    return render(request, "analyses/item_form.html", context)


@login_required
def item_add(
    request: AuthenticatedHttpRequest, followup_id: int, analysis_id: int, kind: str
) -> HttpResponse:
    if kind not in ADDABLE:
        raise Http404
    analysis = analysis_for(request, followup_id, analysis_id)
    ws = Workspace(analysis, step1_result(analysis))
    form = _form(request, ws, kind, initial={"kalla": request.GET.get("kalla", "")})
    if request.method == "POST" and form.is_valid():
        item = analysis.add(kind, form.content(), request.user)
        log_change(request, analysis, "ny", item.key, 1)
        messages.success(request, _("Sparat."))
        return redirect(_step_url(analysis, item), permanent=False)
    return _page(request, ws, kind, form=form)


@login_required
def item_edit(
    request: AuthenticatedHttpRequest, followup_id: int, analysis_id: int, key: str
) -> HttpResponse:
    item = item_for(request, followup_id, analysis_id, key)
    ws = Workspace(item.analysis, step1_result(item.analysis))
    initial = {**item.content, "version": item.version}
    form = _form(request, ws, item.kind, key, initial=initial)
    if request.method != "POST" or not form.is_valid():
        return _page(request, ws, item.kind, form=form, item=item)
    base = form.cleaned_data["version"] or 0
    if item.change(request.user, base, form.content()):
        log_change(request, item.analysis, "ändrad", item.key, item.version)
        messages.success(request, _("Sparat."))
        return redirect(_step_url(item.analysis, item))
    return _conflict(request, ws, item, form)


def _conflict(
    request: AuthenticatedHttpRequest, ws: Workspace, item: Item, form: ItemForm
) -> HttpResponse:
    """The same form, the user's text kept, now based on the current version."""
    data = request.POST.copy()
    data["version"] = str(item.version)
    yours = SimpleNamespace(content=form.content())
    form = FORMS[item.kind](
        data, analysis=ws.analysis, key=item.key, links=ws.link_choices(item.key)
    )
    form.is_valid()
    theirs, mine = ws.compare(
        ws.describe(item) if not item.deleted else [], ws.describe(yours, item.kind)
    )
    conflict = {"item": item, "theirs": theirs, "yours": mine}
    return _page(request, ws, item.kind, form=form, item=item, conflict=conflict)


@login_required
@require_POST
def item_delete(
    request: AuthenticatedHttpRequest, followup_id: int, analysis_id: int, key: str
) -> HttpResponse:
    item = item_for(request, followup_id, analysis_id, key)
    if item.kind not in (Kind.PIN, *ADDABLE):
        raise Http404
    blocker = _only_answer(item)
    if blocker:
        messages.error(request, blocker)
    elif item.change(request.user, _int(request.POST.get("version")), deleted=True):
        log_change(request, item.analysis, "borttagen", item.key, item.version)
        messages.success(request, _("Borttaget. Det finns kvar i historiken."))
    else:
        messages.error(
            request,
            _(
                "Någon annan har ändrat det här efter att du öppnade sidan. Läs den nya versionen "
                "innan du tar bort det."
            ),
        )
    return redirect(_step_url(item.analysis, item))


@login_required
@require_POST
def item_restore(
    request: AuthenticatedHttpRequest, followup_id: int, analysis_id: int, key: str
) -> HttpResponse:
    """Make an earlier version (or a deleted item) current again, as a new version."""
    item = item_for(request, followup_id, analysis_id, key)
    old = get_object_or_404(item.versions, number=_int(request.POST.get("number")))
    objections = problems(item.analysis, Part(item.kind, item.key, old.content))
    if objections:
        messages.error(request, " ".join(message for _field, message in objections))
    elif item.change(request.user, _int(request.POST.get("version")), old.content):
        log_change(request, item.analysis, "återställd", item.key, item.version)
        messages.success(request, _("Version {n} är återställd.").format(n=old.number))
        return redirect(_step_url(item.analysis, item))
    else:
        messages.error(request, _("Någon annan har ändrat det här under tiden. Försök igen."))
    return redirect("analyses:item_history", item.analysis.followup_id, item.analysis.pk, item.key)


def _only_answer(item: Item) -> str:
    """Why a conclusion cannot go: an action answers it and nothing else."""
    if item.kind != Kind.CONCLUSION:
        return ""
    for action in item.analysis.live_items().filter(kind=Kind.ACTION):
        answers = action.content.get("svarar_mot", [])
        if answers == [item.key] and not action.content.get("orsak"):
            return _(
                "Slutsatsen kan inte tas bort: åtgärden «{action}» svarar bara mot den. Ändra "
                "åtgärden först."
            ).format(action=action.content.get("text", "")[:80])
    return ""


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


@login_required
def item_history(
    request: AuthenticatedHttpRequest, followup_id: int, analysis_id: int, key: str
) -> HttpResponse:
    item = item_for(request, followup_id, analysis_id, key)
    ws = Workspace(item.analysis, step1_result(item.analysis))
    versions = [
        {"version": v, "fields": ws.describe(v, item.kind)}
        for v in item.versions.select_related("author")
    ]
    context = {
        "followup": item.analysis.followup,
        "analysis": item.analysis,
        "item": item,
        "kind_label": Kind(item.kind).label,
        "versions": versions,
        "step": item.step,
    }
    return render(request, "analyses/history.html", context)


def _step_url(analysis: Analysis, item: Item) -> str:
    url = reverse("analyses:step", args=[analysis.followup_id, analysis.pk, item.step])
    return f"{url}#{item.key}"
