from django.urls import path

from liemchinh.core.views import notifications

urlpatterns = [
    path("staff/notifications/", notifications.notification_list, name="notification_list"),
    path("staff/notifications/badge/", notifications.notification_badge, name="notification_badge"),
    path("staff/notifications/read-all/", notifications.notification_mark_all_read,
         name="notification_mark_all_read"),
    path("staff/notifications/<int:pk>/read/", notifications.notification_mark_read, name="notification_mark_read"),
]
