"""The core app's pages, composed from one module per area."""

from . import accounts, audit, calendar, dashboard, files, notifications, orgs

app_name = "core"
urlpatterns = [
    *dashboard.urlpatterns,
    *accounts.urlpatterns,
    *orgs.urlpatterns,
    *audit.urlpatterns,
    *files.urlpatterns,
    *notifications.urlpatterns,
    *calendar.urlpatterns,
]
