"""Comparisons: the list, a new comparison, its packages (upload, remove) and the comparison.

Analysts and administrators of the owning organisation reach a comparison, and read-only those
of the municipalities it is shared with (other users 404, registrars 403, see
:mod:`isu.web.region.access`). Uploads, removals, sharing and downloads are in the audit log;
viewing a comparison is not (it shows aggregated, published figures only).
"""

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from isu.region import analyse_region
from isu.report.region import write_region
from isu.web import audit
from isu.web.accounts.models import Organisation
from isu.web.region import display
from isu.web.region.access import (
    comparison_for,
    package_for,
    reference_for,
    require_analyst,
    seen_as,
    shared_comparisons,
)
from isu.web.region.forms import ComparisonForm, ShareForm, UploadForm, UploadRefused, screen
from isu.web.region.models import (
    Comparison,
    combined_reference,
    logged_checksum,
    references_for,
)
from isu.web.region.reference_forms import ReferenceForm
from isu.web.request_types import AuthenticatedHttpRequest

# Downloads: file name → renderer of isu.report.region and media type.
EXPORTS = {
    "region.html": ("html", "text/html; charset=utf-8"),
    "region.xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "region.json": ("json", "application/json"),
}


def _log(
    request: AuthenticatedHttpRequest, action: str, comparison: Comparison, **detail: object
) -> None:
    audit.log(
        request,
        action,
        organisation=comparison.organisation,
        object_type="comparison",
        object_id=comparison.pk,
        detail=detail,
    )


@login_required
def comparison_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisations = require_analyst(request)
    form = ComparisonForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        comparison = Comparison.objects.create(
            organisation=form.cleaned_data["organisation"],
            title=form.cleaned_data["titel"],
            created_by=request.user,
        )
        return redirect("region:packages", comparison.pk)
    comparisons = Comparison.objects.filter(organisation__in=organisations).select_related(
        "organisation"
    )
    shared = shared_comparisons(organisations)
    context = {
        "form": form,
        "comparisons": comparisons,
        "shared": shared,
        "several": len(organisations) > 1,
    }
    return render(request, "region/list.html", context)


@never_cache
@login_required
def packages(request: AuthenticatedHttpRequest, comparison_id: int) -> HttpResponse:
    comparison = comparison_for(request, comparison_id, manage=True)
    form = UploadForm(request.POST or None, request.FILES or None)
    refused: list[str] = []
    if request.method == "POST" and form.is_valid():
        files = []
        for upload in form.cleaned_data["filer"]:
            try:
                files.append(screen(upload))
            except UploadRefused as error:
                refused.append(str(error))
        try:
            added = comparison.add_files(files, request.user)
        except IntegrityError:  # someone stored the same package meanwhile: nothing was stored
            messages.error(
                request, _("Någon annan laddade upp samma paket samtidigt. Försök igen.")
            )
            return redirect("region:packages", comparison.pk)
        refused.extend(added.refused)
        for stored in added.stored:
            _log(
                request,
                audit.Action.IMPORT,
                comparison,
                paket=stored.file_name,
                kommun=stored.municipality,
                period=stored.period,
                kontrollsumma=logged_checksum(stored.checksum),
            )
        if added.stored:
            messages.success(
                request,
                ngettext(
                    "{n} paket har sparats.", "{n} paket har sparats.", len(added.stored)
                ).format(n=len(added.stored)),
            )
        if not refused:
            return redirect("region:packages", comparison.pk)
        form = UploadForm()
    context = {
        "comparison": comparison,
        "form": form,
        "refused": refused,
        "packages": comparison.packages.select_related("uploaded_by").defer("content"),
        "share_form": ShareForm(comparison=comparison),
    }
    return render(request, "region/packages.html", context)


@login_required
@require_POST
def sharing(request: AuthenticatedHttpRequest, comparison_id: int) -> HttpResponse:
    """Share the comparison with (or withdraw it from) the municipalities whose packages it
    holds. A shared municipality reads the comparison and its downloads; it changes nothing."""
    comparison = comparison_for(request, comparison_id, manage=True)
    form = ShareForm(request.POST, comparison=comparison)
    if not form.is_valid():
        for error in form.errors.get("kommuner", []):
            messages.error(request, error)
        return redirect(reverse("region:packages", args=[comparison.pk]) + "#dela")
    chosen = form.cleaned_data["kommuner"]
    comparison.shared_with.set(chosen)
    names = sorted(o.name for o in chosen)
    _log(request, audit.Action.FOLLOWUP_CHANGE, comparison, delad_med=names)
    if names:
        messages.success(
            request, _("Jämförelsen är delad med {names}.").format(names=", ".join(names))
        )
    else:
        messages.success(request, _("Jämförelsen är inte delad med någon kommun."))
    return redirect(reverse("region:packages", args=[comparison.pk]) + "#dela")


@login_required
@require_POST
def package_remove(
    request: AuthenticatedHttpRequest, comparison_id: int, package_id: int
) -> HttpResponse:
    package = package_for(request, comparison_id, package_id)
    comparison = package.comparison
    _log(
        request,
        audit.Action.FOLLOWUP_CHANGE,
        comparison,
        borttaget_paket=package.file_name,
        kommun=package.municipality,
        period=package.period,
        kontrollsumma=logged_checksum(package.checksum),
    )
    package.delete()
    comparison.touch()
    messages.success(
        request, _("Paketet från {name} är borttaget.").format(name=package.municipality)
    )
    return redirect("region:packages", comparison.pk)


def _own_municipality(organisation: Organisation) -> str:
    """A municipality sees itself by default; a region starts on the whole region."""
    return organisation.name if organisation.kind == Organisation.Kind.KOMMUN else ""


@login_required
def comparison_view(request: AuthenticatedHttpRequest, comparison_id: int) -> HttpResponse:
    comparison = comparison_for(request, comparison_id)
    viewer = seen_as(request, comparison)
    manages = viewer == comparison.organisation
    if not comparison.packages.exists():
        if manages:
            return redirect("region:packages", comparison.pk)
        raise Http404  # a reader has nothing to see until the owner adds packages again
    region = comparison.region()
    picker = display.Picker(region)
    choice, exact = picker.choose(request.GET, _own_municipality(viewer))
    references = list(references_for(comparison, choice.occasion, choice.variable, choice.category))
    result = analyse_region(
        region,
        choice.variable,
        choice.category,
        occasion=choice.occasion,
        reference=combined_reference(references),
    )
    context = {
        "choice": choice,
        "references": references,
        "reference_form": ReferenceForm(),
        "comparison": comparison,
        "manages": manages,
        "region": region,
        "result": result,
        "fields": picker.fields(choice),
        "exact": exact,
        "query": request.GET.urlencode(),
        "overview": display.overview(result, choice.municipality),
        "local": display.local(result, choice.municipality),
        "criteria": display.criteria(result),
        "exports": list(EXPORTS),
    }
    return render(request, "region/comparison.html", context)


@login_required
def comparison_export(
    request: AuthenticatedHttpRequest, comparison_id: int, filename: str
) -> HttpResponse:
    comparison = comparison_for(request, comparison_id)
    if filename not in EXPORTS or not comparison.packages.exists():
        raise Http404
    kind, content_type = EXPORTS[filename]
    region = comparison.region()
    choice, _exact = display.Picker(region).choose(request.GET, "")
    references = references_for(comparison, choice.occasion, choice.variable, choice.category)
    result = analyse_region(
        region,
        choice.variable,
        choice.category,
        occasion=choice.occasion,
        reference=combined_reference(list(references)),
    )
    with tempfile.TemporaryDirectory() as directory:
        [path] = write_region(result, Path(directory), [kind])
        content = path.read_bytes()
    _log(
        request,
        audit.Action.EXPORT,
        comparison,
        rapport="region",
        format=kind,
        variabel=choice.variable,
        kategori=choice.category,
        tillfalle=choice.occasion,
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_POST
def reference_add(request: AuthenticatedHttpRequest, comparison_id: int) -> HttpResponse:
    """Reference figures for the indicator on screen (the form carries its query)."""
    comparison = comparison_for(request, comparison_id, manage=True)
    if not comparison.packages.exists():
        raise Http404
    choice, _exact = display.Picker(comparison.region()).choose(request.GET, "")
    form = ReferenceForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["fil"]
        comparison.references.create(
            occasion=choice.occasion,
            variable=choice.variable,
            category=choice.category,
            file_name=upload.name,
            content=form.content,
            uploaded_by=request.user,
        )
        _log(request, audit.Action.IMPORT, comparison, referensvarden=upload.name)
        messages.success(request, _("Referensvärdena har sparats."))
    else:
        for error in form.errors.get("fil", []):
            messages.error(request, error)
    return _back_to(comparison, request.GET.urlencode(), "referens")


@login_required
@require_POST
def reference_remove(
    request: AuthenticatedHttpRequest, comparison_id: int, reference_id: int
) -> HttpResponse:
    reference = reference_for(request, comparison_id, reference_id)
    comparison = reference.comparison
    reference.delete()
    _log(
        request,
        audit.Action.FOLLOWUP_CHANGE,
        comparison,
        borttagna_referensvarden=reference.file_name,
    )
    messages.success(request, _("Referensvärdena är borttagna."))
    return _back_to(comparison, request.GET.urlencode(), "referens")


def _back_to(comparison: Comparison, query: str, anchor: str) -> HttpResponse:
    url = reverse("region:comparison", args=[comparison.pk])
    return redirect(f"{url}?{query}#{anchor}" if query else f"{url}#{anchor}")
