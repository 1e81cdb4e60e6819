"""The start page: where a user lands after log-in."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from isu.web.accounts.models import Membership
from isu.web.request_types import AuthenticatedHttpRequest


@login_required
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's units and role in each, so they see at once what they can work on."""
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("unit__organisation")
        .order_by("unit__organisation__name", "unit__name")
    )
    return render(request, "isu/start.html", {"memberships": memberships})
