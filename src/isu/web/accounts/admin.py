"""Django admin registrations (superusers only, see isu.web.admin_site)."""

from django.contrib import admin

from isu.web.accounts.models import Membership, Organisation, Unit


class UnitInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Unit
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "kind")
    inlines = (UnitInline,)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("user", "unit", "role")
    list_filter = ("role", "unit__organisation")
    search_fields = ("user__username", "unit__name")
    autocomplete_fields = ("user",)
