"""URLs: each app brings its own; error pages use Django's handlers with our templates."""

from django.contrib import admin
from django.urls import include, path

from isu.web.accounts.urls import auth_urlpatterns
from isu.web.pages import views as pages

urlpatterns = [
    path("", pages.start, name="start"),
    path("", include("isu.web.followups.urls")),
    path("", include("isu.web.analyses.urls")),
    path("", include("isu.web.region.urls")),
    *auth_urlpatterns,
    path("", include("isu.web.accounts.urls")),
    path("", include("isu.web.audit.urls")),
    path("django-admin/", admin.site.urls),
]
