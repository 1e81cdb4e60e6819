"""The one way a view reaches a comparison: analysts and administrators of its organisation.

A user without a membership in any unit of the owning organisation gets 404, exactly as for an
id that does not exist; a member whose roles there are all registrar gets 403.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from isu.web.accounts.models import Membership, Organisation, Role
from isu.web.region.models import Comparison, ComparisonPackage, ComparisonReference
from isu.web.request_types import AuthenticatedHttpRequest

ANALYSTS = frozenset({Role.ANALYST, Role.ADMINISTRATOR})


def analyst_organisations(user: AbstractBaseUser | AnonymousUser) -> list[Organisation]:
    """Organisations in which *user* is analyst or administrator in at least one unit."""
    if not user.is_authenticated:
        return []
    return list(
        Organisation.objects.filter(
            units__memberships__user_id=user.pk, units__memberships__role__in=ANALYSTS
        ).distinct()
    )


def require_analyst(request: AuthenticatedHttpRequest) -> list[Organisation]:
    """The user's analyst organisations; 403 for a user who is analyst nowhere."""
    organisations = analyst_organisations(request.user)
    if not organisations:
        raise PermissionDenied
    return organisations


def comparison_for(request: AuthenticatedHttpRequest, comparison_id: int) -> Comparison:
    comparison = Comparison.objects.select_related("organisation").filter(pk=comparison_id).first()
    if comparison is None or not request.user.is_authenticated:
        raise Http404
    roles = set(
        Membership.objects.filter(
            user=request.user, unit__organisation_id=comparison.organisation_id
        ).values_list("role", flat=True)
    )
    if not roles:
        raise Http404
    if not roles & ANALYSTS:
        raise PermissionDenied
    return comparison


def reference_for(
    request: AuthenticatedHttpRequest, comparison_id: int, reference_id: int
) -> ComparisonReference:
    comparison = comparison_for(request, comparison_id)
    reference = comparison.references.filter(pk=reference_id).first()
    if reference is None:
        raise Http404
    return reference


def package_for(
    request: AuthenticatedHttpRequest, comparison_id: int, package_id: int
) -> ComparisonPackage:
    comparison = comparison_for(request, comparison_id)
    package = comparison.packages.filter(pk=package_id).first()
    if package is None:
        raise Http404
    return package
