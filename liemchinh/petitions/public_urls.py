"""Public petition pages: /gui-don/ (send) and /tra-cuu/ (follow)."""

from django.urls import path

from liemchinh.petitions import public_views as views

urlpatterns = [
    path("gui-don/", views.submit, name="public_submit"),
    path("gui-don/khieu-nai-to-cao/", views.submit, {"kind": "complaint"}, name="public_submit_complaint"),
    path("gui-don/da-gui/", views.receipt, name="public_receipt"),
    path("gui-don/da-ghi-lai/", views.receipt_confirm, name="public_receipt_confirm"),
    path("tra-cuu/", views.track, name="public_track"),
    path("tra-cuu/ho-so/", views.track_detail, name="public_track_detail"),
    path("tra-cuu/thoat/", views.track_logout, name="public_track_logout"),
]
