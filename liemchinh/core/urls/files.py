from django.urls import path

from liemchinh.core.views import files

urlpatterns = [
    path("staff/evidence/upload/", files.evidence_upload_view, name="evidence_upload"),
    path("staff/evidence/<uuid:uuid>/download/", files.evidence_download_view, name="evidence_download"),
]
