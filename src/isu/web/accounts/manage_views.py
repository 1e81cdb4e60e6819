"""Administration pages: an administrator manages the units and users of the organisation.

Each view fetches through :mod:`isu.web.accounts.access`, changes one thing, writes an audit
event and redirects. Administrators cannot change or remove their own membership, so nobody
locks themselves out by mistake.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from isu.web import audit
from isu.web.accounts import access
from isu.web.accounts.forms import AddMemberForm, RoleForm, UnitForm
from isu.web.accounts.members import add_member
from isu.web.accounts.models import Membership, Role
from isu.web.request_types import AuthenticatedHttpRequest


@login_required
def administration(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Entry point: straight to the organisation when the user administers exactly one."""
    organisations = access.administered_organisations(request.user)
    if not organisations:
        raise PermissionDenied
    if len(organisations) == 1:
        return redirect("accounts:unit_list", organisation_id=organisations[0].pk)
    return render(request, "accounts/administration.html", {"organisations": organisations})


@login_required
def unit_list(request: AuthenticatedHttpRequest, organisation_id: int) -> HttpResponse:
    organisation = access.organisation_for(request, organisation_id)
    units = organisation.units.annotate(member_count=Count("memberships"))
    return render(
        request, "accounts/unit_list.html", {"organisation": organisation, "units": units}
    )


@login_required
def unit_create(request: AuthenticatedHttpRequest, organisation_id: int) -> HttpResponse:
    organisation = access.organisation_for(request, organisation_id)
    form = UnitForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        unit = form.save()
        # The creator administers the new unit, or it would be invisible to them.
        Membership.objects.create(user=request.user, unit=unit, role=Role.ADMINISTRATOR)
        audit.log(
            request,
            audit.Action.USER_CHANGE,
            unit=unit,
            object_type="unit",
            object_id=unit.pk,
            detail={"change": "unit_created", "name": unit.name},
        )
        messages.success(request, _("Verksamheten %(name)s är skapad.") % {"name": unit.name})
        return redirect("accounts:member_list", unit_id=unit.pk)
    return render(request, "accounts/unit_form.html", {"organisation": organisation, "form": form})


@login_required
def member_list(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    unit = access.managed_unit_for(request, unit_id)
    memberships = unit.memberships.select_related("user").order_by("user__username")
    rows = [(m, RoleForm(instance=m, auto_id=f"roll-{m.pk}-%s")) for m in memberships]
    return render(request, "accounts/member_list.html", {"unit": unit, "rows": rows})


@never_cache
@login_required
def member_add(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    """Add a member; a new user's generated password is shown on this response only."""
    unit = access.managed_unit_for(request, unit_id)
    form = AddMemberForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        added = add_member(unit, **form.cleaned_data)
        membership = added.membership
        _log_change(request, membership, "member_added", user_created=added.password is not None)
        context = {"unit": unit, "membership": membership, "password": added.password}
        return render(request, "accounts/member_added.html", context)
    return render(request, "accounts/member_form.html", {"unit": unit, "form": form})


@require_POST
@login_required
def member_role(request: AuthenticatedHttpRequest, membership_id: int) -> HttpResponse:
    membership = _others_membership(request, membership_id)
    previous = membership.role
    form = RoleForm(request.POST, instance=membership)
    if form.is_valid() and form.cleaned_data["role"] != previous:
        form.save(commit=False).save(update_fields=["role"])
        _log_change(request, membership, "role", previous_role=previous)
        messages.success(request, _("Rollen för %(user)s är ändrad.") % {"user": membership.user})
    return redirect("accounts:member_list", unit_id=membership.unit_id)


@login_required
def member_remove(request: AuthenticatedHttpRequest, membership_id: int) -> HttpResponse:
    """Confirm (GET), then remove (POST) a member from a unit; the user account remains."""
    membership = _others_membership(request, membership_id)
    if request.method != "POST":
        return render(request, "accounts/member_remove.html", {"membership": membership})
    _log_change(request, membership, "member_removed")
    membership.delete()
    messages.success(
        request, _("%(user)s är borttagen från verksamheten.") % {"user": membership.user}
    )
    return redirect("accounts:member_list", unit_id=membership.unit_id)


def _others_membership(request: AuthenticatedHttpRequest, membership_id: int) -> Membership:
    membership = access.managed_membership_for(request, membership_id)
    if membership.user_id == request.user.pk:
        raise PermissionDenied
    return membership


def _log_change(
    request: AuthenticatedHttpRequest, membership: Membership, change: str, **detail: object
) -> None:
    """One audit event per change to someone's access, naming the member and the new role."""
    detail = {
        "change": change,
        "member": membership.user.username,
        "role": membership.role,
        **detail,
    }
    audit.log(
        request,
        audit.Action.USER_CHANGE,
        unit=membership.unit,
        object_type="membership",
        object_id=membership.pk,
        detail=detail,
    )
