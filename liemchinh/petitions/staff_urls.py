"""Staff pages of petitions (composed into the "petitions" namespace by urls.py)."""

from django.urls import path

from liemchinh.petitions import staff_views as views

urlpatterns = [
    path("petitions/", views.inbox, name="inbox"),
    path("petitions/export.xlsx", views.inbox_export, name="inbox_export"),
    path("petitions/new/", views.staff_create, name="staff_create"),
    path("petitions/dashboard/", views.dashboard, name="dashboard"),
    path("petitions/dashboard/export.xlsx", views.dashboard_export, name="dashboard_export"),
    path("petitions/reveals/", views.reveal_log, name="reveal_log"),
    path("petitions/files/<uuid:uuid>/", views.file_download, name="file_download"),
    path("petitions/<int:pk>/", views.case, name="case"),
    path("petitions/<int:pk>/duplicates/", views.case_duplicates, name="case_duplicates"),
    path("petitions/<int:pk>/reveal/", views.identity_reveal, name="identity_reveal"),
    path("petitions/<int:pk>/<slug:action>/", views.case_action, name="case_action"),
]
