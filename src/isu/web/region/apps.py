from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionConfig(AppConfig):
    name = "isu.web.region"
    label = "region"
    verbose_name = _("Regional jämförelse")
