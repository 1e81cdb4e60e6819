"""The "Ny uppföljning" wizard, the variable editor and the codebook downloads.

The wizard keeps the chosen codebook in the session between its two pages and saves nothing
until the last page is valid: then the follow-up and codebook version 1, in one transaction.
Every change in the editor is validated as a whole codebook and stored as a new version, so
records keep pointing at the version they were collected with.
"""

import io
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from isu.codebook import (
    OCCASION,
    Category,
    Codebook,
    CodebookError,
    validate_codebook,
    write_xlsform,
)
from isu.ingest import write_template
from isu.web import audit
from isu.web.accounts.models import Unit
from isu.web.followups.access import EVERYONE, MANAGERS, followup_for
from isu.web.followups.codebook_edit import (
    add_variable,
    is_system,
    numbered,
    prepared,
    remove_variable,
    removed_codes_in_use,
    replace_variable,
    slug,
    stored_codes,
    with_occasions,
)
from isu.web.followups.models import CodebookVersion, FollowUp, Record
from isu.web.followups.wizard_forms import (
    UPLOAD,
    DetailsForm,
    NewVariableForm,
    OccasionFormSet,
    StartForm,
    VariableForm,
    VersionedForm,
    describe,
    template_choices,
    variable_rows,
)
from isu.web.request_types import AuthenticatedHttpRequest

SESSION_KEY = "isu_followup_wizard"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def managed_units(request: AuthenticatedHttpRequest) -> QuerySet[Unit]:
    """Units where the user may create follow-ups; 403 when there are none."""
    units = Unit.objects.filter(
        memberships__user=request.user, memberships__role__in=MANAGERS
    ).select_related("organisation")
    if not units.exists():
        raise PermissionDenied
    return units


def _data(request: AuthenticatedHttpRequest) -> Any:
    """The form data of a POST, even an empty one (``request.POST or None`` would drop it)."""
    return request.POST if request.method == "POST" else None


# The wizard ------------------------------------------------------------------------------


@login_required
def create_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    managed_units(request)
    form = StartForm(_data(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        assert form.codebook is not None
        request.session[SESSION_KEY] = {
            "codebook": form.codebook.to_dict(),
            "source": form.source,
        }
        return redirect("followups:create_details")
    context = {"form": form, "templates": template_choices(), "upload": UPLOAD}
    return render(request, "followups/wizard/start.html", context)


@login_required
def create_details(request: AuthenticatedHttpRequest) -> HttpResponse:
    units = managed_units(request)
    state = request.session.get(SESSION_KEY)
    if state is None:
        return redirect("followups:create")
    codebook = Codebook.from_dict(state["codebook"])
    form = DetailsForm(_data(request), units=units, codebook=codebook)
    occasions = OccasionFormSet(_data(request), codebook=codebook)
    if request.method == "POST" and all([form.is_valid(), occasions.is_valid()]):
        followup = _create(request, form, occasions.occasions, codebook, state["source"])
        if followup is not None:
            del request.session[SESSION_KEY]
            return redirect("followups:detail", followup.pk)
    context = {"form": form, "occasions": occasions, "codebook": codebook}
    return render(request, "followups/wizard/details.html", context)


def _create(
    request: AuthenticatedHttpRequest,
    form: DetailsForm,
    occasions: tuple[Category, ...],
    codebook: Codebook,
    source: str,
) -> FollowUp | None:
    data = form.cleaned_data
    codebook = prepared(
        codebook,
        question=data["question"],
        area=data["area"],
        reference_date=data["reference_date"],
    )
    codebook, dropped = with_occasions(numbered(codebook, 1), occasions)
    try:
        validate_codebook(codebook)
    except CodebookError as error:
        form.add_error(None, error.problems)
        return None
    with transaction.atomic():
        followup = FollowUp.objects.create(
            unit=data["unit"],
            title=data["title"],
            question=data["question"],
            area=data["area"],
            created_by=request.user,
        )
        _store(request, followup, codebook, 1, {"change": "created", "source": source})
    if dropped:
        names = ", ".join(f"”{v.label}”" for v in dropped)
        messages.info(
            request,
            _("Frågorna %(names)s ställdes bara vid borttagna tillfällen och togs bort.")
            % {"names": names},
        )
    messages.success(request, _("Uppföljningen är skapad."))
    return followup


def _store(
    request: AuthenticatedHttpRequest,
    followup: FollowUp,
    codebook: Codebook,
    number: int,
    detail: dict[str, Any],
) -> CodebookVersion:
    version = CodebookVersion.objects.create(
        followup=followup,
        number=number,
        content=codebook.to_dict(),
        fingerprint=codebook.fingerprint(),
        created_by=request.user,
    )
    audit.log(
        request,
        audit.Action.FOLLOWUP_CHANGE,
        unit=followup.unit,
        object_type="followup",
        object_id=followup.pk,
        detail={**detail, "version": number},
    )
    return version


# The variable editor ---------------------------------------------------------------------


@login_required
def codebook_page(request: AuthenticatedHttpRequest, followup_id: int) -> HttpResponse:
    followup = followup_for(request, followup_id, roles=MANAGERS)
    version = followup.current_version()
    context = {
        "followup": followup,
        "version": version,
        "rows": variable_rows(version.codebook()),
        "versions": followup.versions.select_related("created_by").order_by("-number"),
    }
    return render(request, "followups/wizard/codebook.html", context)


@login_required
def variable_edit(request: AuthenticatedHttpRequest, followup_id: int, key: str) -> HttpResponse:
    followup, version, codebook = _editable(request, followup_id)
    variable = codebook.get(key)
    if variable is None:
        raise Http404
    form = VariableForm(
        _data(request),
        codebook=codebook,
        variable=variable,
        initial={"base_version": version.number},
    )
    if request.method == "POST" and form.is_valid():
        edited = form.edited(variable)
        refused = removed_codes_in_use(variable, edited, _codes_in_use(followup, key))
        if refused:
            form.add_error("categories", _codes_in_use_message(refused))
        elif _save(request, followup, form, replace_variable(codebook, edited), key, "changed"):
            return redirect("followups:codebook", followup.pk)
    context = {"followup": followup, "form": form, "row": describe(variable, codebook)}
    return render(request, "followups/wizard/variable_form.html", context)


@login_required
def variable_add(request: AuthenticatedHttpRequest, followup_id: int) -> HttpResponse:
    followup, version, codebook = _editable(request, followup_id)
    form = NewVariableForm(
        _data(request), codebook=codebook, initial={"base_version": version.number}
    )
    if request.method == "POST" and form.is_valid():
        variable = form.new_variable()
        if _save(request, followup, form, add_variable(codebook, variable), variable.key, "added"):
            return redirect("followups:codebook", followup.pk)
    context = {"followup": followup, "form": form, "row": None}
    return render(request, "followups/wizard/variable_form.html", context)


@login_required
def variable_remove(request: AuthenticatedHttpRequest, followup_id: int, key: str) -> HttpResponse:
    followup, version, codebook = _editable(request, followup_id)
    variable = codebook.get(key)
    if variable is None or is_system(key):
        raise Http404
    form = VersionedForm(_data(request), initial={"base_version": version.number})
    removed = remove_variable(codebook, key)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(request, followup, form, removed, key, "removed")
    ):
        return redirect("followups:codebook", followup.pk)
    records = Record.objects.filter(followup=followup, values__has_key=key).count()
    context = {"followup": followup, "form": form, "variable": variable, "records": records}
    return render(request, "followups/wizard/variable_remove.html", context)


def _editable(
    request: AuthenticatedHttpRequest, followup_id: int
) -> tuple[FollowUp, CodebookVersion, Codebook]:
    followup = followup_for(request, followup_id, roles=MANAGERS)
    version = followup.current_version()
    return followup, version, version.codebook()


def _save(
    request: AuthenticatedHttpRequest,
    followup: FollowUp,
    form: VersionedForm,
    codebook: Codebook,
    key: str,
    change: str,
) -> bool:
    """Store *codebook* as the next version, or add the reasons it cannot be to *form*."""
    try:
        validate_codebook(codebook)
    except CodebookError as error:
        form.add_error(None, error.problems)
        return False
    with transaction.atomic():
        # The lock makes concurrent saves take turns, so none is lost and numbers stay unique.
        locked = FollowUp.objects.select_for_update().select_related("unit").get(pk=followup.pk)
        number = locked.current_version().number + 1
        if number != form.cleaned_data["base_version"] + 1:
            form.add_error(None, _STALE)
            return False
        _store(
            request, locked, numbered(codebook, number), number, {"change": change, "variable": key}
        )
        locked.touch()
    messages.success(
        request, _("Ändringen är sparad som version %(number)s av kodboken.") % {"number": number}
    )
    return True


_STALE = gettext_lazy(
    "Någon annan har ändrat kodboken medan du arbetade. Ladda om sidan och gör ändringen igen."
)


def _codes_in_use(followup: FollowUp, key: str) -> set[str]:
    """The answer codes of *key* that the follow-up's stored records hold (grouped in the database)."""
    records = Record.objects.filter(followup=followup)
    if key == OCCASION:
        return stored_codes(records.values_list("occasion", flat=True).distinct())
    values = records.filter(values__has_key=key).values_list(f"values__{key}", flat=True)
    return stored_codes(values.distinct())


def _codes_in_use_message(codes: list[str]) -> str:
    return _(
        "Svarskoderna %(codes)s används redan i sparade uppgifter och kan därför inte tas bort "
        "eller ändras. Du kan ändra texten efter likhetstecknet."
    ) % {"codes": ", ".join(f"”{code}”" for code in codes)}


# Downloads -------------------------------------------------------------------------------


@login_required
def codebook_download(request: AuthenticatedHttpRequest, followup_id: int) -> HttpResponse:
    return _download(request, followup_id, write_xlsform, "kodbok", "xlsform")


@login_required
def template_download(request: AuthenticatedHttpRequest, followup_id: int) -> HttpResponse:
    return _download(request, followup_id, write_template, "inmatningsmall", "excel_template")


def _download(
    request: AuthenticatedHttpRequest,
    followup_id: int,
    write: Callable[[Codebook, io.BytesIO], None],
    name: str,
    kind: str,
) -> HttpResponse:
    followup = followup_for(request, followup_id, roles=EVERYONE)
    version = followup.current_version()
    buffer = io.BytesIO()
    write(version.codebook(), buffer)
    audit.log(
        request,
        audit.Action.EXPORT,
        unit=followup.unit,
        object_type="followup",
        object_id=followup.pk,
        detail={"format": kind, "version": version.number},
    )
    filename = f"{name}-{slug(followup.title)[:50] or followup.pk}-v{version.number}.xlsx"
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
