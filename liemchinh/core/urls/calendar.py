from django.urls import path

from liemchinh.core.views import calendar

urlpatterns = [
    path("staff/calendar/", calendar.calendar_page, name="calendar"),
    path("staff/calendar/calculate/", calendar.calendar_calculate, name="calendar_calculate"),
    path("staff/calendar/periods/open/", calendar.calendar_period_open, name="calendar_period_open"),
    path("staff/calendar/exceptions/", calendar.calendar_exception_save, name="calendar_exception_set"),
    path("staff/calendar/exceptions/delete/", calendar.calendar_exception_remove, name="calendar_exception_delete"),
    path("staff/calendar/export.csv", calendar.calendar_export, {"fmt": "csv"}, name="calendar_export_csv"),
    path("staff/calendar/export.xlsx", calendar.calendar_export, {"fmt": "xlsx"}, name="calendar_export_xlsx"),
]
