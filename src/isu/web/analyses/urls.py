from django.urls import path

from isu.web.analyses import export_views, item_views, pin_views, views

app_name = "analyses"

BASE = "uppfoljningar/<int:followup_id>/analyser/"
ONE = BASE + "<int:analysis_id>/"

urlpatterns = [
    path(BASE, views.analysis_list, name="list"),
    path(BASE + "ny/", views.analysis_create, name="create"),
    path(BASE + "fast/", pin_views.pin, name="pin"),
    path(ONE, views.workspace, name="workspace"),
    path(ONE + "steg-<int:step>/", views.workspace, name="step"),
    path(ONE + "ny/<str:kind>/", item_views.item_add, name="item_add"),
    path(ONE + "del/<str:key>/", item_views.item_edit, name="item_edit"),
    path(ONE + "del/<str:key>/ta-bort/", item_views.item_delete, name="item_delete"),
    path(ONE + "del/<str:key>/historik/", item_views.item_history, name="item_history"),
    path(ONE + "del/<str:key>/aterstall/", item_views.item_restore, name="item_restore"),
    path(ONE + "rapport/", export_views.report, name="report"),
    path(ONE + "rapport/skapa/", export_views.export_start, name="export_start"),
    path(ONE + "rapport/<int:job_id>/status/", export_views.export_status, name="export_status"),
    path(
        ONE + "rapport/<int:job_id>/ladda-ner/",
        export_views.export_download,
        name="export_download",
    ),
]
