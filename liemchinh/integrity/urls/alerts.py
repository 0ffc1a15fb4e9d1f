"""Pages of alerts, judgements and scans (composed into the "integrity" namespace by urls.py)."""

from django.urls import path

from liemchinh.integrity.views import alerts, scans

urlpatterns = [
    path("alerts/", alerts.alert_list, name="alerts"),
    path("alerts/export.xlsx", alerts.alert_export, name="alert_export"),
    path("alerts/<int:pk>/", alerts.alert_detail, name="alert"),
    path("alerts/<int:pk>/decide/", alerts.alert_decide_view, name="alert_decide"),
    path("judgements/", alerts.judgement_list, name="judgements"),
    path("judgements/judge/", alerts.match_judge_view, name="match_judge"),
    path("scans/", scans.scan_list, name="scans"),
    path("scans/start/", scans.scan_start_view, name="scan_start"),
    path("scans/<int:pk>/status/", scans.scan_status, name="scan_status"),
]
