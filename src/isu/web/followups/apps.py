from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    name = "isu.web.followups"
    label = "followups"
    verbose_name = _("Uppföljningar")
    default_auto_field = "django.db.models.BigAutoField"
