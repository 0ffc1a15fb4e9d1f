"""Step 1: clean text into logical lines.

Removes web-page debris (menus, "Tăng cỡ chữ", portal block names), markdown emphasis,
footnotes (lines opening with a superscript number) and footnote markers, a passage repeated by
the page; reads "| key | value |" metadata tables into a dict; re-joins lines broken in the
middle of a sentence."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
_DEBRIS = re.compile(
    r"^(?:PublishingPortal\b.*|.*\b(?:Tăng cỡ chữ|Giảm cỡ chữ|Cỡ chữ)\b.*|Đăng xuất|Đăng nhập|Đăng ký|Trang chủ|"
    r"In trang|Bản in|In bài viết|Gửi email|Chia sẻ.*|Quay lại|Về đầu trang|Lượt xem.*|Tin liên quan.*|"
    r"Việc làm .*|Tải về.*|Xem thêm.*|Bình luận.*|Facebook|Twitter|Zalo|Copyright.*|©.*)$",
    re.IGNORECASE)
_META_KEYS = {
    "số hiệu": "number", "số ký hiệu": "number", "ký hiệu": "number",
    "ngày ban hành": "issued_on", "ngày ký": "issued_on",
    "loại văn bản": "doc_type", "cơ quan ban hành": "issuer", "nơi ban hành": "issuer",
    "người ký": "signer", "trích yếu": "title",
}
_ITEM_START = re.compile(
    r"^(?:[IVXLC]+\s*[.\-:]\s|\d+(?:\.\d+)*\s*[.)]\s|\d+\.\d+(?:\.\d+)*\s|[a-zđ]\)\s|[-+*•–]\s*|"
    r"(?:Căn cứ|Thực hiện|Nơi nhận|Điều \d|Chương [IVX]|Mục \d|TM\.|KT\.|Q\.|TL\.|TUQ\.)\b)")
_TERMINAL = re.compile(r"[.;:!?…”\"')]\s*$|\./\.$")
_CONTINUES = {"theo", "của", "và", "với", "về", "cho", "tại", "các", "những", "là", "để", "được", "trong", "đến",
              "từ", "do", "bởi", "hoặc", "vào", "số", "ngày", "tháng", "năm", "thuộc", "gồm", "như", "qua", "cầu", "nghị",
              "giao", "sở", "ban", "tỉnh,", "mưu", "trì", "hợp"}


@dataclass
class Cleaned:
    lines: list[str]
    meta: dict[str, str] = field(default_factory=dict)
    footnotes: list[str] = field(default_factory=list)
    task_rows: list[dict] = field(default_factory=list)


_COLUMNS = [  # assignment-table columns by their heading (folded)
    ("lead", re.compile(r"chu tri|don vi thuc hien|co quan thuc hien|don vi thuc hien|trach nhiem thuc hien|"
                        r"co quan, don vi chu tri|don vi chu tri")),
    ("partners", re.compile(r"phoi hop")),
    ("due", re.compile(r"thoi gian|thoi han|tien do")),
    ("content", re.compile(r"noi dung|nhiem vu|cong viec|hoat dong")),
]


def read_task_tables(lines: list[str]) -> tuple[list[str], list[dict]]:
    """Assignment tables ("| STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian |"):
    each row under such a heading row becomes {"content", "lead", "partners", "due"}; the rows
    leave the running text."""
    from liemchinh.core.text import fold

    rows: list[dict] = []
    rest: list[str] = []
    columns: dict[str, int] | None = None
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("|") and stripped.count("|") >= 4:
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            folded = [fold(c) for c in cells]
            found: dict[str, int] = {}
            for key, pattern in _COLUMNS:
                for index, cell in enumerate(folded):
                    if pattern.search(cell) and index not in found.values() and len(cell) < 60:
                        found.setdefault(key, index)
                        break
            if "lead" in found and "content" in found:
                columns = found
                continue
            if columns is not None:
                def cell_of(key, cells=cells, columns=columns):
                    index = columns.get(key)
                    return cells[index] if index is not None and index < len(cells) else ""
                if cell_of("lead") and cell_of("content"):
                    rows.append({key: cell_of(key) for key in ("content", "lead", "partners", "due")})
                continue
        elif stripped and columns is not None and not stripped.startswith("|"):
            columns = None
        rest.append(line)
    return rest, rows


def _clean_line(line: str) -> str:
    line = line.replace("\u00a0", " ").replace("\u200b", "").replace("\t", " ")
    line = line.replace("**", "").replace("__", "")
    line = re.sub(r"(?<=\w)[" + SUPERSCRIPTS + r"]+", "", line)  # footnote markers
    line = re.sub(r"(\d/[A-ZĐ0-9/]*[A-ZĐ])-\s+([A-ZĐ])", r"\1-\2", line)  # "59/2019/NĐ- CP"
    return re.sub(r" {2,}", " ", line).strip()


_OWN_CELL = re.compile(r"^(?:TM|KT|Q|TL|TUQ)\s*\.\s|^Nơi nhận|^Số\s*[:.]|^[A-ZĐ][^,|]{1,40},\s*ngày\s")


def _cells(line: str) -> list[str]:
    """A table row flattened with pipes. In layout tables (up to three cells: header, signature
    block) every cell is a line of its own; cells that are parts of the header or of the
    signature block ("Số: …", "Place, ngày …", "Nơi nhận:", "KT. CHỦ TỊCH") always are. Other
    cells of wider rows stay together on one line."""
    if "|" not in line:
        return [line]
    cells = [c.strip() for c in line.split("|")]
    if len([c for c in cells if c]) <= 3:
        return [c for c in cells if c] or [""]
    out: list[str] = []
    current: list[str] = []
    for cell in cells:
        if _OWN_CELL.match(cell):
            if current:
                out.append(" ".join(current))
                current = []
            out.append(cell)
        elif cell:
            current.append(cell)
    if current:
        out.append(" ".join(current))
    return out or [""]


def read_meta(lines: list[str]) -> tuple[list[str], dict[str, str]]:
    """"| Số hiệu | 1238/KH-UBND |" rows become meta["number"] = "1238/KH-UBND"."""
    meta: dict[str, str] = {}
    rest: list[str] = []
    for line in lines:
        m = re.match(r"^\|?\s*([^|]{2,40}?)\s*\|\s*([^|]+?)\s*\|?\s*$", line)
        if m and line.count("|") >= 2:
            key = _META_KEYS.get(m.group(1).strip().lower().rstrip(":"))
            if key:
                meta.setdefault(key, m.group(2).strip())
                continue
        rest.append(line)
    return rest, meta


def drop_repeats(lines: list[str], min_run: int = 3) -> list[str]:
    """A passage printed twice (web pages often repeat the document): keep the first copy.
    A run of at least `min_run` consecutive lines equal to an earlier run is dropped (a single
    repeated line is not: the same duty may well be given to two agencies)."""
    first: dict[str, int] = {}
    keep: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        j = first.get(line)
        if line and j is not None:
            run = 0
            while (i + run < len(lines) and j + run < i and lines[j + run] == lines[i + run]):
                run += 1
            if run >= min_run:
                i += max(run, 1)
                continue
        if line:
            first.setdefault(line, len(keep))
        keep.append(line)
        i += 1
    return keep


def join_broken(lines: list[str]) -> list[str]:
    """Re-join a sentence broken over lines (hard-wrapped text, page breaks). A line continues
    the previous one when the previous does not end a sentence, the line does not open an item,
    and: the line starts in lower case; or the previous ends with a word that cannot end a
    sentence ("theo", "của", "với" …); or, in hard-wrapped text, the previous is a full-width line."""
    out: list[str] = []
    blank_since = False
    width = _hard_wrapped(lines)
    in_recipients = False
    for line in lines:
        if not line:
            blank_since = True
            continue
        if line.startswith("Nơi nhận"):
            in_recipients = True
        if out and _continues(out[-1], line, blank_since=blank_since, width=width, in_recipients=in_recipients):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        blank_since = False
    return out


def _continues(prev: str, line: str, *, blank_since: bool, width: int, in_recipients: bool) -> bool:
    if _TERMINAL.search(prev) or prev.isupper():
        return False
    starts_item = bool(_ITEM_START.match(line))
    if line.startswith("- ") and prev.startswith("- ") and len(line) > 2 and line[2].isupper():
        # "- Các cơ quan Báo, Đài Phát thanh" / "- Truyền hình …": a dash inside a name
        return (bool(width) and not in_recipients and not blank_since and prev[-1:].isalpha() and len(prev) > 25
                and not _is_heading_like(prev))
    if starts_item:
        return False
    if line[0].islower():
        return True
    if line[0].isdigit():
        return not blank_since and not _is_heading_like(prev)
    if prev.rsplit(" ", 1)[-1].lower() in _CONTINUES and len(prev) > 20:
        return True
    return (bool(width) and not in_recipients and not blank_since and not line.isupper()
            and not _is_heading_like(prev) and len(prev) >= 0.8 * width)


def _hard_wrapped(lines: list[str]) -> int:
    """Text broken at a fixed width (many lines continue in lower case on the next line): the
    usual length of a full line; 0 for text with one paragraph per line."""
    pairs = [(a, b) for a, b in zip(lines, lines[1:], strict=False) if len(a) > 20 and b]
    if not pairs or sum(1 for a, b in pairs if b[0].islower() and not _TERMINAL.search(a)) / len(pairs) <= 0.2:
        return 0
    lengths = sorted(len(a) for a, _ in pairs)
    return lengths[int(len(lengths) * 0.75)]


def _is_heading_like(line: str) -> bool:
    """Lines that end without punctuation by nature: capitals, numbered headings, header parts."""
    letters = [c for c in line if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8:
        return True
    if re.match(r"^(?:[IVXLC]+\.|\d+(?:\.\d+)*\.?|[a-zđ]\))\s", line) and len(line) < 120:
        return True
    return bool(re.match(r"^Số\s*[:.]", line) or re.search(r",\s*ngày\s.*năm\s+\d{4}\s*$", line))


def normalise(text: str) -> Cleaned:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    raw = [_clean_line(line) for line in text.split("\n")]
    raw, meta = read_meta(raw)
    raw, task_rows = read_task_tables(raw)
    lines: list[str] = []
    footnotes: list[str] = []
    for line in raw:
        if line and line[0] in SUPERSCRIPTS:
            footnotes.append(line.lstrip(SUPERSCRIPTS).strip())
            continue
        for cell in _cells(line):
            if _DEBRIS.match(cell) or re.fullmatch(r"[-_=*.·•]{3,}", cell):
                cell = ""
            lines.append(cell)
    lines = drop_repeats(lines)
    lines = _join_header_parts(lines)
    return Cleaned(lines=join_broken(lines), meta=meta, footnotes=footnotes, task_rows=task_rows)


def _join_header_parts(lines: list[str]) -> list[str]:
    """"Sơn La, ngày 08" / "tháng 11 năm 2023" and "CỘNG HÒA XÃ HỘI" / "CHỦ NGHĨA VIỆT NAM"."""
    out: list[str] = []
    for line in lines:
        if out and out[-1] and re.search(r",\s*ngày(\s+\d{1,2})?\s*$", out[-1]) and re.match(r"^(\d{1,2}\s+)?tháng", line):
            out[-1] = f"{out[-1]} {line}"
            continue
        if out and out[-1].upper() == "CỘNG HÒA XÃ HỘI" and line.upper().startswith("CHỦ NGHĨA"):
            out[-1] = f"{out[-1]} {line}"
            continue
        out.append(line)
    return out
