"""Read-only admin: the case without any protected identity. Identity is revealed only through
services.identity_reveal (audited)."""

from django.contrib import admin

from liemchinh.petitions.models import Petition


@admin.register(Petition)
class PetitionAdmin(admin.ModelAdmin):
    list_display = ("display_code", "kind", "channel", "status", "organization", "received_on")
    list_filter = ("kind", "status", "channel")
    exclude = ("secret_hash",)
    search_fields = ("tracking_code",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
