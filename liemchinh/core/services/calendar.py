"""Writes of the reporting calendar: opening reporting periods and recording the Government's
yearly exceptions to the working-day calendar (days swapped, the exact Tết days).

Who may call: holders of "core.calendar.manage" (the inspectorate and the system administrator).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from liemchinh.core import rules
from liemchinh.core.errors import DomainError, NotFoundError
from liemchinh.core.models import CalendarException, ReportingPeriod
from liemchinh.core.models.calendar import PeriodKind
from liemchinh.core.permissions import require_perm
from liemchinh.core.selectors.calendar import exceptions_map
from liemchinh.core.services.audit import audit_record

MIN_YEAR = 2014  # the first full year covered by both a reporting regime and the holiday rules
MAX_YEAR = 2100


def default_period_label(kind: str, year: int) -> str:
    if kind == PeriodKind.YEAR:
        return _("Năm %(year)s") % {"year": year}
    return _("%(kind)s năm %(year)s") % {"kind": PeriodKind(kind).label, "year": year}


def _fmt(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


@transaction.atomic
def period_open(
    *,
    actor,
    kind: str,
    year: int,
    label: str | None = None,
    cutoff_start: dt.date | None = None,
    cutoff_end: dt.date | None = None,
    due_on: dt.date | None = None,
    due_working_days: int = rules.DEFAULT_UNIT_DUE_WORKING_DAYS,
) -> ReportingPeriod:
    """Open a reporting period. For a periodic kind the cut-off window and due date come from the
    regime in force (rules.period_window); an officer may set another due date (not before the end
    of the cut-off). An ad hoc period takes its window and due date from the request that asked for
    it (TT 02/2021, TT 01/2024: "theo yêu cầu bằng văn bản"), so all three dates are required.
    A periodic kind can be opened once per year.
    """
    require_perm(actor, "core.calendar.manage")
    if kind not in PeriodKind.values:
        raise DomainError(_("Kỳ báo cáo không hợp lệ."), field="kind")
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise DomainError(
            _("Năm phải từ %(min)s đến %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}, field="year"
        )
    label = (label or "").strip()
    if kind == PeriodKind.AD_HOC:
        if cutoff_start is None or cutoff_end is None or due_on is None:
            raise DomainError(
                _("Kỳ báo cáo đột xuất cần ngày bắt đầu, ngày kết thúc chốt số liệu và hạn gửi báo cáo."),
                field="cutoff_start",
            )
        if not label:
            raise DomainError(_("Kỳ báo cáo đột xuất cần có tên kỳ."), field="label")
        legal_basis = _("Theo văn bản yêu cầu báo cáo đột xuất")
    else:
        existing = ReportingPeriod.objects.filter(kind=kind, year=year).first()
        if existing is not None:
            raise DomainError(
                _("Kỳ báo cáo “%(label)s” đã được mở (chốt số liệu %(start)s – %(end)s, hạn gửi %(due)s).")
                % {"label": existing.label, "start": _fmt(existing.cutoff_start),
                   "end": _fmt(existing.cutoff_end), "due": _fmt(existing.due_on)},
                field="kind",
                code="duplicate",
            )
        regime = rules.regime_for_period(kind, year)
        start, end, computed_due = rules.period_window(
            kind, year, regime, exceptions=exceptions_map(), due_working_days=due_working_days
        )
        if cutoff_start is not None or cutoff_end is not None:
            raise DomainError(
                _("Thời gian chốt số liệu của kỳ định kỳ do chế độ báo cáo quy định, không nhập tay."),
                field="cutoff_start",
            )
        cutoff_start, cutoff_end = start, end
        due_on = due_on or computed_due
        legal_basis = regime.citation
        label = label or default_period_label(kind, year)
    if cutoff_end < cutoff_start:
        raise DomainError(_("Ngày kết thúc chốt số liệu phải sau ngày bắt đầu."), field="cutoff_end")
    if due_on < cutoff_end:
        raise DomainError(
            _("Hạn gửi báo cáo (%(due)s) không được trước ngày kết thúc chốt số liệu (%(end)s).")
            % {"due": _fmt(due_on), "end": _fmt(cutoff_end)},
            field="due_on",
        )
    period = ReportingPeriod.objects.create(
        kind=kind, year=year, label=label[:120], cutoff_start=cutoff_start, cutoff_end=cutoff_end,
        due_on=due_on, legal_basis=legal_basis[:255],
    )
    audit_record(
        actor=actor, action="calendar.period_open", obj=period,
        changes={"kind": kind, "year": year, "label": period.label, "cutoff_start": cutoff_start,
                 "cutoff_end": cutoff_end, "due_on": due_on, "legal_basis": period.legal_basis},
    )
    return period


@transaction.atomic
def calendar_exception_set(*, actor, date: dt.date, kind: str, name: str, source: str = "") -> CalendarException:
    """Record (or change) the Government's decision for one day: an extra day off, or a weekend
    day worked in exchange. It overrides the rules for that day everywhere deadlines are counted."""
    require_perm(actor, "core.calendar.manage")
    if not isinstance(date, dt.date):
        raise DomainError(_("Ngày không hợp lệ."), field="date")
    if kind not in CalendarException.Kind.values:
        raise DomainError(_("Loại ngày không hợp lệ."), field="kind")
    name = (name or "").strip()
    source = (source or "").strip()
    if not name:
        raise DomainError(_("Cần nhập tên (lý do) của ngày nghỉ hoặc làm bù."), field="name")
    if not source:
        raise DomainError(_("Cần nhập căn cứ (số, ngày văn bản thông báo)."), field="source")
    existing = CalendarException.objects.select_for_update().filter(date=date).first()
    before = {"kind": existing.kind, "name": existing.name, "source": existing.source} if existing else {}
    if existing is None:
        exception = CalendarException.objects.create(date=date, kind=kind, name=name[:200], source=source[:255])
    else:
        exception = existing
        exception.kind, exception.name, exception.source = kind, name[:200], source[:255]
        exception.save(update_fields=["kind", "name", "source"])
    after = {"kind": exception.kind, "name": exception.name, "source": exception.source}
    audit_record(
        actor=actor, action="calendar.exception_set", obj=exception,
        changes={key: [before.get(key), value] for key, value in after.items() if before.get(key) != value},
    )
    return exception


@transaction.atomic
def calendar_exception_delete(*, actor, date: dt.date) -> None:
    """Remove the exception recorded for `date`; the rules apply to that day again."""
    require_perm(actor, "core.calendar.manage")
    exception = CalendarException.objects.select_for_update().filter(date=date).first()
    if exception is None:
        raise NotFoundError(_("Không có ngày nghỉ, làm bù nào được ghi cho ngày %(day)s.") % {"day": _fmt(date)})
    audit_record(
        actor=actor, action="calendar.exception_delete", obj=exception,
        changes={"date": exception.date, "kind": exception.kind, "name": exception.name, "source": exception.source},
    )
    exception.delete()
