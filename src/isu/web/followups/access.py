"""The one way a view reaches a follow-up: through a membership in its unit (404 / 403)."""

from collections.abc import Iterable

from django.http import Http404

from isu.web.accounts.access import membership_for
from isu.web.accounts.models import Role
from isu.web.followups.models import FollowUp
from isu.web.request_types import AuthenticatedHttpRequest

EVERYONE = (Role.REGISTRAR, Role.ANALYST, Role.ADMINISTRATOR)
COLLECTORS = (Role.REGISTRAR, Role.ADMINISTRATOR)  # enter, import and see records
ANALYSTS = (Role.ANALYST, Role.ADMINISTRATOR)  # see aggregated results
MANAGERS = (Role.ADMINISTRATOR,)  # create follow-ups, edit codebooks


def followup_for(
    request: AuthenticatedHttpRequest, followup_id: int, *, roles: Iterable[str]
) -> FollowUp:
    """Follow-up *followup_id* if the user has one of *roles* in its unit.

    An id that does not exist and one in a unit the user has no membership in both give 404,
    so guessing ids reveals nothing.
    """
    followup = FollowUp.objects.select_related("unit__organisation").filter(pk=followup_id).first()
    if followup is None:
        raise Http404
    membership_for(request, followup.unit_id, roles=roles)
    return followup
