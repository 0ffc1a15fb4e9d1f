"""Excel export of the alert list, as filtered on the page. A text beginning with = + - @ is
prefixed with an apostrophe so that a spreadsheet never reads it as a formula."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from liemchinh.integrity.models import Alert
from liemchinh.integrity.selectors.alerts import last_decisions, rule_labels

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 2000


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def counterpart_text(counterpart) -> str:
    if not isinstance(counterpart, dict):
        return ""
    names = {"official_id": _("Cán bộ"), "tax_code": _("Mã số thuế"), "contract_id": _("Hợp đồng")}
    return "; ".join(f"{names.get(k, k)}: {v}" for k, v in sorted(counterpart.items()))


def alerts_xlsx(alerts) -> bytes:
    """One row per alert of the (filtered, ordered) queryset, with its latest decision."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Cảnh báo xung đột lợi ích")[:31])
    header = [
        _("Quy tắc"),
        _("Mã cán bộ"),
        _("Họ và tên"),
        _("Mã cơ quan"),
        _("Cơ quan"),
        _("Đối tượng liên quan"),
        _("Điểm tin cậy"),
        _("Trạng thái"),
        _("Còn phát hiện"),
        _("Chứng cứ"),
        _("Giải thích"),
        _("Quyết định gần nhất"),
        _("Biện pháp kiểm soát"),
        _("Lý do, ghi chú"),
        _("Người quyết định"),
        _("Thời điểm quyết định"),
    ]
    cells = []
    for h in header:
        cell = WriteOnlyCell(ws, value=h)
        cell.font = Font(bold=True)
        cells.append(cell)
    ws.append(cells)
    labels = rule_labels()
    statuses = {value: str(label) for value, label in Alert.Status.choices}
    yes, no = _("Có"), _("Không")
    alerts = list(alerts)
    for start in range(0, len(alerts), CHUNK):
        chunk = alerts[start : start + CHUNK]
        decisions = last_decisions([a.pk for a in chunk])
        for a in chunk:
            d = decisions.get(a.pk)
            ws.append(
                [
                    safe_cell(v)
                    for v in (
                        labels.get(a.rule, a.rule),
                        a.official_id,
                        getattr(a, "official_name", "") or "",
                        a.org_code,
                        a.body.name if a.body_id else "",
                        counterpart_text(a.counterpart),
                        round(a.score, 4),
                        statuses.get(a.status, a.status),
                        yes if a.active else no,
                        "; ".join(map(str, a.evidence or [])),
                        a.explanation,
                        d.get_decision_display() if d else "",
                        d.get_measure_display() if d else "",
                        d.reason if d else "",
                        (d.decided_by.get_full_name() or d.decided_by.get_username())
                        if d and d.decided_by_id
                        else "",
                        timezone.localtime(d.decided_at).strftime("%d/%m/%Y %H:%M") if d else "",
                    )
                ]
            )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
