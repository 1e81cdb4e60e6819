"""The start page: where a user lands after log-in."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from isu.web.pages.overview import open_actions, unit_overviews
from isu.web.region.access import analyst_organisations, shared_comparisons
from isu.web.request_types import AuthenticatedHttpRequest


@login_required
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's units with their follow-ups and next steps, the actions of step 4 still to
    carry out, and the regional comparisons shared with the user's municipality."""
    context = {
        "units": unit_overviews(request.user),
        "actions": open_actions(request.user, timezone.localdate()),
        "shared_comparisons": shared_comparisons(analyst_organisations(request.user)),
    }
    return render(request, "isu/start.html", context)
