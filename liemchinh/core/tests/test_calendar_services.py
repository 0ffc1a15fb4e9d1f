"""Services and selectors of the reporting calendar."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from liemchinh.core.errors import DomainError, NotFoundError
from liemchinh.core.models import AuditEvent, CalendarException, ReportingPeriod
from liemchinh.core.permissions import SYSTEM
from liemchinh.core.roles import Role
from liemchinh.core.selectors.calendar import (
    calendar_for_request,
    holidays_for_year,
    period_plan_for_year,
    periods_for_year,
    working_calendar,
)
from liemchinh.core.services.calendar import calendar_exception_delete, calendar_exception_set, period_open

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(org_tree, make_user):
    return make_user(Role.INSPECTORATE_OFFICER, org_tree["inspectorate"])


@pytest.fixture
def focal(org_tree, make_user):
    return make_user(Role.FOCAL_POINT, org_tree["finance"])


class TestPeriodOpen:
    def test_computes_the_window_from_the_rules(self, officer):
        period = period_open(actor=officer, kind="q1", year=2026)
        assert (period.cutoff_start, period.cutoff_end, period.due_on) == (D(2025, 12, 15), D(2026, 3, 14),
                                                                           D(2026, 3, 18))
        assert period.label == "Quý I năm 2026"
        assert "06/2025" in period.legal_basis
        event = AuditEvent.objects.get(action="calendar.period_open")
        assert event.object_id == str(period.pk) and event.changes["due_on"] == "2026-03-18"

    def test_due_date_follows_recorded_exceptions(self, officer):
        calendar_exception_set(actor=officer, date=D(2026, 3, 16), kind="day_off", name="Nghỉ", source="TB 1")
        assert period_open(actor=officer, kind="q1", year=2026).due_on == D(2026, 3, 19)

    def test_refuses_a_duplicate_with_a_clear_message(self, officer):
        period_open(actor=officer, kind="year", year=2025)
        with pytest.raises(DomainError) as exc:
            period_open(actor=officer, kind="year", year=2025, label="Lần hai")
        assert exc.value.field == "kind" and exc.value.code == "duplicate"
        assert "đã được mở" in exc.value.message and "15/12/2024" in exc.value.message
        assert ReportingPeriod.objects.count() == 1

    def test_officer_may_set_another_due_date_but_not_before_cutoff_end(self, officer):
        assert period_open(actor=officer, kind="h1", year=2026, due_on=D(2026, 6, 20)).due_on == D(2026, 6, 20)
        with pytest.raises(DomainError) as exc:
            period_open(actor=officer, kind="m9", year=2026, due_on=D(2026, 9, 1))
        assert exc.value.field == "due_on"

    def test_periodic_windows_are_not_typed_in(self, officer):
        with pytest.raises(DomainError):
            period_open(actor=officer, kind="q2", year=2026, cutoff_start=D(2026, 1, 1), cutoff_end=D(2026, 6, 1))

    def test_ad_hoc_needs_dates_and_a_name_and_may_repeat(self, officer):
        with pytest.raises(DomainError):
            period_open(actor=officer, kind="ad_hoc", year=2025, label="Phục vụ kỳ họp Quốc hội")
        kwargs = {"kind": "ad_hoc", "year": 2025, "cutoff_start": D(2024, 8, 1), "cutoff_end": D(2025, 7, 31),
                      "due_on": D(2025, 8, 5)}
        with pytest.raises(DomainError) as exc:
            period_open(actor=officer, **kwargs)
        assert exc.value.field == "label"
        period_open(actor=officer, label="Phục vụ kỳ họp Quốc hội", **kwargs)
        period_open(actor=officer, label="Theo yêu cầu của Thanh tra Chính phủ", **kwargs)
        assert ReportingPeriod.objects.filter(kind="ad_hoc").count() == 2

    def test_rejects_unknown_kind_and_year_out_of_range(self, officer):
        with pytest.raises(DomainError):
            period_open(actor=officer, kind="q5", year=2026)
        with pytest.raises(DomainError) as exc:
            period_open(actor=officer, kind="q1", year=1999)
        assert exc.value.field == "year"

    def test_focal_point_is_refused(self, focal):
        with pytest.raises(PermissionDenied):
            period_open(actor=focal, kind="q1", year=2026)
        assert not ReportingPeriod.objects.exists()

    def test_system_actor_may_open(self, db):
        assert period_open(actor=SYSTEM, kind="q4", year=2026).cutoff_start == D(2026, 9, 15)


class TestExceptions:
    def test_set_updates_and_audits(self, officer):
        calendar_exception_set(actor=officer, date=D(2026, 8, 31), kind="day_off", name="Nghỉ hoán đổi",
                               source="CV 1/VPCP")
        calendar_exception_set(actor=officer, date=D(2026, 8, 31), kind="day_off", name="Nghỉ hoán đổi Quốc khánh",
                               source="CV 1/VPCP")
        exc = CalendarException.objects.get()
        assert exc.name == "Nghỉ hoán đổi Quốc khánh"
        events = list(AuditEvent.objects.filter(action="calendar.exception_set").order_by("id"))
        assert len(events) == 2
        assert events[1].changes == {"name": ["Nghỉ hoán đổi", "Nghỉ hoán đổi Quốc khánh"]}

    def test_requires_name_and_source(self, officer):
        with pytest.raises(DomainError) as exc:
            calendar_exception_set(actor=officer, date=D(2026, 8, 31), kind="day_off", name="Nghỉ", source=" ")
        assert exc.value.field == "source"
        with pytest.raises(DomainError):
            calendar_exception_set(actor=officer, date=D(2026, 8, 31), kind="holiday", name="Nghỉ", source="x")

    def test_delete(self, officer):
        calendar_exception_set(actor=officer, date=D(2026, 8, 22), kind="working_day", name="Làm bù", source="x")
        calendar_exception_delete(actor=officer, date=D(2026, 8, 22))
        assert not CalendarException.objects.exists()
        assert AuditEvent.objects.filter(action="calendar.exception_delete").count() == 1
        with pytest.raises(NotFoundError):
            calendar_exception_delete(actor=officer, date=D(2026, 8, 22))

    def test_focal_point_is_refused(self, focal):
        with pytest.raises(PermissionDenied):
            calendar_exception_set(actor=focal, date=D(2026, 8, 31), kind="day_off", name="Nghỉ", source="x")
        with pytest.raises(PermissionDenied):
            calendar_exception_delete(actor=focal, date=D(2026, 8, 31))


class TestSelectors:
    def test_working_calendar_uses_db_exceptions(self, officer):
        calendar_exception_set(actor=officer, date=D(2026, 8, 31), kind="day_off", name="Nghỉ hoán đổi", source="x")
        calendar_exception_set(actor=officer, date=D(2026, 8, 22), kind="working_day", name="Làm bù", source="x")
        cal = working_calendar()
        assert not cal.is_working_day(D(2026, 8, 31)) and cal.is_working_day(D(2026, 8, 22))
        result, skipped = cal.add_working_days_explained(D(2026, 8, 28), 1)
        assert result == D(2026, 9, 3)  # 29, 30 weekend; 31 exception; 1–2/9 Quốc khánh
        assert (D(2026, 8, 31), "Nghỉ hoán đổi") in skipped

    def test_calendar_is_loaded_once_per_request(self, officer, django_assert_num_queries):
        class Request:
            pass

        request = Request()
        with django_assert_num_queries(1):
            first = calendar_for_request(request)
            assert calendar_for_request(request) is first

    def test_periods_for_year_and_plan(self, officer, focal):
        period_open(actor=officer, kind="q1", year=2026, due_on=D(2026, 3, 20))
        period_open(actor=officer, kind="q1", year=2025)
        assert [p.kind for p in periods_for_year(focal, 2026)] == ["q1"]
        plan = period_plan_for_year(focal, 2026)
        assert [r.kind for r in plan] == ["q1", "h1", "q2", "m9", "q3", "year", "q4"]
        assert plan[0].opened is not None and plan[0].due_on == D(2026, 3, 20)
        assert all(r.opened is None for r in plan[1:])

    def test_periods_need_view_permission(self, make_user):
        with pytest.raises(PermissionDenied):
            periods_for_year(make_user(), 2026)

    def test_holidays_for_year_overlays_exceptions(self, officer):
        calendar_exception_set(actor=officer, date=D(2026, 2, 20), kind="working_day", name="Đi làm", source="x")
        days = {d.day: d for d in holidays_for_year(2026)}
        assert days[D(2026, 2, 17)].kind == "holiday"
        assert days[D(2026, 4, 27)].kind == "substitute"
        assert days[D(2026, 2, 20)].kind == "working_day" and days[D(2026, 2, 20)].exception is not None
