"""Middleware for the two protections Django 5.2 does not provide itself.

* A strict Content-Security-Policy on every response: no inline scripts or styles and no
  third-party hosts, so an injected ``<script>`` cannot run and nothing leaks to a CDN.
* An absolute session lifetime: Django extends a session each time it is saved, so without
  this a session that keeps changing could outlive a work day.
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

LOGIN_TIME_KEY = "isu_login_at"
"""Session key holding the log-in time as a POSIX timestamp (set at log-in by accounts)."""

Handler = Callable[[HttpRequest], HttpResponse]


class ContentSecurityPolicyMiddleware:
    """Adds ``settings.CONTENT_SECURITY_POLICY`` unless a view set its own policy."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


class AbsoluteSessionExpiryMiddleware:
    """Logs the user out once ``SESSION_COOKIE_AGE`` has passed since log-in."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and self._expired(request):
            logout(request)
            messages.info(
                request, _("Du har varit inloggad länge och har loggats ut. Logga in igen.")
            )
            return redirect(settings.LOGIN_URL)
        return self.get_response(request)

    @staticmethod
    def _expired(request: HttpRequest) -> bool:
        logged_in_at = request.session.get(LOGIN_TIME_KEY)
        if logged_in_at is None:
            return True
        age = timezone.now().timestamp() - float(logged_in_at)
        return age > settings.SESSION_COOKIE_AGE
