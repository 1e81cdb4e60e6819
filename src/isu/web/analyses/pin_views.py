"""«Fäst i analysen»: pin a table, an observation or a criteria analysis of the step-1
dashboard to one of the follow-up's analyses (or to a new one), with a comment.

The dashboard links here with ``?typ=…&ref=…`` (a plain link, so its cached fragments hold no
per-user token); this page shows what is being pinned and asks where to, then posts.
"""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from isu.analysis import Step1
from isu.report.document import Document, Pin, PinKind, resolve
from isu.web.analyses.access import followup_of
from isu.web.analyses.models import Analysis, Kind
from isu.web.analyses.views import log_change
from isu.web.analyses.workspace import _pin_view, pinned_refs
from isu.web.followups import analysis_cache
from isu.web.followups.models import FollowUp
from isu.web.request_types import AuthenticatedHttpRequest

NEW = "ny"


class PinForm(forms.Form):
    typ = forms.CharField(widget=forms.HiddenInput)
    ref = forms.CharField(widget=forms.HiddenInput)
    analys = forms.ChoiceField(label=gettext_lazy("Analys"), widget=forms.RadioSelect)
    titel = forms.CharField(
        label=gettext_lazy("Titel på den nya analysen"), required=False, max_length=200
    )
    kommentar = forms.CharField(
        label=gettext_lazy("Kommentar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Varför vill ni titta närmare på det här?"),
    )

    def __init__(self, *args: Any, followup: FollowUp, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.analyses = {str(a.pk): a for a in followup.analyses.all()}  # type: ignore[attr-defined]
        choices = [(pk, a.title) for pk, a in self.analyses.items()]
        self.fields["analys"].choices = [*choices, (NEW, _("En ny analys"))]
        self.fields["analys"].initial = next(iter(self.analyses), NEW)
        year = timezone.localdate().year
        self.fields["titel"].initial = f"{followup.title} – analys {year}"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("analys") == NEW and not (cleaned.get("titel") or "").strip():
            self.add_error("titel", _("Skriv en titel på den nya analysen."))
        return cleaned


@dataclass(frozen=True)
class Target:
    kind: PinKind
    ref: str


def _target(query: Any, result: Step1) -> Target:
    """The thing to pin, if the result has it; 404 otherwise."""
    try:
        target = Target(PinKind(query.get("typ", "")), query.get("ref", ""))
    except ValueError:
        raise Http404 from None
    [resolved] = resolve(
        Document(title="", pins=(Pin("ny", target.kind, target.ref),)), result
    ).pins
    if not resolved.found:
        raise Http404
    return target


@login_required
def pin(request: AuthenticatedHttpRequest, followup_id: int) -> HttpResponse:
    followup = followup_of(request, followup_id)
    if not followup.records.exists():
        raise Http404
    result = analysis_cache.result_for(followup)
    target = _target(request.POST or request.GET, result)
    form = PinForm(
        request.POST or None,
        followup=followup,
        initial={"typ": target.kind.value, "ref": target.ref},
    )
    if request.method == "POST" and form.is_valid():
        analysis = _analysis(request, form, followup)
        return _pin_to(request, analysis, target, form.cleaned_data["kommentar"])
    [resolved] = resolve(
        Document(title="", pins=(Pin("ny", target.kind, target.ref),)), result
    ).pins
    shown = _pin_view(_FakeItem(target), resolved, Analysis(followup=followup))  # type: ignore[arg-type]
    preview = {"kind": target.kind.label, "title": resolved.title, "text": shown.text}
    preview["verdict"] = shown.verdict
    context = {"followup": followup, "form": form, "preview": preview}
    return render(request, "analyses/pin.html", context)


@dataclass
class _FakeItem:
    target: Target

    @property
    def content(self) -> dict[str, str]:
        return {"typ": self.target.kind.value, "ref": self.target.ref}


def _analysis(request: AuthenticatedHttpRequest, form: PinForm, followup: FollowUp) -> Analysis:
    chosen = form.cleaned_data["analys"]
    if chosen != NEW:
        return form.analyses[chosen]
    header = {"titel": form.cleaned_data["titel"].strip(), "fragestallning": followup.question}
    analysis = Analysis.start(followup, request.user, header)
    log_change(request, analysis, "ny analys", Kind.HEADER, 1)
    return analysis


def _pin_to(
    request: AuthenticatedHttpRequest, analysis: Analysis, target: Target, comment: str
) -> HttpResponse:
    step1 = reverse("analyses:workspace", args=[analysis.followup_id, analysis.pk])
    if target.ref in pinned_refs(list(analysis.live_items().filter(kind=Kind.PIN))):
        messages.info(
            request, _("Det här är redan fäst i analysen «{title}».").format(title=analysis.title)
        )
        return redirect(step1)
    content = {"typ": target.kind.value, "ref": target.ref}
    if comment.strip():
        content["kommentar"] = comment.strip()
    item = analysis.add(Kind.PIN, content, request.user)
    log_change(request, analysis, "fäst", item.key, 1)
    messages.success(request, _("Fäst i analysen «{title}».").format(title=analysis.title))
    return redirect(f"{step1}#{item.key}")
