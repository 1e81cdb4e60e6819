"""Request types for views, so type checkers know a logged-in request has a real user."""

from django.contrib.auth.models import User
from django.http import HttpRequest


class AuthenticatedHttpRequest(HttpRequest):
    """A request that passed ``@login_required``: ``request.user`` is a :class:`User`."""

    user: User
