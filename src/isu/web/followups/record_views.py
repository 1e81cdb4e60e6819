"""Entering, listing, viewing and editing a follow-up's records.

Only collectors (registrars and administrators of the follow-up's unit) reach these pages;
analysts get 403 and everyone else 404, guessed record ids included. Viewing a record is
audited as ``record_view``, saving one as ``record_edit``. No page ever holds a personnummer:
the number is read in the first step of a new record and only what it gives is passed on.
"""

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from isu.codebook import AGE, LEGAL_SEX, OCCASION, Codebook, VariableType
from isu.identity import PersonnummerError, parse_personnummer
from isu.web import audit
from isu.web.followups.access import COLLECTORS, followup_for
from isu.web.followups.models import FollowUp, Record, RecordChange
from isu.web.followups.record_forms import (
    AnswersForm,
    Identity,
    IdentityForm,
    changes_between,
    completeness,
    display_value,
    initial_answers,
    personnummer_key,
    question_variables,
)
from isu.web.followups.storage import frame_from_rows
from isu.web.request_types import AuthenticatedHttpRequest

PAGE_SIZE = 50
SHORT_PSEUDONYM = 8  # enough to tell records apart on a page, too little to be an identifier


def _followup(request: AuthenticatedHttpRequest, followup_id: int) -> FollowUp:
    return followup_for(request, followup_id, roles=COLLECTORS)


def _record(followup: FollowUp, record_id: int) -> Record:
    return get_object_or_404(Record, pk=record_id, followup=followup)


def _log(
    request: AuthenticatedHttpRequest,
    action: str,
    record: Record,
    detail: dict[str, Any] | None = None,
) -> None:
    unit = record.followup.unit
    audit.log(request, action, unit=unit, object_type="record", object_id=record.pk, detail=detail)


# --- List -------------------------------------------------------------------------------------


@never_cache
@login_required
def record_list(request: AuthenticatedHttpRequest, followup_id: int) -> HttpResponse:
    followup = _followup(request, followup_id)
    codebook = followup.codebook()
    records = followup.records.order_by("-updated_at", "-pk")
    occasion = request.GET.get("tillfalle", "")
    if occasion in {c.code for c in codebook.occasions}:
        records = records.filter(occasion=occasion)
    else:
        occasion = ""
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("sida"))
    context = {
        "followup": followup,
        "occasions": codebook.occasions,
        "occasion": occasion,
        "page": page,
        "rows": _list_rows(list(page.object_list), codebook),
        "query": f"tillfalle={occasion}" if occasion else "",
        "has_records": followup.records.exists(),
    }
    return render(request, "followups/records/list.html", context)


def _list_rows(records: list[Record], codebook: Codebook) -> list[dict[str, Any]]:
    frame = frame_from_rows(((r.pseudonym, r.occasion, r.values) for r in records), codebook)
    answered, applicable = completeness(frame, codebook)
    date_key = _date_key(codebook)
    return [
        {
            "record": record,
            "pseudonym": record.pseudonym[:SHORT_PSEUDONYM],
            "occasion": _occasion_label(codebook, record.occasion),
            "date": record.values.get(date_key, "") if date_key else "",
            "answered": int(answered.iloc[i]),
            "applicable": int(applicable.iloc[i]),
        }
        for i, record in enumerate(records)
    ]


def _date_key(codebook: Codebook) -> str | None:
    if codebook.age_reference:
        return codebook.age_reference
    return next((v.key for v in codebook.variables if v.type is VariableType.DATE), None)


def _occasion_label(codebook: Codebook, code: str) -> str:
    variable = codebook.get(OCCASION)
    return variable.label_of(code) if variable else code


# --- New record -------------------------------------------------------------------------------


@never_cache
@login_required
def record_new(request: AuthenticatedHttpRequest, followup_id: int) -> HttpResponse:
    followup = _followup(request, followup_id)
    codebook = followup.codebook()
    if request.method != "POST":
        return _identity_page(request, followup, IdentityForm(codebook))
    if request.POST.get("steg") == "2":
        return _answers_step(request, followup, codebook)
    form = IdentityForm(codebook, request.POST)
    identity = form.check()
    if identity is None or _already_recorded(form, followup, identity):
        return _identity_page(request, followup, form)
    answers = AnswersForm(codebook, identity.occasion, identity.settled)
    return _answers_page(request, followup, identity, answers)


def _answers_step(
    request: AuthenticatedHttpRequest, followup: FollowUp, codebook: Codebook
) -> HttpResponse:
    identity = Identity.from_token(request.POST.get("identitet", ""))
    if identity is None:
        messages.error(request, _("Formuläret har blivit för gammalt. Börja om från steg 1."))
        return redirect("followups:record_new", followup.pk)
    form = AnswersForm(codebook, identity.occasion, identity.settled, request.POST)
    values = form.check()
    if values is not None:
        record = _create(request, followup, identity, values)
        if record is not None:
            messages.success(request, _("Uppgifterna är sparade."))
            return redirect("followups:record_detail", followup.pk, record.pk)
        form.add_error(None, _("Någon har just sparat uppgifter om personen vid samma tillfälle."))
    return _answers_page(request, followup, identity, form)


def _already_recorded(form: IdentityForm, followup: FollowUp, identity: Identity) -> bool:
    existing = followup.records.filter(
        pseudonym=identity.pseudonym, occasion=identity.occasion
    ).first()
    if existing is not None:
        form.existing = existing
        form.add_error(
            form.given_identity_field(),
            _("Det finns redan uppgifter om personen vid det här tillfället."),
        )
    return existing is not None


def _create(
    request: AuthenticatedHttpRequest,
    followup: FollowUp,
    identity: Identity,
    values: dict[str, Any],
) -> Record | None:
    try:
        with transaction.atomic():
            record = Record.objects.create(
                followup=followup,
                version=followup.current_version(),
                pseudonym=identity.pseudonym,
                occasion=identity.occasion,
                values=values,
                updated_by=request.user,
            )
            RecordChange.objects.create(
                record=record, user=request.user, kind=RecordChange.Kind.CREATED
            )
            followup.touch()
    except IntegrityError:  # the same person and occasion saved a moment ago
        return None
    _log(request, audit.Action.RECORD_EDIT, record, {"händelse": "skapad"})
    return record


def _identity_page(
    request: AuthenticatedHttpRequest, followup: FollowUp, form: IdentityForm
) -> HttpResponse:
    codebook = form.codebook
    context = {
        "followup": followup,
        "form": form,
        "existing": form.existing,
        "personnummer": form.personnummer,
        "date_field": codebook.age_reference if codebook.age_reference in form.fields else "",
    }
    return render(request, "followups/records/new_identity.html", context)


def _answers_page(
    request: AuthenticatedHttpRequest,
    followup: FollowUp,
    identity: Identity,
    form: AnswersForm,
) -> HttpResponse:
    context = {
        "followup": followup,
        "form": form,
        "token": identity.sign(),
        "derived": identity.derived,
        "facts": _facts(form.codebook, identity.occasion, identity.settled),
    }
    return render(request, "followups/records/new_answers.html", context)


def _facts(codebook: Codebook, occasion: str, settled: dict[str, Any]) -> list[tuple[str, str]]:
    """What is settled about a record: occasion, date, legal sex and age, for the user to see."""
    facts = []
    if OCCASION in codebook:
        facts.append((codebook[OCCASION].label, _occasion_label(codebook, occasion)))
    for key, value in settled.items():
        variable = codebook.get(key)
        if variable is not None:
            shown = display_value(variable, value)
            if key == AGE and value is not None:
                shown = _("{age} år").format(age=shown)
            facts.append((variable.label, shown))
    return facts


@login_required
@require_POST
def identity_preview(request: AuthenticatedHttpRequest, followup_id: int) -> JsonResponse:
    """Legal sex and age for a personnummer, for the first step to show; never the number."""
    codebook = _followup(request, followup_id).codebook()
    key = personnummer_key(codebook)
    if key is None:
        raise Http404
    reference = _reference_date(request.POST.get(codebook.age_reference or "", ""), codebook)
    try:
        parsed = parse_personnummer(request.POST.get(key, ""), reference_date=reference)
    except PersonnummerError as error:
        response = JsonResponse({"fel": error.message}, status=400)
    else:
        sex = codebook[LEGAL_SEX].label_of(parsed.legal_sex.value)
        response = JsonResponse({"kon": sex, "alder": parsed.age_at(reference)})
    response["Cache-Control"] = "no-store"
    return response


def _reference_date(text: str, codebook: Codebook) -> datetime.date:
    """The date the age is counted at: the record's date, else the codebook's, else today."""
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        return codebook.reference_date or datetime.date.today()


# --- One record -------------------------------------------------------------------------------


@never_cache
@login_required
def record_detail(
    request: AuthenticatedHttpRequest, followup_id: int, record_id: int
) -> HttpResponse:
    followup = _followup(request, followup_id)
    record = _record(followup, record_id)
    codebook = followup.codebook()
    _log(request, audit.Action.RECORD_VIEW, record)
    shown = question_variables(codebook, record.occasion, ())
    context = {
        "followup": followup,
        "record": record,
        "pseudonym": record.pseudonym[:SHORT_PSEUDONYM],
        "occasion": _occasion_label(codebook, record.occasion),
        "answers": [(v.label, display_value(v, record.values.get(v.key))) for v in shown],
        "history": _history(record, codebook),
    }
    return render(request, "followups/records/detail.html", context)


def _history(record: Record, codebook: Codebook) -> list[dict[str, Any]]:
    order = {v.key: i for i, v in enumerate(codebook.variables)}
    history = []
    for change in record.changes.select_related("user"):
        user = change.user
        keys = sorted(change.changes, key=lambda k: (order.get(k, len(order)), k))
        history.append(
            {
                "at": change.at,
                "user": (user.get_full_name() or user.get_username()) if user else _("okänd"),
                "kind": change.get_kind_display(),
                "changes": [_change(codebook, key, *change.changes[key]) for key in keys],
            }
        )
    return history


def _change(codebook: Codebook, key: str, old: Any, new: Any) -> dict[str, Any]:
    variable = codebook.get(key)
    return {
        "label": variable.label if variable else key,
        "old": display_value(variable, old),
        "new": display_value(variable, new),
        "sensitive": bool(variable and variable.sensitive),
    }


def _settled(record: Record, codebook: Codebook) -> dict[str, Any]:
    """What an edit keeps: the age date, legal sex and age (they come from the personnummer)."""
    keys = [codebook.age_reference, LEGAL_SEX, AGE]
    return {k: record.values.get(k) for k in keys if k and k in codebook}


@never_cache
@login_required
def record_edit(
    request: AuthenticatedHttpRequest, followup_id: int, record_id: int
) -> HttpResponse:
    followup = _followup(request, followup_id)
    record = _record(followup, record_id)
    codebook = followup.codebook()
    settled = _settled(record, codebook)
    initial = initial_answers(record.values, codebook.variables)
    form = AnswersForm(codebook, record.occasion, settled, request.POST or None, initial=initial)
    if request.method == "POST":
        values = form.check()
        if values is not None:
            _save_edit(request, followup, record, values)
            return redirect("followups:record_detail", followup.pk, record.pk)
    else:
        _log(request, audit.Action.RECORD_VIEW, record)
    context = {
        "followup": followup,
        "record": record,
        "form": form,
        "pseudonym": record.pseudonym[:SHORT_PSEUDONYM],
        "facts": _facts(codebook, record.occasion, settled),
    }
    return render(request, "followups/records/edit.html", context)


def _save_edit(
    request: AuthenticatedHttpRequest, followup: FollowUp, record: Record, values: dict[str, Any]
) -> None:
    codebook = followup.codebook()
    # Values of variables the current codebook no longer has are kept, never silently dropped.
    values = {k: v for k, v in record.values.items() if k not in codebook} | values
    changes = changes_between(record.values, values)
    if not changes:
        messages.info(request, _("Inga ändringar att spara."))
        return
    with transaction.atomic():
        record.values = values
        record.updated_by = request.user
        record.version = followup.current_version()
        record.save(update_fields=["values", "updated_by", "version", "updated_at"])
        RecordChange.objects.create(
            record=record, user=request.user, kind=RecordChange.Kind.EDITED, changes=changes
        )
        followup.touch()
    _log(request, audit.Action.RECORD_EDIT, record, {"variabler": sorted(changes)})
    messages.success(request, _("Ändringarna är sparade."))
