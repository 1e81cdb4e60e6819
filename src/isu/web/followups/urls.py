from django.urls import path

from isu.web.followups import dashboard_urls, records_urls, views, wizard_urls

app_name = "followups"

urlpatterns = [
    path("uppfoljningar/", views.followup_list, name="list"),
    path("uppfoljningar/<int:followup_id>/", views.followup_detail, name="detail"),
    *wizard_urls.urlpatterns,
    *records_urls.urlpatterns,
    *dashboard_urls.urlpatterns,
]
