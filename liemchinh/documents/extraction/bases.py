"""Step 4: the legal bases — documents cited as the basis ("Căn cứ …") or as what the
document carries out ("Thực hiện …", "Triển khai …", the subject line "Tiếp tục thực hiện Chỉ
thị số …"). Each once, in the form written; a law without a number as "Luật <name> <year>"."""

from __future__ import annotations

import re

from liemchinh.documents.extraction.header import NUMBER_RE

LAW_ABBREVIATIONS = {"PCTN": "Phòng, chống tham nhũng", "KNTC": "Khiếu nại, tố cáo", "TCD": "Tiếp công dân"}
_LAW = re.compile(
    r"\bLuật\s+(?P<name>[A-ZĐ][\wÀ-ỹ]*(?:(?:\s+|,\s+(?=[a-zđà-ỹ]))(?!Luật\b)[\wÀ-ỹ]+)*?)"
    r"(?:\s+số\s+(?P<number>\d+/\d{4}/QH\d+))?(?:\s+ngày\s+\d{1,2}(?:\s+tháng\s+|/)\d{1,2}(?:\s+năm\s+|/)(?P<y1>\d{4})"
    r"|\s+năm\s+(?P<y2>\d{4})|\s+(?P<y3>\d{4})\b)")
_PREAMBLE_END = re.compile(r"^(?:[IVX]+\.|1\.|Phần\s+[IVX1]|Chương\s+[IVX1]|Điều\s+1\b|QUYẾT ĐỊNH\s*:|CHỈ THỊ\s*:|"
                           r"NGHỊ QUYẾT\s*:)")


def preamble(lines: list[str], start: int, end: int) -> list[str]:
    out: list[str] = []
    for line in lines[start:end]:
        if _PREAMBLE_END.match(line):
            break
        out.append(line)
    return out


def basis_lines(preamble_lines: list[str]) -> list[str]:
    """The preamble without the proposal it answers ("Xét đề nghị của … tại Tờ trình số …")."""
    return [line for line in preamble_lines if not re.match(r"^(?:Xét|Theo)\s+đề\s+nghị\b", line)]


def numbers_in(text: str, own: str | None = None) -> list[str]:
    found: list[str] = []
    for m in NUMBER_RE.finditer(text):
        number = m.group(0)
        if number != own and number not in found:
            found.append(number)
    return found


def _laws(text: str):
    for m in _LAW.finditer(text):
        if m.group("number"):
            continue  # a numbered law is cited by its number
        name = m.group("name").strip()
        name = LAW_ABBREVIATIONS.get(name, name)
        year = m.group("y1") or m.group("y2") or m.group("y3")
        yield m.start(), f"Luật {name} {year}"


def legal_bases(title: str | None, preamble_lines: list[str], own_number: str | None) -> list[str]:
    """Numbers and laws in the subject line and the preamble (everything between the subject
    line and the first section of the body), in the order written, each once."""
    text = " ".join(([title] if title else []) + basis_lines(preamble_lines))
    items = list(_laws(text))
    items += [(m.start(), m.group(0)) for m in NUMBER_RE.finditer(text)]
    found: list[str] = []
    seen: dict[str, int] = {}
    for _, entry in sorted(items, key=lambda pair: pair[0]):
        key = entry.upper()
        if own_number and key == own_number.upper():
            continue
        if key in seen:
            if found[seen[key]].isupper() and not entry.isupper():
                found[seen[key]] = entry  # prefer "10/CT-TTg" to a subject line's "10/CT-TTG"
            continue
        seen[key] = len(found)
        found.append(entry)
    return found
