"""«Regionpaket»: a municipality exports a follow-up's published tables for the region.

For analysts and administrators of the follow-up's unit (registrars 403, other units 404). The
package is built by the library from the follow-up's stored records, with step 1's threshold,
and named after the organisation; the export is in the audit log with its checksum.
"""

import pandas as pd
from django.contrib.auth.decorators import login_required
from django.db.models import Max, Min
from django.db.models.fields.json import KT
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.text import slugify

from isu.analysis import Settings
from isu.codebook import Codebook
from isu.region import build_package, package_bytes
from isu.web import audit
from isu.web.followups import storage
from isu.web.followups.access import ANALYSTS, followup_for
from isu.web.followups.models import FollowUp
from isu.web.region.forms import period_of
from isu.web.region.models import logged_checksum
from isu.web.request_types import AuthenticatedHttpRequest


def record_years(followup: FollowUp, codebook: Codebook) -> list[int]:
    """The first and last year of the records' dates (the codebook's date variable), found by
    the database: the page shows the period without reading every record."""
    key = codebook.age_reference
    if key is None:
        return []
    span = followup.records.aggregate(
        first=Min(KT(f"values__{key}")), last=Max(KT(f"values__{key}"))
    )
    years = [str(span[end] or "")[:4] for end in ("first", "last")]
    return [int(year) for year in years if year.isdigit()]


def followup_package(
    followup: FollowUp, records: pd.DataFrame, period: str
) -> tuple[bytes, str, str]:
    """The package file of *records* of *followup*: its bytes, checksum and file name."""
    codebook = followup.codebook()
    municipality = followup.unit.organisation.name
    package = build_package(
        records,
        codebook,
        municipality=municipality,
        period=period,
        threshold=Settings().threshold,
    )
    data, digest = package_bytes(package)
    name = f"regionpaket-{slugify(municipality) or 'kommun'}-{slugify(period.replace('–', '-')) or 'period'}.zip"
    return data, digest, name


@login_required
def package_export(request: AuthenticatedHttpRequest, followup_id: int) -> HttpResponse:
    followup = followup_for(request, followup_id, roles=ANALYSTS)
    has_records = followup.records.exists()
    codebook = followup.codebook() if has_records else None
    period = period_of(record_years(followup, codebook) if codebook else [])
    if request.method == "POST" and codebook is not None:
        records = storage.records_frame(followup, codebook)
        data, digest, name = followup_package(followup, records, period)
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
                "poster": len(records),
                "revision": followup.revision,
            },
        )
        response = HttpResponse(data, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        patch_cache_control(response, private=True, no_store=True)
        return response
    context = {"followup": followup, "period": period, "has_records": has_records}
    return render(request, "region/package_export.html", context)
