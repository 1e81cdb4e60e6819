from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "isu.web.pages"
    label = "pages"
