"""Excel exports of the staff pages. No identity of a petitioner is ever written: the rows carry
only the case's own fields. A text beginning with = + - @ is prefixed with an apostrophe so that a
spreadsheet never reads it as a formula."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from liemchinh.petitions import rules

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _sheet(wb: Workbook, title: str, header: list[str], rows) -> None:
    ws = wb.active if wb.active.max_row == 1 and wb.active.title == "Sheet" else wb.create_sheet()
    ws.title = title[:31]
    ws.append([safe_cell(h) for h in header])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([safe_cell(v) for v in row])


def _bytes(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def inbox_xlsx(rows) -> bytes:
    wb = Workbook()
    header = [_("Mã tra cứu"), _("Loại đơn"), _("Lĩnh vực"), _("Cơ quan xử lý"), _("Kênh tiếp nhận"),
              _("Ngày nhận"), _("Trạng thái"), _("Hạn xử lý"), _("Số ngày còn lại"), _("Quá hạn"),
              _("Người xử lý")]
    data = []
    for r in rows:
        p = r.petition
        data.append([
            p.display_code, str(rules.KIND_LABELS[rules.Kind(p.kind)]), p.field, p.organization.name,
            str(rules.CHANNEL_LABELS[rules.Channel(p.channel)]), p.received_on.strftime("%d/%m/%Y"),
            str(rules.STATUS_LABELS[rules.Status(p.status)]),
            r.due_on.strftime("%d/%m/%Y") if r.due_on else "", r.days_left if r.days_left is not None else "",
            _("Quá hạn") if r.overdue else "", p.handler.get_full_name() if p.handler_id else "",
        ])
    _sheet(wb, _("Danh sách đơn"), header, data)
    return _bytes(wb)


def dashboard_xlsx(stats: dict) -> bytes:
    wb = Workbook()
    header = [_("Nhóm"), _("Đã nhận"), _("Đang xử lý"), _("Đã giải quyết")]
    t = stats["totals"]
    _sheet(wb, _("Tổng hợp"), [_("Chỉ tiêu"), _("Số lượng")], [
        [_("Đã nhận"), t["received"]], [_("Đang xử lý"), t["in_handling"]], [_("Quá hạn"), t["overdue"]],
        [_("Đã giải quyết"), t["resolved"]], [_("Thời gian giải quyết trung bình (ngày)"), stats["average_days"]],
    ])
    for key, title in (("by_kind", _("Theo loại đơn")), ("by_field", _("Theo lĩnh vực")),
                       ("by_body", _("Theo cơ quan"))):
        _sheet(wb, title, header, [[str(r["label"]), r["received"], r["in_handling"], r["resolved"]]
                                   for r in stats[key]])
    _sheet(wb, _("Mức độ hài lòng"), [_("Cơ quan"), _("Số đánh giá"), _("Điểm trung bình"), _("Hài lòng (4–5)")],
           [[s.organization_name, s.rated, s.average, s.satisfied] for s in stats["satisfaction"]])
    return _bytes(wb)
