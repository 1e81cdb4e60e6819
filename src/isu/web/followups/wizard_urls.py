"""URLs of the follow-up wizard, the variable editor and the codebook downloads.

Included by followups/urls.py, so every name is ``followups:<name>``.
"""

from django.urls import URLPattern, path

from isu.web.followups import wizard_views as views

urlpatterns: list[URLPattern] = [
    path("uppfoljningar/ny/", views.create_start, name="create"),
    path("uppfoljningar/ny/uppgifter/", views.create_details, name="create_details"),
    path("uppfoljningar/<int:followup_id>/kodbok/", views.codebook_page, name="codebook"),
    path(
        "uppfoljningar/<int:followup_id>/kodbok/ny-variabel/",
        views.variable_add,
        name="variable_add",
    ),
    path(
        "uppfoljningar/<int:followup_id>/kodbok/variabler/<slug:key>/",
        views.variable_edit,
        name="variable_edit",
    ),
    path(
        "uppfoljningar/<int:followup_id>/kodbok/variabler/<slug:key>/ta-bort/",
        views.variable_remove,
        name="variable_remove",
    ),
    path(
        "uppfoljningar/<int:followup_id>/kodbok.xlsx",
        views.codebook_download,
        name="codebook_download",
    ),
    path(
        "uppfoljningar/<int:followup_id>/inmatningsmall.xlsx",
        views.template_download,
        name="template_download",
    ),
]
