"""The demo organisation: a municipality with two units and one user per role.

Idempotent, so ``isu serve --demo`` can run any number of times against the same database.
Passwords are new on every call (and returned only then), because the previous ones were
shown once and are gone; nothing else changes on a repeated call.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from isu.web.accounts.members import generate_password
from isu.web.accounts.models import Membership, Organisation, Role, Unit

DEMO_ORGANISATION = "Demo kommun"
DEMO_UNITS = {"barn": "Barn och unga", "vuxen": "Vuxen"}
DEMO_USERS = {
    "registrerare": Role.REGISTRAR,
    "analytiker": Role.ANALYST,
    "admin": Role.ADMINISTRATOR,
}
"""Demo user name → the role that user has in every demo unit."""


@transaction.atomic
def create_demo_organisation() -> dict[str, Any]:
    """Create (or find) the demo organisation, its units and users; reset the users' passwords.

    Returns ``{"organisation": Organisation, "units": {"barn": Unit, "vuxen": Unit},
    "users": {username: User}, "passwords": {username: str}}``. Code that adds demo
    follow-ups calls this first and builds on the returned objects.
    """
    organisation, _ = Organisation.objects.get_or_create(
        name=DEMO_ORGANISATION, defaults={"kind": Organisation.Kind.KOMMUN}
    )
    units = {
        key: Unit.objects.get_or_create(organisation=organisation, name=name)[0]
        for key, name in DEMO_UNITS.items()
    }
    users, passwords = {}, {}
    for username, role in DEMO_USERS.items():
        user, _ = get_user_model().objects.get_or_create(username=username)
        passwords[username] = generate_password()
        user.set_password(passwords[username])
        user.save(update_fields=["password"])
        for unit in units.values():
            Membership.objects.update_or_create(user=user, unit=unit, defaults={"role": role})
        users[username] = user
    return {"organisation": organisation, "units": units, "users": users, "passwords": passwords}
