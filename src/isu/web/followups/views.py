"""The list of follow-ups and a follow-up's overview page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from isu.web.accounts.models import Membership, Role
from isu.web.followups.access import EVERYONE, followup_for
from isu.web.followups.models import FollowUp
from isu.web.request_types import AuthenticatedHttpRequest


@login_required
def followup_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    memberships = Membership.objects.filter(user=request.user).select_related("unit")
    roles = {m.unit_id: m.role for m in memberships}
    followups = FollowUp.objects.filter(unit_id__in=roles).select_related("unit")
    context = {
        "followups": followups,
        "memberships": memberships,
        "roles": roles,
        "can_create": Role.ADMINISTRATOR in roles.values(),
    }
    return render(request, "followups/list.html", context)


@login_required
def followup_detail(request: AuthenticatedHttpRequest, followup_id: int) -> HttpResponse:
    followup = followup_for(request, followup_id, roles=EVERYONE)
    membership = Membership.objects.get(user=request.user, unit=followup.unit)
    version = followup.current_version()
    context = {
        "followup": followup,
        "role": membership.role,
        "version": version,
        "codebook": version.codebook(),
        "record_count": followup.records.count(),
    }
    return render(request, "followups/detail.html", context)
