"""URLs of the follow-up dashboard pages (included by followups/urls.py)."""

from django.urls import URLPattern, path

from isu.web.followups import dashboard_views

urlpatterns: list[URLPattern] = [
    path(
        "uppfoljningar/<int:followup_id>/steg-1/",
        dashboard_views.dashboard,
        name="dashboard",
    ),
    path(
        "uppfoljningar/<int:followup_id>/steg-1/ladda-ner/<str:filename>",
        dashboard_views.dashboard_export,
        name="dashboard_export",
    ),
]
