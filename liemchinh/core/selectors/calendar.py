"""Reads of the reporting calendar, and the working-day arithmetic of rules.py bound to the
exceptions recorded in the database. Other apps count deadlines through `working_calendar()`
(or `calendar_for_request(request)` inside a request, which loads the exceptions once)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from liemchinh.core import rules
from liemchinh.core.models import CalendarException, ReportingPeriod
from liemchinh.core.models.calendar import PeriodKind
from liemchinh.core.permissions import require_perm


def exceptions_map() -> dict[dt.date, str]:
    """{date: "day_off" | "working_day"} of every recorded exception."""
    return dict(CalendarException.objects.values_list("date", "kind"))


@dataclass
class WorkingCalendar:
    """rules.py's working-day functions with the database exceptions loaded once."""

    exceptions: dict[dt.date, str] = field(default_factory=dict)
    names: dict[dt.date, str] = field(default_factory=dict)

    def is_working_day(self, day: dt.date) -> bool:
        return rules.is_working_day(day, self.exceptions)

    def day_off_reason(self, day: dt.date) -> str | None:
        return rules.day_off_reason(day, self.exceptions, self.names)

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        return rules.add_working_days(start, n, self.exceptions)

    def add_working_days_explained(self, start: dt.date, n: int) -> tuple[dt.date, list[tuple[dt.date, str]]]:
        return rules.add_working_days_explained(start, n, self.exceptions, self.names)

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        return rules.working_days_between(start, end, self.exceptions)

    def next_working_day_if_off(self, day: dt.date) -> dt.date:
        return rules.next_working_day_if_off(day, self.exceptions)

    def add_calendar_days(self, start: dt.date, n: int) -> dt.date:
        return rules.add_calendar_days(start, n)


def working_calendar() -> WorkingCalendar:
    rows = CalendarException.objects.values_list("date", "kind", "name")
    return WorkingCalendar(exceptions={d: k for d, k, _n in rows}, names={d: n for d, _k, n in rows})


def calendar_for_request(request) -> WorkingCalendar:
    """The working calendar, loaded at most once per request."""
    cached = getattr(request, "_liemchinh_working_calendar", None)
    if cached is None:
        cached = working_calendar()
        request._liemchinh_working_calendar = cached
    return cached


# --- periods ---------------------------------------------------------------------------------


def periods_for_year(actor, year: int):
    """Reporting periods opened for `year`. Periods apply to every body, so anyone with
    "core.calendar.view" sees all of them."""
    require_perm(actor, "core.calendar.view")
    return ReportingPeriod.objects.filter(year=year).order_by("cutoff_end", "kind", "pk")


@dataclass(frozen=True)
class PeriodRow:
    kind: str
    kind_label: str
    label: str
    cutoff_start: dt.date
    cutoff_end: dt.date
    due_on: dt.date
    legal_basis: str
    opened: ReportingPeriod | None
    to_verify: bool = False


def period_plan_for_year(actor, year: int, calendar: WorkingCalendar | None = None) -> list[PeriodRow]:
    """Every periodic period of `year` under the regime in force for it (computed by the rules),
    replaced by the opened period's own dates where it has been opened; then the ad hoc periods
    opened that year. Sorted by end of cut-off."""
    from liemchinh.core.services.calendar import default_period_label

    opened = list(periods_for_year(actor, year))
    by_kind = {p.kind: p for p in opened if p.kind != PeriodKind.AD_HOC}
    calendar = calendar or working_calendar()
    rows: list[PeriodRow] = []
    for kind in rules.PERIODIC_KINDS:
        period = by_kind.get(kind)
        regime = rules.regime_for_period(kind, year)
        if period is not None:
            rows.append(PeriodRow(kind, PeriodKind(kind).label, period.label, period.cutoff_start, period.cutoff_end,
                                  period.due_on, period.legal_basis, period, regime.to_verify))
            continue
        start, end, due = rules.period_window(kind, year, regime, exceptions=calendar.exceptions)
        rows.append(PeriodRow(kind, PeriodKind(kind).label, default_period_label(kind, year), start, end, due,
                              regime.citation, None, regime.to_verify))
    for period in opened:
        if period.kind == PeriodKind.AD_HOC:
            rows.append(PeriodRow(period.kind, PeriodKind(period.kind).label, period.label, period.cutoff_start,
                                  period.cutoff_end, period.due_on, period.legal_basis, period))
    rows.sort(key=lambda r: (r.cutoff_end, r.cutoff_start))
    return rows


# --- days off --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayOff:
    """A public holiday, a substitute day off or a recorded exception of a year.
    kind: "holiday", "substitute", "day_off" (exception), "working_day" (exception: a weekend day
    or a holiday worked)."""

    day: dt.date
    name: str
    source: str
    kind: str
    exception: CalendarException | None = None


def holidays_for_year(year: int) -> list[DayOff]:
    """The year's holidays under the rules, overlaid with the exceptions recorded for the year
    (an exception replaces the rule's entry for its day)."""
    exceptions = {e.date: e for e in CalendarException.objects.filter(date__year=year)}
    days: dict[dt.date, DayOff] = {}
    for holiday in rules.holidays_for_year(year):
        kind = "substitute" if holiday.substitute_for else "holiday"
        days[holiday.day] = DayOff(holiday.day, holiday.name, holiday.source, kind)
    for day, exc in exceptions.items():
        days[day] = DayOff(day, exc.name, exc.source, exc.kind, exc)
    return sorted(days.values(), key=lambda d: d.day)
