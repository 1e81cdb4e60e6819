"""The audit log in Django's admin: read-only, even for superusers."""

from django.contrib import admin
from django.http import HttpRequest

from isu.web.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("at", "username", "action", "organisation", "unit", "object_type", "object_id")
    list_filter = ("action", "organisation")
    search_fields = ("username", "object_id")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
