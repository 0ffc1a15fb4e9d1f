"""Read-only admin of the documents app: writes go through the services (pages and API), which
keep the search columns, the citations and the audit log."""

from django.contrib import admin

from liemchinh.documents.models import Document, DocumentCitation


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CitationInline(admin.TabularInline):
    model = DocumentCitation
    fk_name = "citing"
    fields = ("position", "text", "cited")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ("number", "doc_type", "title", "issuer", "issued_on", "is_stub")
    list_filter = ("doc_type", "is_stub")
    search_fields = ("number_key", "search_text")
    exclude = ("search_text",)
    inlines = [CitationInline]


@admin.register(DocumentCitation)
class DocumentCitationAdmin(ReadOnlyAdmin):
    list_display = ("citing", "position", "text", "cited")
    search_fields = ("text",)
