"""The reporting calendar page: the year's periods, holidays, a month grid, a working-day
calculator; officers open periods and record the Government's exceptions here."""

from __future__ import annotations

import calendar as pycalendar
import csv
import datetime as dt
import io

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from liemchinh.core import rules
from liemchinh.core.models import CalendarException
from liemchinh.core.models.calendar import PeriodKind
from liemchinh.core.permissions import has_perm, require_perm
from liemchinh.core.selectors.calendar import (
    calendar_for_request,
    holidays_for_year,
    period_plan_for_year,
)
from liemchinh.core.services.calendar import (
    MAX_YEAR,
    MIN_YEAR,
    calendar_exception_delete,
    calendar_exception_set,
    period_open,
)

DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d"]
WEEKDAYS = (
    gettext_lazy("T2"), gettext_lazy("T3"), gettext_lazy("T4"), gettext_lazy("T5"), gettext_lazy("T6"),
    gettext_lazy("T7"), gettext_lazy("CN"),
)
WEEKDAY_NAMES = (
    gettext_lazy("Thứ Hai"), gettext_lazy("Thứ Ba"), gettext_lazy("Thứ Tư"), gettext_lazy("Thứ Năm"),
    gettext_lazy("Thứ Sáu"), gettext_lazy("Thứ Bảy"), gettext_lazy("Chủ nhật"),
)


class CalculatorForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("Từ ngày (dd/mm/yyyy)"), input_formats=DATE_INPUTS)
    days = forms.IntegerField(label=gettext_lazy("Số ngày làm việc"), min_value=0, max_value=3650)


class PeriodOpenForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kỳ báo cáo"), choices=PeriodKind.choices)
    year = forms.IntegerField(label=gettext_lazy("Năm"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    label = forms.CharField(label=gettext_lazy("Tên kỳ"), max_length=120, required=False)
    cutoff_start = forms.DateField(label=gettext_lazy("Chốt số liệu từ (chỉ kỳ đột xuất)"), required=False,
                                   input_formats=DATE_INPUTS)
    cutoff_end = forms.DateField(label=gettext_lazy("Chốt số liệu đến (chỉ kỳ đột xuất)"), required=False,
                                 input_formats=DATE_INPUTS)
    due_on = forms.DateField(label=gettext_lazy("Hạn gửi báo cáo (để trống: tính theo quy định)"), required=False,
                             input_formats=DATE_INPUTS)


class ExceptionForm(forms.Form):
    date = forms.DateField(label=gettext_lazy("Ngày (dd/mm/yyyy)"), input_formats=DATE_INPUTS)
    kind = forms.ChoiceField(label=gettext_lazy("Loại"), choices=CalendarException.Kind.choices)
    name = forms.CharField(label=gettext_lazy("Tên, lý do"), max_length=200)
    source = forms.CharField(label=gettext_lazy("Căn cứ (văn bản thông báo)"), max_length=255)


class ExceptionDeleteForm(forms.Form):
    date = forms.DateField(input_formats=DATE_INPUTS)


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return min(max(year, MIN_YEAR), MAX_YEAR)


def _page_url(year: int) -> str:
    return f"{reverse('core:calendar')}?year={year}"


def month_grid(year: int, days_off: dict[dt.date, object], working) -> list[dict]:
    """Twelve months, each a list of weeks (Monday first) of cells: None outside the month,
    otherwise {day, off (bool), entry (the DayOff or None)}."""
    months = []
    cal = pycalendar.Calendar(firstweekday=0)
    for month in range(1, 13):
        weeks = []
        for week in cal.monthdatescalendar(year, month):
            cells = []
            for day in week:
                if day.month != month:
                    cells.append(None)
                    continue
                cells.append({"day": day, "off": not working.is_working_day(day), "entry": days_off.get(day),
                              "weekend": day.weekday() >= 5})
            weeks.append(cells)
        months.append({"number": month, "name": _("Tháng %(m)s") % {"m": month}, "weeks": weeks})
    return months


@login_required
@require_GET
def calendar_page(request):
    require_perm(request.user, "core.calendar.view")
    year = _year(request)
    working = calendar_for_request(request)
    days_off = holidays_for_year(year)
    can_manage = has_perm(request.user, "core.calendar.manage")
    context = {
        "year": year,
        "years": range(year - 2, year + 3),
        "periods": period_plan_for_year(request.user, year, working),
        "days_off": days_off,
        "months": month_grid(year, {d.day: d for d in days_off}, working),
        "weekdays": WEEKDAYS,
        "calculator_form": CalculatorForm(initial={"start": timezone.localdate().strftime("%d/%m/%Y"), "days": 10}),
        "can_manage": can_manage,
        "regime": rules.regime_on(dt.date(year, 12, 1)),
        "due_working_days": rules.DEFAULT_UNIT_DUE_WORKING_DAYS,
        "period_form": PeriodOpenForm(initial={"year": year}) if can_manage else None,
        "exception_form": ExceptionForm() if can_manage else None,
    }
    return render(request, "core/calendar/page.html", context)


@login_required
@require_GET
def calendar_calculate(request):
    """HTMX: the date N working days after a start date, with the days off skipped."""
    require_perm(request.user, "core.calendar.view")
    form = CalculatorForm(request.GET)
    context: dict = {"form": form}
    if form.is_valid():
        working = calendar_for_request(request)
        start, n = form.cleaned_data["start"], form.cleaned_data["days"]
        result, skipped = working.add_working_days_explained(start, n)
        context.update(
            start=start, days=n, result=result, result_weekday=WEEKDAY_NAMES[result.weekday()],
            skipped=[{"day": d, "weekday": WEEKDAY_NAMES[d.weekday()], "reason": r} for d, r in skipped],
        )
    template = "core/calendar/partials/calculator_result.html"
    if not request.htmx:
        return render(request, "core/calendar/calculator.html", context)
    return render(request, template, context)


@login_required
@require_POST
def calendar_period_open(request):
    form = PeriodOpenForm(request.POST)
    year = _year(request)
    if not form.is_valid():
        require_perm(request.user, "core.calendar.manage")
        return render(request, "core/calendar/form_errors.html", {"form": form, "year": year}, status=400)
    data = form.cleaned_data
    period = period_open(
        actor=request.user, kind=data["kind"], year=data["year"], label=data["label"] or None,
        cutoff_start=data["cutoff_start"], cutoff_end=data["cutoff_end"], due_on=data["due_on"],
    )
    return redirect(_page_url(period.year))


@login_required
@require_POST
def calendar_exception_save(request):
    form = ExceptionForm(request.POST)
    if not form.is_valid():
        require_perm(request.user, "core.calendar.manage")
        return render(request, "core/calendar/form_errors.html", {"form": form, "year": _year(request)}, status=400)
    exc = calendar_exception_set(actor=request.user, **form.cleaned_data)
    return redirect(_page_url(exc.date.year))


@login_required
@require_POST
def calendar_exception_remove(request):
    form = ExceptionDeleteForm(request.POST)
    if not form.is_valid():
        require_perm(request.user, "core.calendar.manage")
        return render(request, "core/calendar/form_errors.html", {"form": form, "year": _year(request)}, status=400)
    calendar_exception_delete(actor=request.user, date=form.cleaned_data["date"])
    return redirect(_page_url(form.cleaned_data["date"].year))


# --- export ----------------------------------------------------------------------------------

EXPORT_HEADER = (
    gettext_lazy("Loại"), gettext_lazy("Tên"), gettext_lazy("Từ ngày"), gettext_lazy("Đến ngày"),
    gettext_lazy("Hạn gửi báo cáo"), gettext_lazy("Trạng thái"), gettext_lazy("Căn cứ"),
)


def export_rows(actor, year: int, working) -> list[list[str]]:
    def fmt(day):
        return day.strftime("%d/%m/%Y") if day else ""

    rows = []
    for p in period_plan_for_year(actor, year, working):
        rows.append([
            str(p.kind_label), p.label, fmt(p.cutoff_start), fmt(p.cutoff_end), fmt(p.due_on),
            _("Đã mở") if p.opened else _("Dự kiến"), p.legal_basis,
        ])
    kinds = {"holiday": _("Ngày lễ, tết"), "substitute": _("Nghỉ bù"), "day_off": _("Ngày nghỉ theo thông báo"),
             "working_day": _("Ngày làm việc (làm bù)")}
    for d in holidays_for_year(year):
        rows.append([kinds[d.kind], d.name, fmt(d.day), fmt(d.day), "", "", d.source])
    return rows


@login_required
@require_GET
def calendar_export(request, fmt: str):
    require_perm(request.user, "core.calendar.view")
    year = _year(request)
    rows = export_rows(request.user, year, calendar_for_request(request))
    header = [str(h) for h in EXPORT_HEADER]
    filename = f"lich-bao-cao-{year}"
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # so that Excel opens the UTF-8 file with its diacritics
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Lịch %(year)s") % {"year": year}
    sheet.append([_("Lịch báo cáo và ngày nghỉ năm %(year)s") % {"year": year}])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for column, width in zip("ABCDEFG", (22, 40, 12, 12, 16, 12, 70), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    workbook.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
