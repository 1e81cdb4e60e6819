from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    name = "isu.web.followups"
    label = "followups"
    verbose_name = _("Uppföljningar")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from isu.web.followups import analysis_cache

        request_started.connect(analysis_cache.request_started, dispatch_uid="isu-analysis")
        request_finished.connect(analysis_cache.request_finished, dispatch_uid="isu-analysis")
