"""The one way a view reaches a comparison.

Analysts and administrators of the owning organisation read and change it. Analysts and
administrators of a municipality it is shared with read it (the comparison and its downloads)
and nothing more. Everyone else gets 404, exactly as for an id that does not exist; a member of
either organisation whose roles there are all registrar gets 403, and so does a reader who
tries to change the comparison.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
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


def shared_comparisons(organisations: list[Organisation]) -> "QuerySet[Comparison]":
    """Comparisons shared with any of *organisations* and owned by none of them."""
    return (
        Comparison.objects.filter(shared_with__in=organisations)
        .exclude(organisation__in=organisations)
        .select_related("organisation")
        .distinct()
    )


def _roles(user: AbstractBaseUser, organisation_ids: list[int]) -> dict[int, set[str]]:
    """The user's roles per organisation, for the given organisations only."""
    roles: dict[int, set[str]] = {}
    memberships = Membership.objects.filter(user=user, unit__organisation_id__in=organisation_ids)
    for organisation_id, role in memberships.values_list("unit__organisation_id", "role"):
        roles.setdefault(organisation_id, set()).add(role)
    return roles


def comparison_for(
    request: AuthenticatedHttpRequest, comparison_id: int, *, manage: bool = False
) -> Comparison:
    """The comparison, if the user may read it (or, with *manage*, change it)."""
    comparison = Comparison.objects.select_related("organisation").filter(pk=comparison_id).first()
    if comparison is None or not request.user.is_authenticated:
        raise Http404
    shared = list(comparison.shared_with.values_list("pk", flat=True))
    roles = _roles(request.user, [comparison.organisation_id, *shared])
    if not roles:
        raise Http404
    owner = roles.get(comparison.organisation_id, set())
    readers = set().union(*(roles.get(pk, set()) for pk in shared))
    if owner & ANALYSTS or (not manage and readers & ANALYSTS):
        return comparison
    raise PermissionDenied


def seen_as(request: AuthenticatedHttpRequest, comparison: Comparison) -> Organisation:
    """The organisation through which the user reads *comparison*: its owner for the owner's
    analysts, otherwise the municipality it is shared with (whose «Är det lika hos oss?» the
    page opens on)."""
    organisations = analyst_organisations(request.user)
    if comparison.organisation in organisations:
        return comparison.organisation
    shared = set(comparison.shared_with.all())
    return next((o for o in organisations if o in shared), comparison.organisation)


def reference_for(
    request: AuthenticatedHttpRequest, comparison_id: int, reference_id: int
) -> ComparisonReference:
    comparison = comparison_for(request, comparison_id, manage=True)
    reference = comparison.references.filter(pk=reference_id).first()
    if reference is None:
        raise Http404
    return reference


def package_for(
    request: AuthenticatedHttpRequest, comparison_id: int, package_id: int
) -> ComparisonPackage:
    comparison = comparison_for(request, comparison_id, manage=True)
    package = comparison.packages.filter(pk=package_id).first()
    if package is None:
        raise Http404
    return package
