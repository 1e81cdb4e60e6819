"""Adding people to units: the one place users are created outside Django's admin."""

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction

from isu.web.accounts.models import Membership, Unit

# No 0/O, 1/l/I: the password is read off a screen and typed in by hand.
_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def generate_password(groups: int = 4, group_length: int = 4) -> str:
    """A random password such as ``k7Qm-Xp2a-...`` (about 93 bits with the defaults)."""
    return "-".join(
        "".join(secrets.choice(_ALPHABET) for _ in range(group_length)) for _ in range(groups)
    )


@dataclass(frozen=True)
class AddedMember:
    """The new membership, and the generated password if a user was created (shown once)."""

    membership: Membership
    password: str | None


@transaction.atomic
def add_member(
    unit: Unit,
    *,
    username: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> AddedMember:
    """Give *username* *role* in *unit*, creating the user with a fresh password if needed."""
    user_model = get_user_model()
    user: User | None = user_model.objects.filter(username=username).first()
    password = None
    if user is None:
        password = generate_password()
        user = user_model.objects.create_user(
            username=username,
            password=password,
            first_name=first_name,
            last_name=last_name,
            email=email,
        )
    membership = Membership.objects.create(user=user, unit=unit, role=role)
    return AddedMember(membership, password)
