"""Log-in, failed log-in and log-out go to the audit log whichever view caused them."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from isu.web.audit.actions import Action
from isu.web.audit.recording import record


@receiver(user_logged_in, dispatch_uid="isu.audit.logged_in")
def logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    record(request, Action.LOGIN, user=user)


@receiver(user_logged_out, dispatch_uid="isu.audit.logged_out")
def logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(request, Action.LOGOUT, user=user)


@receiver(user_login_failed, dispatch_uid="isu.audit.login_failed")
def login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """Tie the failure to the user when the name exists; otherwise keep no name at all.

    An unknown name may be a mistyped password, so it is not stored.
    """
    username = credentials.get("username") or ""
    user = get_user_model().objects.filter(username=username).first()
    record(request, Action.LOGIN_FAILED, user=user, detail={"known_user": user is not None})
