from django.urls import path

from liemchinh.core.views import dashboard

urlpatterns = [
    path("staff/", dashboard.dashboard, name="dashboard"),
]
