from django.urls import path

from liemchinh.core.views import orgs

urlpatterns = [
    path("staff/orgs/", orgs.org_list, name="org_list"),
    path("staff/orgs/new/", orgs.org_create_page, name="org_create"),
    path("staff/orgs/import/", orgs.org_import_page, name="org_import"),
    path("staff/orgs/export.csv", orgs.org_export_file, {"fmt": "csv"}, name="org_export_csv"),
    path("staff/orgs/export.xlsx", orgs.org_export_file, {"fmt": "xlsx"}, name="org_export_xlsx"),
    path("staff/orgs/<int:pk>/", orgs.org_detail, name="org_detail"),
    path("staff/orgs/<int:pk>/children/", orgs.org_children_partial, name="org_children"),
    path("staff/orgs/<int:pk>/edit/", orgs.org_edit_page, name="org_edit"),
    path("staff/orgs/<int:pk>/close/", orgs.org_close_page, name="org_close"),
    path("staff/org-groups/", orgs.group_list_page, name="group_list"),
    path("staff/org-groups/new/", orgs.group_edit_page, name="group_create"),
    path("staff/org-groups/<int:pk>/", orgs.group_detail_page, name="group_detail"),
    path("staff/org-groups/<int:pk>/edit/", orgs.group_edit_page, name="group_edit"),
]
