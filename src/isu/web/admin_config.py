"""Installs :class:`~isu.web.admin_site.SuperuserAdminSite` as Django's admin site.

Kept apart from the site itself: an app config module is imported before models are ready.
"""

from django.contrib.admin.apps import AdminConfig


class IsuAdminConfig(AdminConfig):
    default_site = "isu.web.admin_site.SuperuserAdminSite"
