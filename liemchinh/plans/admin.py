"""Read-mostly admin of the plans app: writes go through the services (pages and API)."""

from django.contrib import admin

from liemchinh.plans.models import Assignment, ChaseMessage, Plan, ProgressUpdate, ReminderLog, Task


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "issuer", "issued_on", "year_from", "year_to", "status")
    list_filter = ("status",)
    search_fields = ("number", "title")


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ("plan", "ordinal", "text", "lead_org", "lead_group", "due_on")
    search_fields = ("text", "ordinal")


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ("task", "organization", "role", "period_kind", "period_year", "due_on", "status")
    list_filter = ("status", "role", "period_kind")
    raw_id_fields = ("task", "organization")


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ReadOnlyAdmin):
    list_display = ("assignment", "author", "percent", "proposed_status", "approval", "created_at")
    list_filter = ("approval",)


@admin.register(ChaseMessage)
class ChaseMessageAdmin(ReadOnlyAdmin):
    list_display = ("task", "sender", "sent_at")


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnlyAdmin):
    list_display = ("assignment", "kind", "sent_on", "recipients")
