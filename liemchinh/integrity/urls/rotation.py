"""Pages of periodic position rotation (composed into the "integrity" namespace by urls.py)."""

from django.urls import path

from liemchinh.integrity.views import rotation

urlpatterns = [
    path("rotation/", rotation.rotation_list, name="rotation"),
    path("rotation/export.xlsx", rotation.rotation_export, name="rotation_export"),
    path("rotation/posts/", rotation.rotation_post_list, name="rotation_posts"),
    path("rotation/posts/new/", rotation.rotation_post_create, name="rotation_post_create"),
    path("rotation/posts/<int:pk>/edit/", rotation.rotation_post_edit, name="rotation_post_edit"),
    path("rotation/exemptions/", rotation.exemption_list, name="rotation_exemptions"),
    path(
        "rotation/officials/<int:official_pk>/exemption/",
        rotation.exemption_create,
        name="rotation_exemption_create",
    ),
    path("rotation/exemptions/<int:pk>/revoke/", rotation.exemption_revoke, name="rotation_exemption_revoke"),
    path("rotation/plans/", rotation.plan_list, name="rotation_plans"),
    path("rotation/plans/<int:body_pk>/<int:year>/", rotation.plan_edit, name="rotation_plan"),
]
