"""Step 5: the tasks — every explicit assignment of work to a named agency or group, and every
explicit deadline or recurring duty.

The body is read as items (I. / 1. / 1.1. / a) / - / paragraph). An item is a task when it
opens with an agency ("Sở X chủ trì, phối hợp với …", "Giao X …", "Đề nghị X …", "X có trách
nhiệm …") or sits under a heading that names one ("1. Đối với Thanh tra tỉnh", "2. Sở Nội vụ:");
an item with an explicit deadline and no named agency is a task addressed to everyone. The aims
of the document (sections "Mục đích", "Yêu cầu"), lead-ins ending in ":" and the closing
formula are not tasks. A note with a deadline addressed to everyone ("* Đề nghị các cơ quan
gửi báo cáo trước ngày …") gives that deadline to the section's undated tasks."""

from __future__ import annotations

import re
from dataclasses import dataclass

from liemchinh.documents.extraction.agencies import (
    _BOUNDARY,
    START_RE,
    _protect,
    is_generic,
    lead_of,
    leading_agency,
    partners_of,
)
from liemchinh.documents.extraction.dates import find_deadline, find_recurrence

_MARKERS = [
    (re.compile(r"^([IVXLC]+)\s*[.\-:]\s+(.*)$"), 1),
    (re.compile(r"^(Điều\s+\d+)\s*[.:]\s*(.*)$"), 2),
    (re.compile(r"^(\d+(?:\.\d+)+)\.?\s+(.*)$"), 3),
    (re.compile(r"^(\d+)\s*[.)]\s+(.*)$"), 2),
    (re.compile(r"^([a-zđ])\)\s+(.*)$"), 4),
    (re.compile(r"^([-+*•–])\s*(.*)$"), 5),
]
_CLAUSE_OPENERS = re.compile(r"^(?:Căn cứ|Trên cơ sở|Để|Nhằm|Sau khi|Ngoài|Trong đó|Đồng thời)\b")
_EXECUTION_CLAUSE = re.compile(
    r"(?:chịu trách nhiệm thi hành|(?:triển khai\s+)?thực hiện nghiêm(?: túc)?|nghiêm túc(?: triển khai)?(?: thực hiện)?)"
    r"\s+(?:Quyết định|Kế hoạch|Chỉ thị|Công văn|Thông báo|Nghị quyết|Chương trình|Văn bản) này", re.IGNORECASE)
_CLOSING = re.compile(r"^(?:Trên đây|Trong quá trình|Quá trình|Yêu cầu các|Nơi nhận)\b")


@dataclass
class Item:
    level: int
    marker: str
    text: str


def items_of(lines: list[str]) -> list[Item]:
    items: list[Item] = []
    for line in lines:
        if not line:
            continue
        for pattern, level in _MARKERS:
            m = pattern.match(line)
            if m and m.group(2):
                items.append(Item(level, m.group(1), m.group(2).strip()))
                break
        else:
            items.append(Item(6, "", line.strip()))
    return items


def heading_agency(text: str) -> str | None:
    """"Đối với Thanh tra tỉnh", "Sở Nội vụ:", "Đề nghị Ủy ban MTTQ Việt Nam tỉnh" → the agency."""
    text = text.strip().rstrip(":").strip()
    if not START_RE.match(text) or text.endswith((".", ";")) or len(text.split()) > 25:
        return None
    protected, _ = _protect(text)
    lead_in = START_RE.match(text)
    offset = re.match(r"^(?:(?:Giao cho|Giao|Đề nghị|Yêu cầu|Đối với|Riêng)\s+)?", text).end()
    if lead_in and _BOUNDARY.search(protected, offset + 2):
        return None
    return lead_of(text)


def _is_aims(text: str) -> bool:
    upper = text.upper()
    return len(text) < 60 and ("MỤC ĐÍCH" in upper or re.fullmatch(r"YÊU CẦU\.?", upper.strip()) is not None)


def _agency_in(text: str) -> tuple[str | None, str]:
    phrase, rest = leading_agency(text)
    if phrase is not None:
        # "Ủy ban nhân dân tỉnh giao Sở X chủ trì …": the body given the work leads
        handed = re.match(r"^(?:giao|yêu cầu|đề nghị)(?:\s+cho)?\s+", rest)
        if handed:
            inner, inner_rest = leading_agency(rest[handed.end():])
            if inner is not None and lead_of(inner) and not is_generic(inner):
                return inner, inner_rest
    if phrase is None and _CLAUSE_OPENERS.match(text):
        for m in re.finditer(r",\s+", text):
            candidate, candidate_rest = leading_agency(text[m.end():])
            if candidate is not None and not is_generic(candidate) and lead_of(candidate):
                return candidate, candidate_rest
    return phrase, rest


def make_task(lead, partners, text, due, recurrence) -> dict:
    return {"lead": lead, "partners": partners, "text": re.sub(r"\s+", " ", text).strip(),
            "due_on": due.isoformat() if due else None, "recurrence": recurrence}


def extract_tasks(lines: list[str], default_year: int | None = None) -> list[dict]:
    tasks: list[dict] = []
    context: dict[int, str] = {}  # heading level → agency
    skip_level: int | None = None
    section_tasks: list[dict] = []
    for item in items_of(lines):
        text = item.text
        if item.level <= 4:
            for level in [lv for lv in context if lv >= item.level]:
                del context[level]
            if skip_level is not None and item.level <= skip_level and not _is_aims(text):
                skip_level = None
            if item.level <= 3:
                section_tasks = []
        if _is_aims(text) and item.level <= 4:
            skip_level = item.level if skip_level is None else min(skip_level, item.level)
            continue
        if skip_level is not None:
            continue
        if item.level == 6 and (_CLOSING.match(text) or re.search(r"\./\.\s*$", text)):
            if _CLOSING.match(text):
                break
            continue
        if re.match(r"^Lưu ý\b", text):
            continue
        if item.level <= 4:
            agency = heading_agency(text)
            if agency:
                context[item.level] = agency
                continue
        due = find_deadline(text, default_year)
        recurrence = find_recurrence(text)
        if not due and not recurrence and _EXECUTION_CLAUSE.search(text):
            continue  # "… chịu trách nhiệm thi hành Quyết định này./.": the closing formula
        phrase, rest = _agency_in(text)
        if text.rstrip().endswith(":") and not due:
            # a lead-in to the items below; "1. Giám đốc các sở có trách nhiệm:" names their agency
            if phrase is not None and item.level <= 4 and not is_generic(phrase) and lead_of(phrase):
                context[item.level] = lead_of(phrase)
            continue
        lead = None
        named = False
        if phrase is not None:
            lead = lead_of(phrase)  # generic members ("các cơ quan, đơn vị") are left out
            named = lead is not None
        if named and re.match(r"^(?:đã|vừa|đang)\s", rest):
            continue  # a report of what was done, not an assignment
        if named:
            task = make_task(lead, partners_of(rest), text, due, recurrence)
        elif phrase is None and context and item.level > max(context):
            task = make_task(context[max(context)], partners_of(text), text, due, recurrence)
        elif due:
            undated = [t for t in section_tasks if t["due_on"] is None]
            if phrase is not None and undated:
                for t in undated:
                    t["due_on"] = due.isoformat()
                continue
            task = make_task(None, [], text, due, recurrence)
        else:
            continue
        if any(t["lead"] == task["lead"] and t["text"] == task["text"] for t in tasks):
            continue
        tasks.append(task)
        section_tasks.append(task)
    return tasks


def tasks_from_rows(rows: list[dict], default_year: int | None = None) -> list[dict]:
    """Tasks of an assignment table: the lead and partner columns name the bodies, the time
    column gives the deadline ("Quý II/2025", "Tháng 6/2025", "30/6/2025", "Hằng quý")."""
    tasks: list[dict] = []
    for row in rows:
        lead = lead_of(row["lead"])
        due_cell = row["due"].strip()
        if re.match(r"^(?:quý|tháng)\b", due_cell, re.IGNORECASE):
            due_text = f"trong {due_cell.lower()}"
        elif re.match(r"^\d{1,2}\s*/\s*\d{1,2}", due_cell):
            due_text = f"thời hạn: {due_cell}"
        else:
            due_text = due_cell
        due = find_deadline(due_text, default_year)
        recurrence = find_recurrence(due_text) or find_recurrence(row["content"])
        partners = partners_of(f"phối hợp với {row['partners']}") if row["partners"] else []
        if lead is None and not due:
            continue
        tasks.append(make_task(lead, partners, row["content"], due, recurrence))
    return tasks
