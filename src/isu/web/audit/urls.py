from django.urls import path

from isu.web.audit import views

app_name = "audit"
urlpatterns = [
    path("administration/<int:organisation_id>/logg/", views.event_list, name="event_list"),
]
