"""Excel exports of the plans lists (openpyxl, write-only: constant memory for long lists)."""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from liemchinh.plans.models import DISPLAY_STATUS_LABELS, AssignmentRole

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _date(value):
    return value.strftime("%d/%m/%Y") if value else ""


def workbook_response(title: str, header: list[str], rows, filename: str) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    from openpyxl.cell import WriteOnlyCell

    bold = []
    for label in header:
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = Font(bold=True)
        bold.append(cell)
    sheet.append(bold)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.xlsx"'
    return response


ASSIGNMENT_HEADER = ["Kế hoạch", "Mục", "Nhiệm vụ", "Cơ quan", "Vai trò", "Kỳ", "Thời hạn", "Trạng thái",
                     "Tiến độ (%)", "Ngày hoàn thành"]


def assignment_rows(assignments):
    roles = dict(AssignmentRole.choices)
    for a in assignments.iterator(chunk_size=2000):
        period = f"{a.get_period_kind_display()} {a.period_year}" if a.period_kind else ""
        yield [str(a.task.plan), a.task.ordinal, a.task.text, a.organization.name, str(roles.get(a.role, a.role)),
               period, _date(a.due_on), str(DISPLAY_STATUS_LABELS.get(a.display_status, a.display_status)),
               a.percent, _date(a.completed_on)]


def assignments_response(assignments, *, title: str, filename: str) -> HttpResponse:
    return workbook_response(title, [_(h) for h in ASSIGNMENT_HEADER], assignment_rows(assignments), filename)
