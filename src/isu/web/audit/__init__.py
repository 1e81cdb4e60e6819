"""The audit log: who viewed, entered, imported, exported or changed what, and when.

Every view that touches records, exports data or changes people's access calls :func:`log`::

    from isu.web import audit

    audit.log(request, audit.Action.EXPORT, unit=unit, object_type="followup",
              object_id=followup.pk, detail={"format": "xlsx"})

``detail`` is JSON; strings in it pass the personnummer mask before they are stored.
"""

from typing import Any

from isu.web.audit.actions import Action

__all__ = ["Action", "log"]


def log(request: Any, action: str, **fields: Any) -> Any:
    """Record *action* by the request's user; see :func:`isu.web.audit.recording.record`."""
    # Imported here because an app package must not import its models at load time.
    from isu.web.audit.recording import record

    return record(request, action, **fields)
