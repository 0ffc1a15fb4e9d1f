from django.urls import path

from liemchinh.core.views import audit

urlpatterns = [
    path("staff/audit/", audit.audit_list, name="audit_list"),
    path("staff/audit/export.csv", audit.audit_export, name="audit_export"),
    path("staff/audit/<int:pk>/", audit.audit_detail, name="audit_detail"),
]
