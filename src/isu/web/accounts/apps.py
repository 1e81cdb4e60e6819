from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "isu.web.accounts"
    label = "accounts"
    verbose_name = _("Konton och behörigheter")

    def ready(self) -> None:
        from isu.web.accounts import signals  # noqa: F401  (connects the receivers)
