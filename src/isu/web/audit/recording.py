"""Writing audit events (use :func:`isu.web.audit.log`, which calls :func:`record`)."""

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest

from isu.web.accounts.models import Organisation, Unit
from isu.web.audit.models import AuditEvent
from isu.web.redact import redact_value


def record(
    request: HttpRequest | None,
    action: str,
    *,
    user: User | None = None,
    organisation: Organisation | None = None,
    unit: Unit | None = None,
    object_type: str = "",
    object_id: object = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Store one event. The user defaults to the request's; the organisation to the unit's."""
    if user is None and request is not None and isinstance(request.user, User):
        user = request.user
    if organisation is None and unit is not None:
        organisation = unit.organisation
    return AuditEvent.objects.create(
        user=user,
        username=user.get_username() if user is not None else "",
        organisation=organisation,
        unit=unit,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        detail=redact_value(detail or {}),
    )
