"""The one way a view reaches an analysis: through the follow-up's access rules.

Analysts and administrators of the follow-up's unit only (registrars 403; other units, and
analyses of another follow-up, 404 — so guessing ids reveals nothing).
"""

from django.shortcuts import get_object_or_404

from isu.web.analyses.models import Analysis, Item
from isu.web.followups.access import ANALYSTS, followup_for
from isu.web.followups.models import FollowUp
from isu.web.request_types import AuthenticatedHttpRequest


def followup_of(request: AuthenticatedHttpRequest, followup_id: int) -> FollowUp:
    return followup_for(request, followup_id, roles=ANALYSTS)


def analysis_for(request: AuthenticatedHttpRequest, followup_id: int, analysis_id: int) -> Analysis:
    followup = followup_of(request, followup_id)
    return get_object_or_404(
        Analysis.objects.select_related("followup__unit__organisation"),
        pk=analysis_id,
        followup=followup,
    )


def item_for(
    request: AuthenticatedHttpRequest, followup_id: int, analysis_id: int, key: str
) -> Item:
    analysis = analysis_for(request, followup_id, analysis_id)
    item = get_object_or_404(Item.objects.select_related("updated_by"), analysis=analysis, key=key)
    item.analysis = analysis
    return item
