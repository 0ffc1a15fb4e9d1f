"""Steps 2–3: find the parts of the document and read its header and its end matter.

Header (Nghị định 30/2020/NĐ-CP, Phụ lục I): the issuing body top-left in capitals (its parent
body above it), the national motto top-right, "Số: …/KH-UBND", "<Place>, ngày … tháng … năm …",
the document type in capitals and the subject line (trích yếu). End matter: "Nơi nhận:" with
one recipient per dash, and the signature block (TM./KT./Q./TL. …, the title, then the name)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from liemchinh.documents.extraction.agencies import expand
from liemchinh.documents.extraction.dates import make_date, parse_date

DOC_TYPES = [
    ("KẾ HOẠCH", "plan"), ("QUYẾT ĐỊNH", "decision"), ("CHỈ THỊ", "directive"), ("BÁO CÁO", "report"),
    ("NGHỊ QUYẾT", "resolution"), ("NGHỊ ĐỊNH", "decree"), ("THÔNG TƯ", "circular"), ("KẾT LUẬN", "conclusion"),
    ("QUY ĐỊNH", "regulation"), ("LUẬT", "law"), ("CÔNG VĂN", "official_letter"), ("THÔNG BÁO", "notice"),
    ("CHƯƠNG TRÌNH", "programme"), ("HƯỚNG DẪN", "guidance"), ("QUY CHẾ", "regulation"), ("TỜ TRÌNH", "proposal"),
]
CODE_TYPES = {"KH": "plan", "QĐ": "decision", "CT": "directive", "BC": "report", "NQ": "resolution",
              "NĐ": "decree", "TT": "circular", "KL": "conclusion", "TB": "notice", "CTr": "programme",
              "HD": "guidance", "TTr": "proposal", "QC": "regulation", "QyĐ": "regulation"}
NUMBER_RE = re.compile(r"\d{1,6}/\d{4}/QH\d{1,2}\b|\d{1,6}(?:/\d{4})?/[A-ZĐ][A-ZĐa-zđ0-9]*(?:-[A-ZĐ][A-ZĐa-zđ0-9&]*"
                       r"(?:\.[A-ZĐ0-9]+)*)+"
                       r"|\d{1,6}-[A-ZĐ][A-ZĐa-zđ]{0,4}/[A-ZĐ][A-ZĐa-zđ]{0,5}(?:-[A-ZĐ][A-ZĐa-zđ]*)?")
_OWN_NUMBER = re.compile(r"^Số\s*[:.]?\s*(" + NUMBER_RE.pattern + r"|\d{1,6}/[A-ZĐ][A-ZĐa-zđ0-9-]*)")
_PLACE_DATE = re.compile(r"^(?P<place>[A-ZĐ][^\d,|]{1,40}?)\s*,\s*ngày\s+(?P<d>\d{1,2}|\.+|…+)\s+tháng\s+"
                         r"(?P<m>\d{1,2}|\.+|…+)\s+năm\s+(?P<y>\d{4})")
_MOTTO = re.compile(r"CỘNG HÒA|CỘNG HOÀ|CHỦ NGHĨA VIỆT NAM|Độc lập\s*-\s*Tự do|ĐẢNG CỘNG SẢN", re.IGNORECASE)
_CAPACITY = re.compile(r"^(?:TM|KT|Q|TL|TUQ|T/M|K/T)\s*\.?\s+\S")
_TITLE_WORDS = re.compile(
    r"^(?:PHÓ\s+)?(?:CHỦ TỊCH|GIÁM ĐỐC|CHÁNH THANH TRA|CHÁNH VĂN PHÒNG|TRƯỞNG BAN|TRƯỞNG PHÒNG|BỘ TRƯỞNG|"
    r"THỨ TRƯỞNG|THỦ TƯỚNG|TỔNG THANH TRA|BÍ THƯ|THỦ TRƯỞNG|CỤC TRƯỞNG|VIỆN TRƯỞNG|CHÁNH ÁN|HIỆU TRƯỞNG|"
    r"TỔNG GIÁM ĐỐC|TRƯỞNG ĐOÀN|TỔ TRƯỞNG|CHỦ NHIỆM|TRƯỞNG)\b.*$")
_UNIT_WORDS = ("TỈNH", "HUYỆN", "THÀNH PHỐ", "THỊ XÃ", "QUẬN", "XÃ", "PHƯỜNG", "THỊ TRẤN")


@dataclass
class Layout:
    header_end: int  # first line of the body (after the subject line)
    body_end: int  # first line after the body (closing line, "Nơi nhận", signature)
    type_line: int | None
    title: str | None


def doc_type_of_line(line: str) -> str | None:
    text = re.sub(r"\s+", " ", line.strip(" :")).upper()
    for word, code in DOC_TYPES:
        if text == word:
            return code
    return None


def type_prefix(line: str) -> tuple[str | None, str | None]:
    """A capitals line that opens with the type: "KẾ HOẠCH HÀNH ĐỘNG" is a type line; in
    "KẾ HOẠCH TRIỂN KHAI CÔNG TÁC …" the rest is the start of the subject line."""
    text = re.sub(r"\s+", " ", line.strip(" :"))
    letters = [c for c in text if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) / len(letters) < 0.9:
        return None, None
    for word, code in DOC_TYPES:
        if text.upper().startswith(word + " ") and word != "LUẬT":
            rest = text[len(word):].strip()
            return code, (rest if len(rest.split()) > 2 else None)
    return None, None


def own_number(lines: list[str], meta: dict, limit: int) -> str | None:
    for line in lines[:limit]:
        m = re.match(r"^Số\s*[:.]?\s*(\d.*)$", line)
        if not m:
            continue
        compact = re.sub(r"\s*([/-])\s*", r"\1", m.group(1))  # "1238 /KH- UBND"
        m = _OWN_NUMBER.match(f"Số: {compact}")
        if m:
            return m.group(1).rstrip(".-")
    if meta.get("number"):
        m = NUMBER_RE.search(meta["number"])
        return m.group(0) if m else meta["number"].strip()
    return None


def doc_type_from_number(number: str | None) -> str | None:
    if not number:
        return None
    party = re.match(r"^\d+-([A-ZĐ][A-Za-zĐđ]*)/", number)  # Party style: "12-KH/TU", "05-CT/TU"
    if party:
        return CODE_TYPES.get(party.group(1), "official_letter")
    parts = number.split("/")
    code = parts[-1].split("-")[0] if len(parts) >= 2 else ""
    if code in CODE_TYPES:
        return CODE_TYPES[code]
    return "official_letter" if len(parts) == 2 else None


_DATE_TAIL = re.compile(r",\s*ngày\s+(?:(?P<d>\d{1,2}|\.+|…+)?\s*tháng\s+(?P<m>\d{1,2}|\.+|…+)?\s*năm\s+(?P<y>\d{4})"
                        r"|(?P<d2>\d{1,2})\s*/\s*(?P<m2>\d{1,2})\s*/\s*(?P<y2>\d{4}))")


def _place_before(text: str) -> str | None:
    """The place name ending `text`: its trailing capitalised words ("… UBND Tây Ninh" → "Tây Ninh")."""
    words = text.split()
    taken: list[str] = []
    for word in reversed(words):
        if word == "-" and taken:
            taken.append(word)
            continue
        if not word[:1].isupper() or re.search(r"[\d/:|]", word) or (len(word) > 2 and word.isupper() and taken):
            break
        if word.isupper() and len(word) > 3 and not taken:
            break
        taken.append(word)
        if len(taken) >= 6:
            break
    while taken and taken[-1] == "-":
        taken.pop()
    return " ".join(reversed(taken)) or None


def place_and_date(lines: list[str], meta: dict, limit: int):
    """"Sơn La, ngày 08 tháng 11 năm 2023" (or "…, ngày 08/11/2023"), also when the header table put
    it on the same line as the number."""
    for line in lines[:limit]:
        m = _DATE_TAIL.search(line)
        if not m:
            continue
        place = _place_before(line[:m.start()])
        if not place:
            continue
        if m.group("d2"):
            date = make_date(m.group("y2"), m.group("m2"), m.group("d2"))
        elif (m.group("d") or "").isdigit() and (m.group("m") or "").isdigit():
            date = make_date(m.group("y"), m.group("m"), m.group("d"))
        else:
            date = None
        return place, date
    date = parse_date(meta.get("issued_on", "")) if meta.get("issued_on") else None
    return None, date


def smart_case(text: str) -> str:
    """A line in capitals written back in sentence case: "ỦY BAN NHÂN DÂN TỈNH SƠN LA" →
    "Ủy ban nhân dân tỉnh Sơn La"; "TỈNH ỦY QUẢNG NINH" → "Tỉnh ủy Quảng Ninh"."""
    committee = re.match(r"^(TỈNH|HUYỆN|THÀNH|QUẬN|THỊ|ĐẢNG)\s+(ỦY|UỶ)\b\s*(.*)$", text.upper())
    if committee:
        rest = " ".join(w.capitalize() for w in committee.group(3).split())
        return f"{committee.group(1).capitalize()} ủy {rest}".strip()
    words = text.split()
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        upper_pair = " ".join(words[i:i + 2]).upper()
        if upper_pair in ("THÀNH PHỐ", "THỊ XÃ", "THỊ TRẤN") or word.upper() in _UNIT_WORDS:
            unit = upper_pair if upper_pair in ("THÀNH PHỐ", "THỊ XÃ", "THỊ TRẤN") else word.upper()
            out.append(unit.lower())
            i += len(unit.split())
            rest = words[i:]
            out.extend(w.capitalize() if not re.search(r"\d", w) else w for w in rest)
            break
        out.append(word.lower())
        i += 1
    sentence = " ".join(out)
    sentence = re.sub(r"\b(ủy ban nhân dân|hội đồng nhân dân)\b", lambda m: m.group(1), sentence)
    sentence = re.sub(r"\bmặt trận tổ quốc việt nam\b", "Mặt trận Tổ quốc Việt Nam", sentence)
    sentence = re.sub(r"\bvà ([a-zđà-ỹ])", lambda m: "và " + m.group(1).upper(), sentence)
    if sentence.startswith(("sở ", "ban ", "cục ", "chi cục ", "phòng ", "trung tâm ", "viện ", "bộ ")):
        parts = sentence.split(" ", 1)
        sentence = parts[0] + " " + parts[1][:1].upper() + parts[1][1:]
    return sentence[:1].upper() + sentence[1:]


def issuer_from_header(lines: list[str], limit: int) -> str | None:
    """The lowest body of the top-left block: "UBND TỈNH X" / "SỞ TƯ PHÁP" → "Sở Tư pháp"."""
    block: list[str] = []
    for line in lines[:limit]:
        if re.match(r"^Số\s*[:.]", line) or _DATE_TAIL.search(line) or doc_type_of_line(line):
            break
        motto = _MOTTO.search(line)
        if motto:
            line = line[:motto.start()].strip(" |")  # header table flattened onto one line
        if not line:
            continue
        letters = [c for c in line if c.isalpha()]
        if letters and sum(c.isupper() for c in letters) / len(letters) > 0.85 and len(line) < 80:
            block.append(line.strip(" -|"))
        elif block:
            break
    if not block:
        return None
    merged: list[str] = []
    for line in block:  # "ỦY BAN NHÂN DÂN" / "TỈNH SƠN LA" are one name
        if merged and line.split()[0] in _UNIT_WORDS + ("THÀNH",):
            merged[-1] = f"{merged[-1]} {line}"
        else:
            merged.append(line)
    return expand(smart_case(merged[-1]))


_ISSUER_SENTENCE = re.compile(
    r"((?:Ủy ban nhân dân|UBND|Hội đồng nhân dân|HĐND|Sở [A-ZĐ][^,;]{2,40}?|Thanh tra [^,;]{2,30}?)"
    r"(?:\s+(?:tỉnh|thành phố|huyện|thị xã|quận|xã|phường|thị trấn)(?:\s+[A-ZĐ][\wÀ-ỹ]*)*)?)\s+"
    r"(?:ban hành|xây dựng|triển khai)\s+(?:Kế hoạch|kế hoạch|Quyết định|Chỉ thị|Chương trình|Báo cáo)")


def issuer_from_text(lines: list[str]) -> str | None:
    for line in lines:
        m = _ISSUER_SENTENCE.search(line)
        if m:
            return expand(m.group(1))
    return None


def find_layout(lines: list[str], meta: dict) -> Layout:
    """Where the header ends and where the body ends; the subject line."""
    type_line = None
    first_part = None
    for i, line in enumerate(lines[:60]):
        if doc_type_of_line(line):
            type_line = i
            break
        code, rest = type_prefix(line)
        if code:
            type_line = i
            first_part = rest
            break
    title = None
    header_end = 0
    if type_line is not None:
        parts: list[str] = [first_part] if first_part else []
        j = type_line + 1
        while j < len(lines) and len(parts) < 8:
            line = lines[j]
            if not line:
                if parts:
                    break
                j += 1
                continue
            if re.match(r"^(?:Căn cứ|Kính gửi|I\.|1\.|Phần|Chương|Điều)\b", line):
                break
            if re.match(r"^(?:Thực hiện|Triển khai|Để|Nhằm|Theo|Trên cơ sở|Ngày)\b", line) and (
                    parts or len(line) > 200 or line.rstrip().endswith(":")):
                break  # a preamble sentence, not a subject line that happens to start the same way
            if parts and not line.isupper() and parts[-1].isupper():
                break
            parts.append(line)
            j += 1
            if parts[-1] and not parts[-1].isupper() and len(parts[-1]) > 20 and lines[j:j + 1] != [""]:
                # a mixed-case subject line is normally one logical line
                break
        title = " ".join(parts) if parts else None
        header_end = j
    else:
        for i, line in enumerate(lines[:40]):
            if _DATE_TAIL.search(line) or re.match(r"^Số\s*[:.]?\s*\d", line):
                header_end = i + 1
    for i, line in enumerate(lines[:30]):  # "V/v …" of an official letter
        if re.match(r"^V/v\b", line, re.IGNORECASE):
            title = title or re.sub(r"^V/v\.?\s*", "", line, flags=re.IGNORECASE)
            header_end = max(header_end, i + 1)
    body_end = len(lines)
    for i in range(header_end, len(lines)):
        line = lines[i]
        if re.match(r"^Nơi nhận\s*:?", line) or _CAPACITY.match(line):
            body_end = i
            break
        if re.search(r"\./\.\s*$", line):
            body_end = i + 1
            break
    return Layout(header_end=header_end, body_end=body_end, type_line=type_line, title=title)


def title_from_page_title(lines: list[str], number: str | None) -> tuple[str | None, str | None]:
    """A web page's own title: "Kế hoạch 1238/KH-UBND năm 2025 thực hiện …" → (plan, "Thực hiện …")."""
    for line in lines[:5]:
        for word, code in DOC_TYPES:
            m = re.match(rf"^{word.capitalize()}\s+(?:số\s+)?(\S+)(?:\s+năm\s+\d{{4}})?\s+(?:về\s+việc\s+|về\s+|v/v\s+)?(.+)$",
                         line, re.IGNORECASE)
            if m and "/" in m.group(1) and (number is None or m.group(1) == number):
                rest = m.group(2).strip()
                return code, rest[:1].upper() + rest[1:]
    return None, None


def tidy_title(title: str | None, known_numbers: list[str]) -> str | None:
    """One line; a subject in capitals written in sentence case, document numbers as cited."""
    if not title:
        return None
    title = re.sub(r"\s+", " ", title).strip(" |")
    letters = [c for c in title if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8:
        lowered = title.lower()
        title = lowered[:1].upper() + lowered[1:]
        for number in known_numbers:
            title = re.sub(re.escape(number), number, title, flags=re.IGNORECASE)
        for lower, proper in (("chính phủ", "Chính phủ"), ("việt nam", "Việt Nam"), ("nhà nước", "Nhà nước"),
                              ("trung ương", "Trung ương"), ("quốc hội", "Quốc hội"), ("thủ tướng", "Thủ tướng"),
                              ("ủy ban nhân dân", "Ủy ban nhân dân"), ("hội đồng nhân dân", "Hội đồng nhân dân")):
            title = re.sub(rf"\b{lower}\b", proper, title)
        title = re.sub(r"\b(luật|nghị định|nghị quyết|chỉ thị|quyết định|thông tư|kế hoạch|kết luận|công văn|quy định)"
                       r"(?= số\b)", lambda m: m.group(1).capitalize(), title)
    return title[:1].upper() + title[1:]


def signature(lines: list[str], start: int, meta: dict) -> tuple[str | None, str | None]:
    """The capacity block (TM. …, KT. …, the title) and the signer's name that follows it."""
    i = start
    n = len(lines)
    while i < n and not (_CAPACITY.match(lines[i]) or (_TITLE_WORDS.match(lines[i]) and lines[i].isupper())):
        i += 1
    if i >= n:
        return meta.get("signer"), None
    capacity: list[str] = []
    name = None
    while i < n:
        line = lines[i].strip(" |")
        i += 1
        if not line or re.fullmatch(r"\(.*\)", line) or re.match(r"^\[?(?:Đã ký|đã ký|Ký|ký)", line):
            continue
        if re.match(r"^(?:[-+•–]|Nơi nhận)", line):
            continue  # the recipients column of a flattened two-column table
        letters = [c for c in line if c.isalpha()]
        is_caps = bool(letters) and all(c.isupper() for c in letters)
        if is_caps and (_CAPACITY.match(line) or _TITLE_WORDS.match(line)):
            capacity.append(line)
            continue
        if _looks_like_name(line):
            name = line if not is_caps else " ".join(w.capitalize() for w in line.split())
        break
    return name or meta.get("signer"), " ".join(capacity) or None


def _looks_like_name(line: str) -> bool:
    words = line.split()
    if not 2 <= len(words) <= 6 or re.search(r"[\d:;,./()]", line):
        return False
    if not all(w[:1].isupper() for w in words):
        return False
    return not (_TITLE_WORDS.match(line.upper()) or _CAPACITY.match(line))


def recipients(lines: list[str]) -> list[str]:
    """The "Nơi nhận:" list, one entry per dash, without notes like "(b/c)" and without "Lưu: …"."""
    start = None
    for i, line in enumerate(lines):
        if re.match(r"^Nơi nhận\s*:?", line):
            start = i
    if start is None:
        return []
    entries: list[str] = []
    first = re.sub(r"^Nơi nhận\s*:?\s*", "", lines[start])
    candidates = ([first] if first else []) + lines[start + 1:]
    for line in candidates:
        if not line:
            continue
        if not re.match(r"^[-+•–]\s*", line):
            if entries:
                break
            continue
        entry = re.sub(r"^[-+•–]\s*", "", line).strip()
        if re.match(r"^Lưu\b", entry):
            break
        entry = re.sub(r"\s*\((?:[^()]{1,20})\)\s*[;.,]?\s*$", "", entry)
        entry = entry.rstrip(" ;,.")
        entry = re.sub(r"\s*\((?:[^()]{1,20})\)$", "", entry)
        if entry:
            entries.append(entry)
    return entries
