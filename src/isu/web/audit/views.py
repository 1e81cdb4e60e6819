"""The administrators' view of their organisation's audit log."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from isu.web.accounts.access import organisation_for
from isu.web.audit.forms import AuditFilterForm
from isu.web.audit.models import AuditEvent
from isu.web.request_types import AuthenticatedHttpRequest

PAGE_SIZE = 50


@login_required
def event_list(request: AuthenticatedHttpRequest, organisation_id: int) -> HttpResponse:
    """Events of the organisation, newest first, filtered by the GET parameters."""
    organisation = organisation_for(request, organisation_id)
    form = AuditFilterForm(request.GET or None, organisation=organisation)
    events = AuditEvent.objects.for_organisation(organisation).select_related("unit")
    if form.is_bound:
        events = form.filter(events)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    context = {"organisation": organisation, "form": form, "page": page, "query": query.urlencode()}
    return render(request, "audit/event_list.html", context)
