"""Lock a user name for 15 minutes after 5 failed log-ins.

Failures are rows in the database (not a per-process cache), so the lock holds across
gunicorn workers and restarts. The lock is per user name, whether or not such a user exists,
so it neither reveals which names exist nor lets anyone guess passwords at speed. A correct
password does not open a locked account: the backend refuses before checking it.
"""

from datetime import timedelta
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from isu.web.accounts.models import LoginFailure

MAX_FAILURES = 5
LOCKOUT_PERIOD = timedelta(minutes=15)


def username_hash(username: str) -> str:
    """A keyed hash of the user name, so attempted names are not stored in plain text."""
    return salted_hmac("isu.web.accounts.lockout", username.strip()).hexdigest()


def is_locked(username: str) -> bool:
    """True when *username* has had ``MAX_FAILURES`` failures within ``LOCKOUT_PERIOD``."""
    since = timezone.now() - LOCKOUT_PERIOD
    recent = LoginFailure.objects.filter(username_hash=username_hash(username), at__gt=since)
    return recent.count() >= MAX_FAILURES


def record_failure(username: str) -> None:
    """Count one failure for *username*, and forget failures too old to matter."""
    now = timezone.now()
    LoginFailure.objects.filter(at__lte=now - LOCKOUT_PERIOD).delete()
    LoginFailure.objects.create(username_hash=username_hash(username), at=now)


def clear_failures(username: str) -> None:
    """Forget *username*'s failures after a successful log-in."""
    LoginFailure.objects.filter(username_hash=username_hash(username)).delete()


class LockoutModelBackend(ModelBackend):
    """Django's model backend, refusing locked user names before looking at the password."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is not None and is_locked(username):
            # PermissionDenied stops authenticate() from trying other backends.
            raise PermissionDenied
        return super().authenticate(request, username=username, password=password, **kwargs)
