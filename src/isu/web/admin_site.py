"""Django's admin, for superusers only.

Staff status alone does not open the admin: the people who run a municipality's follow-ups
manage their own organisation through the administration pages, which apply per-unit access
rules. The admin is the technical operator's tool, and its log-in obeys the same lock-out.
"""

from django.contrib.admin import AdminSite
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from isu.web.accounts.forms import LockingAdminAuthenticationForm


class SuperuserAdminSite(AdminSite):
    """The admin site, open to active superusers only."""

    site_header = _("ISU – teknisk administration")
    site_title = _("ISU – teknisk administration")
    login_form = LockingAdminAuthenticationForm

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)
