from django.urls import path

from isu.web.region import export_views, views

app_name = "region"

ONE = "regional-jamforelse/<int:comparison_id>/"

urlpatterns = [
    path("regional-jamforelse/", views.comparison_list, name="list"),
    path(ONE, views.comparison_view, name="comparison"),
    path(ONE + "paket/", views.packages, name="packages"),
    path(ONE + "dela/", views.sharing, name="sharing"),
    path(ONE + "paket/<int:package_id>/ta-bort/", views.package_remove, name="package_remove"),
    path(ONE + "ladda-ner/<str:filename>", views.comparison_export, name="export"),
    path(ONE + "referens/", views.reference_add, name="reference_add"),
    path(
        ONE + "referens/<int:reference_id>/ta-bort/",
        views.reference_remove,
        name="reference_remove",
    ),
    path(
        "uppfoljningar/<int:followup_id>/regionpaket/",
        export_views.package_export,
        name="package_export",
    ),
]
