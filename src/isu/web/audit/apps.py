from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "isu.web.audit"
    label = "audit"
    verbose_name = _("Händelselogg")

    def ready(self) -> None:
        from isu.web.audit import signals  # noqa: F401  (connects the receivers)
