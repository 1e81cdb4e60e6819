"""The one place that decides whether a user may reach a unit or an organisation.

Every view fetches its unit, organisation or membership through these helpers. The rules:

* No membership in the unit (or in any unit of the organisation) → 404, exactly as for an id
  that does not exist, so guessing ids reveals nothing.
* A membership whose role is not enough → 403: the user knows the unit, so hiding it would
  only confuse.
* Administration of an organisation needs the administrator role in at least one of its units.
"""

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse

from isu.web.accounts.models import Membership, Organisation, Role, Unit
from isu.web.request_types import AuthenticatedHttpRequest

ALL_ROLES = frozenset(Role)


def membership_for(
    request: AuthenticatedHttpRequest, unit_id: int, *, roles: Iterable[str]
) -> Membership:
    """The user's membership in unit *unit_id*; 404 without one, 403 if its role is not in *roles*."""
    if not request.user.is_authenticated:  # a view without @login_required: reveal nothing
        raise Http404
    membership = (
        Membership.objects.select_related("unit__organisation")
        .filter(user=request.user, unit_id=unit_id)
        .first()
    )
    if membership is None:
        raise Http404
    if membership.role not in set(roles):
        raise PermissionDenied
    return membership


def unit_for(request: AuthenticatedHttpRequest, unit_id: int, *, roles: Iterable[str]) -> Unit:
    """Unit *unit_id* if the user has one of *roles* in it (404 / 403 as :func:`membership_for`)."""
    return membership_for(request, unit_id, roles=roles).unit


def role_required(
    *roles: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a view taking ``unit_id`` from the URL; the view receives the ``unit`` instead.

    With no roles given, any membership will do. Anonymous users are sent to the log-in page.
    Example::

        @role_required(Role.REGISTRAR, Role.ADMINISTRATOR)
        def enter_record(request, unit): ...
    """
    allowed = frozenset(roles) or ALL_ROLES

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(
            request: AuthenticatedHttpRequest, unit_id: int, *args: Any, **kwargs: Any
        ) -> HttpResponse:
            return view(request, unit_for(request, unit_id, roles=allowed), *args, **kwargs)

        return login_required(wrapper)

    return decorator


def administered_organisations(user: AbstractBaseUser | AnonymousUser) -> list[Organisation]:
    """Organisations in which *user* is administrator of at least one unit."""
    if not user.is_authenticated:
        return []
    return list(
        Organisation.objects.filter(
            units__memberships__user_id=user.pk,
            units__memberships__role=Role.ADMINISTRATOR,
        ).distinct()
    )


def organisation_for(request: AuthenticatedHttpRequest, organisation_id: int) -> Organisation:
    """An organisation the user administers; 404 if not a member there, 403 if not administrator."""
    if not request.user.is_authenticated:
        raise Http404
    roles = set(
        Membership.objects.filter(
            user=request.user, unit__organisation_id=organisation_id
        ).values_list("role", flat=True)
    )
    if not roles:
        raise Http404
    if Role.ADMINISTRATOR not in roles:
        raise PermissionDenied
    return Organisation.objects.get(pk=organisation_id)


def managed_unit_for(request: AuthenticatedHttpRequest, unit_id: int) -> Unit:
    """A unit of an organisation the user administers (404 / 403 as :func:`organisation_for`)."""
    unit = Unit.objects.select_related("organisation").filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    organisation_for(request, unit.organisation_id)
    return unit


def managed_membership_for(request: AuthenticatedHttpRequest, membership_id: int) -> Membership:
    """A membership in a unit of an organisation the user administers."""
    membership = (
        Membership.objects.select_related("user", "unit__organisation")
        .filter(pk=membership_id)
        .first()
    )
    if membership is None:
        raise Http404
    organisation_for(request, membership.unit.organisation_id)
    return membership
