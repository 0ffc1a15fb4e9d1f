"""Excel exports of the gift register, its yearly summary and the rotation list, as filtered on the
page (openpyxl write-only: constant memory). Text beginning with = + - @ is prefixed with an
apostrophe so that a spreadsheet never reads it as a formula."""

from __future__ import annotations

import datetime as dt
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from liemchinh.integrity import rules
from liemchinh.integrity.models import GiftHandling, GiftKind, GiftStatus
from liemchinh.integrity.selectors.rotation import STATE_LABELS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 2000
EXPORT_LIMIT = 100_000


def _safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _yes(flag) -> str:
    return _("Có") if flag else ""


def xlsx_response(title: str, header: list[str], rows, filename: str) -> HttpResponse:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    bold = []
    for label in header:
        cell = WriteOnlyCell(ws, value=label)
        cell.font = Font(bold=True)
        bold.append(cell)
    ws.append(bold)
    for row in rows:
        ws.append([_safe(v) for v in row])
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


GIFT_HEADER = [
    "Số",
    "Năm",
    "Đơn vị",
    "Người nhận",
    "Chức vụ người nhận",
    "Người tặng",
    "Chức vụ người tặng",
    "Cơ quan, tổ chức người tặng",
    "Mối quan hệ với công việc",
    "Loại quà",
    "Mô tả",
    "Giá trị (đồng)",
    "Ngày nhận",
    "Ngày báo cáo",
    "Hạn báo cáo",
    "Báo cáo chậm",
    "Ngày nộp lại",
    "Nộp lại cho",
    "Hạn nộp lại",
    "Nộp lại chậm",
    "Hình thức xử lý",
    "Ngày xử lý",
    "Văn bản xử lý",
    "Ngày bán",
    "Số tiền thu được (đồng)",
    "Hạn nộp tiền",
    "Ngày nộp tiền",
    "Nộp tiền chậm",
    "Trạng thái",
]


def gift_rows(gifts):
    kinds, handlings, statuses = dict(GiftKind.choices), dict(GiftHandling.choices), dict(GiftStatus.choices)
    for g in gifts.iterator(chunk_size=CHUNK):
        yield [
            g.register_no,
            g.register_year,
            g.organization.name,
            g.recipient_name,
            g.recipient_position,
            g.giver_name,
            g.giver_position,
            g.giver_organization,
            g.relation_to_work,
            str(kinds.get(g.kind, g.kind)),
            g.description,
            g.value_vnd,
            _date(g.received_on),
            _date(g.reported_on),
            _date(g.report_due_on),
            _yes(g.late_report),
            _date(g.handed_over_on),
            g.handed_over_to,
            _date(g.handover_due_on),
            _yes(g.late_handover),
            str(handlings.get(g.handling, g.handling or "")),
            _date(g.handled_on),
            g.handling_decision,
            _date(g.sold_on),
            g.proceeds_vnd,
            _date(g.proceeds_due_on),
            _date(g.proceeds_paid_on),
            _yes(g.late_proceeds),
            str(statuses.get(g.status, g.status)),
        ]


def gifts_response(gifts) -> HttpResponse:
    return xlsx_response(
        _("Sổ theo dõi quà tặng"),
        [_(h) for h in GIFT_HEADER],
        gift_rows(gifts[:EXPORT_LIMIT]),
        "so-theo-doi-qua-tang",
    )


def gift_summary_response(rows, total, year: int) -> HttpResponse:
    header = [
        _("Đơn vị"),
        _("Số lượt"),
        _("Tổng giá trị (đồng)"),
        _("Chưa xác định giá trị"),
        _("Đã xử lý xong"),
        _("Chậm báo cáo, nộp lại hoặc nộp tiền"),
        _("Tiền thu được (đồng)"),
    ]
    body = [
        [r.organization_name, r.count, r.value_vnd, r.unvalued, r.handled, r.late, r.proceeds_vnd]
        for r in rows
    ]
    body.append(
        [
            _("Tổng cộng"),
            total.count,
            total.value_vnd,
            total.unvalued,
            total.handled,
            total.late,
            total.proceeds_vnd,
        ]
    )
    return xlsx_response(
        _("Tổng hợp quà tặng năm %(year)s") % {"year": year}, header, body, f"tong-hop-qua-tang-{year}"
    )


ROTATION_HEADER = [
    "Mã cán bộ",
    "Họ và tên",
    "Mã cơ quan",
    "Cơ quan",
    "Chức danh",
    "Vị trí",
    "Nhóm vị trí",
    "Từ ngày",
    "Thời gian giữ vị trí",
    "Thời hạn (năm)",
    "Đủ thời hạn ngày",
    "Tình trạng",
]


def rotation_rows_iter(positions, as_of: dt.date):
    for p in positions.iterator(chunk_size=CHUNK):
        cat = rules.ROTATION_CATEGORY_BY_KEY.get(p.post_category)
        yield [
            p.official.official_id,
            p.official.full_name,
            p.body.org_code,
            p.body.name,
            p.title,
            p.get_role_display(),
            _(cat.label) if cat else p.post_category,
            _date(p.start_date),
            rules.tenure_text(p.start_date, as_of),
            p.post_period_years,
            _date(rules.rotation_due_on(p.start_date, p.post_period_years)),
            _(STATE_LABELS[p.rotation_state]),
        ]


def rotation_response(positions, as_of: dt.date) -> HttpResponse:
    return xlsx_response(
        _("Chuyển đổi vị trí công tác"),
        [_(h) for h in ROTATION_HEADER],
        rotation_rows_iter(positions[:EXPORT_LIMIT], as_of),
        "chuyen-doi-vi-tri-cong-tac",
    )
