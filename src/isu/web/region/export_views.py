"""«Regionpaket»: a municipality exports a follow-up's published tables for the region.

For analysts and administrators of the follow-up's unit (registrars 403, other units 404). The
package is built by the library from the follow-up's stored records, with step 1's threshold,
and named after the organisation; the export is in the audit log with its checksum.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.utils.translation import gettext as _

from isu.analysis import Settings
from isu.region import build_package, package_bytes
from isu.web import audit
from isu.web.followups import storage
from isu.web.followups.access import ANALYSTS, followup_for
from isu.web.followups.models import FollowUp
from isu.web.region.forms import PackageExportForm
from isu.web.region.models import logged_checksum
from isu.web.request_types import AuthenticatedHttpRequest


def followup_package(followup: FollowUp, period: str) -> tuple[bytes, str, str]:
    """The package file of *followup*'s records: its bytes, checksum and file name."""
    codebook = followup.codebook()
    municipality = followup.unit.organisation.name
    package = build_package(
        storage.records_frame(followup, codebook),
        codebook,
        municipality=municipality,
        period=period,
        threshold=Settings().threshold,
    )
    data, digest = package_bytes(package)
    name = f"regionpaket-{slugify(municipality) or 'kommun'}-{slugify(period) or 'period'}.zip"
    return data, digest, name


@login_required
def package_export(request: AuthenticatedHttpRequest, followup_id: int) -> HttpResponse:
    followup = followup_for(request, followup_id, roles=ANALYSTS)
    form = PackageExportForm(request.POST or None)
    has_records = followup.records.exists()
    if request.method == "POST" and form.is_valid():
        if not has_records:
            messages.error(request, _("Uppföljningen har inga poster att exportera ännu."))
            return redirect("region:package_export", followup.pk)
        period = form.cleaned_data["period"].strip()
        data, digest, name = followup_package(followup, period)
        audit.log(
            request,
            audit.Action.EXPORT,
            unit=followup.unit,
            object_type="followup",
            object_id=followup.pk,
            detail={
                "paket": name,
                "kontrollsumma": logged_checksum(digest),
                "period": period,
                "revision": followup.revision,
            },
        )
        response = HttpResponse(data, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        patch_cache_control(response, private=True, no_store=True)
        return response
    context = {"followup": followup, "form": form, "has_records": has_records}
    return render(request, "region/package_export.html", context)
