"""Log-in bookkeeping: count failures for the lock-out, note when a session began."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from isu.web.accounts import lockout
from isu.web.middleware import LOGIN_TIME_KEY


@receiver(user_login_failed, dispatch_uid="isu.accounts.count_failure")
def count_failure(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    """Count a failed attempt; attempts on an already locked name do not extend the lock."""
    username = credentials.get("username")
    if username and not lockout.is_locked(username):
        lockout.record_failure(username)


@receiver(user_logged_in, dispatch_uid="isu.accounts.start_session")
def start_session(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Forget earlier failures and remember the log-in time for the absolute session limit."""
    lockout.clear_failures(user.get_username())
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_TIME_KEY] = timezone.now().timestamp()
