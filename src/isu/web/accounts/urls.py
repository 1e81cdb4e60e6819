from django.urls import path

from isu.web.accounts import manage_views, views

app_name = "accounts"
urlpatterns = [
    path("administration/", manage_views.administration, name="administration"),
    path("administration/<int:organisation_id>/", manage_views.unit_list, name="unit_list"),
    path(
        "administration/<int:organisation_id>/ny-verksamhet/",
        manage_views.unit_create,
        name="unit_create",
    ),
    path("administration/verksamhet/<int:unit_id>/", manage_views.member_list, name="member_list"),
    path(
        "administration/verksamhet/<int:unit_id>/ny-medlem/",
        manage_views.member_add,
        name="member_add",
    ),
    path(
        "administration/medlemskap/<int:membership_id>/roll/",
        manage_views.member_role,
        name="member_role",
    ),
    path(
        "administration/medlemskap/<int:membership_id>/ta-bort/",
        manage_views.member_remove,
        name="member_remove",
    ),
]

# Log-in and friends keep Django's URL names (login, logout, password_change) so that
# LOGIN_URL, the admin and later apps find them without a namespace.
auth_urlpatterns = [
    path("konto/logga-in/", views.LoginView.as_view(), name="login"),
    path("konto/logga-ut/", views.LogoutView.as_view(), name="logout"),
    path("konto/byt-losenord/", views.PasswordChangeView.as_view(), name="password_change"),
]
