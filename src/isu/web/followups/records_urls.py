"""URLs of the follow-up records pages (included by followups/urls.py)."""

from django.urls import URLPattern, path

from isu.web.followups import import_views, record_views

_base = "uppfoljningar/<int:followup_id>/"

urlpatterns: list[URLPattern] = [
    path(f"{_base}poster/", record_views.record_list, name="records"),
    path(f"{_base}poster/ny/", record_views.record_new, name="record_new"),
    path(
        f"{_base}poster/ny/personnummer/",
        record_views.identity_preview,
        name="record_identity_preview",
    ),
    path(f"{_base}poster/<int:record_id>/", record_views.record_detail, name="record_detail"),
    path(f"{_base}poster/<int:record_id>/andra/", record_views.record_edit, name="record_edit"),
    path(f"{_base}import/", import_views.import_start, name="import"),
    path(f"{_base}import/mall.xlsx", import_views.import_template, name="import_template"),
    path(f"{_base}import/<int:job_id>/", import_views.import_job, name="import_job"),
    path(f"{_base}import/<int:job_id>/status/", import_views.import_status, name="import_status"),
    path(
        f"{_base}import/<int:job_id>/felrapport.xlsx",
        import_views.import_report,
        name="import_report",
    ),
    path(f"{_base}import/<int:job_id>/spara/", import_views.import_commit, name="import_commit"),
]
