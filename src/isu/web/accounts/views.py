"""Log-in, log-out and password change: Django's views with our form, templates and audit."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from isu.web import audit
from isu.web.accounts.forms import LockingAuthenticationForm


class LoginView(auth_views.LoginView):
    form_class = LockingAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("Du är utloggad."))
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("start")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit.log(
            self.request,
            audit.Action.USER_CHANGE,
            object_type="user",
            object_id=self.request.user.pk,
            detail={"change": "password"},
        )
        messages.success(self.request, _("Ditt lösenord är bytt."))
        return response
