"""Agency names: recognising where a name starts and ends in a sentence, splitting lists of
agencies, and writing abbreviations out in full ("UBND" → "Ủy ban nhân dân")."""

from __future__ import annotations

import re

from liemchinh.core.text import fold

ABBREVIATIONS = [
    (r"\bUBMTTQVN\b", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
    (r"\bUBMTTQ\b", "Ủy ban Mặt trận Tổ quốc"),
    (r"\bMTTQVN\b", "Mặt trận Tổ quốc Việt Nam"),
    (r"\bMTTQ\b", "Mặt trận Tổ quốc"),
    (r"\bUBND\b", "Ủy ban nhân dân"),
    (r"\bHĐND\b", "Hội đồng nhân dân"),
    (r"\bTTCP\b", "Thanh tra Chính phủ"),
    (r"\bVKSND\b", "Viện kiểm sát nhân dân"),
    (r"\bViện KSND\b", "Viện kiểm sát nhân dân"),
    (r"\bTAND\b", "Tòa án nhân dân"),
    (r"\bTHADS\b", "Thi hành án dân sự"),
    (r"\bVN\b", "Việt Nam"),
]
_OLD_ACCENTS = [("Uỷ", "Ủy"), ("uỷ", "ủy"), ("Toà", "Tòa"), ("toà", "tòa"), ("Hoà", "Hòa"), ("hoà", "hòa")]

# Words that open the name of a body or of a group of bodies.
_START = (r"(?:Sở|Thanh tra|Văn phòng|Ủy ban|Uỷ ban|UBND|UBMTTQ|MTTQ|Ban(?! hành)|Công an|Viện|VKSND|Tòa án|Toà án|"
          r"TAND|Cục|Chi cục|Tổng cục|Bộ(?! chỉ số| phận| máy| tiêu chí)|Báo(?! cáo)|Đài|Trung tâm|Hội đồng|HĐND|Mặt trận|Liên đoàn|Liên minh|Hội|Hiệp hội|"
          r"Kho bạc|Ngân hàng|Bảo hiểm|Phòng(?!,| ngừa| chống)|Tổ(?! chức)|Thường trực|Tỉnh đoàn|Tỉnh ủy|Tỉnh uỷ|Huyện ủy|Thành ủy|"
          r"Đảng ủy|Đoàn(?! kết)|Trường(?! hợp)|Bệnh viện|Học viện|Kiểm toán|Chính phủ|Thủ tướng|Quỹ|Vườn quốc gia|"
          r"[Cc]ác (?:sở|Sở|cơ quan|đơn vị|tổ chức|huyện|ban|Ban|phòng|Phòng|doanh nghiệp|hội|Hội|Ủy ban|UBND|"
          r"xã|trường|đoàn thể|Đoàn thể|Báo|báo|tổ|Tổ|địa phương|Trung tâm|trung tâm|Chi cục|Cục)|"
          r"[Cc]ơ quan|[Đđ]ơn vị sự nghiệp|[Dd]oanh nghiệp nhà nước)\b")
_HEAD_TITLE = (r"(?:[Tt]hủ trưởng|[Cc]hủ tịch|[Pp]hó [Cc]hủ tịch|[Gg]iám đốc|[Tt]ổng [Gg]iám đốc|[Nn]gười đứng đầu|"
               r"[Ll]ãnh đạo|Chánh|Trưởng)")
_LEADIN = r"(?:Giao cho|Giao|Đề nghị|Yêu cầu|Đối với|Riêng)"
START_RE = re.compile(rf"^(?:{_LEADIN}\s+)?(?:{_HEAD_TITLE}\s+)?{_START}")

# Words that end the name: the verb of the assignment.
_BOUNDARY_WORDS = [
    "chủ trì", "phối hợp", "có trách nhiệm", "chịu trách nhiệm", "tham mưu", "tiếp tục", "thực hiện", "tổng hợp",
    "chỉ đạo", "làm đầu mối", "làm", "căn cứ", "triển khai", "xây dựng", "hướng dẫn", "theo dõi", "tăng cường",
    "cần", "nghiêm túc", "tuyên truyền", "báo cáo", "rà soát", "kiểm tra", "cung cấp", "quán triệt", "khẩn trương",
    "hàng năm", "hằng năm", "hằng quý", "hàng quý", "chủ động", "phải", "đẩy mạnh", "thông qua", "tập trung",
    "ban hành", "đề xuất", "nghiên cứu", "giám sát", "thường xuyên", "đôn đốc", "bảo đảm", "đảm bảo", "trình",
    "gửi", "nộp", "tiến hành", "nâng cao", "phát huy", "duy trì", "xử lý", "được giao", "có", "là", "giúp",
    "sớm", "kịp thời", "bố trí", "hoàn thành", "công khai", "tiếp nhận", "thành lập", "định kỳ", "để", "quan tâm",
    "tích cực", "vận động", "thẩm định", "phê duyệt", "tổ chức", "nắm", "đánh giá", "cử", "theo", "với", "trong",
    "tiếp thu", "lồng ghép", "khi", "sau khi", "thống nhất", "yêu cầu", "đề nghị", "giao", "đã", "vừa", "đang", "sẽ",
]
_BOUNDARY = re.compile(r"(?:\s*[:(]|\s+(?<![Cc]ác )(?:" + "|".join(
    sorted((re.escape(w) for w in _BOUNDARY_WORDS), key=len, reverse=True)) + r")\b)")
_GENERIC = re.compile(
    r"^(?:các\s+)?(?:cơ quan|đơn vị|tổ chức|địa phương|cấp|ngành|cá nhân|cán bộ)(?:\s*,\s*(?:cơ quan|đơn vị|tổ chức|"
    r"địa phương|cá nhân|ngành|cấp))*(?:\s+(?:có\s+)?liên quan|\s+chức năng|\s+trực thuộc|\s+thuộc tỉnh)?"
    r"(?:\s+(?:của tỉnh|tỉnh|các cấp|trên địa bàn(?: tỉnh)?))?$|^(?:các\s+)?cơ quan,\s*(?:tổ chức,\s*)?đơn vị\b"
    r"|^(?:các\s+)?(?:phòng|ban|sở|ngành|bộ phận|đơn vị)(?:,\s*\w+)*\s+(?:có\s+)?liên quan$",
    re.IGNORECASE)
_IDIOMS = [r"(?:Tổ|Đoàn)\s+(?:kiểm tra|thanh tra|công tác|giám sát|thẩm định|đánh giá|xác minh)",
           r"sở,\s*ban,\s*ngành", r"huyện,\s*thị xã,\s*thành phố", r"huyện,\s*thành phố", r"xã,\s*phường,\s*thị trấn",
           r"xã,\s*phường", r"ban,\s*ngành", r"thị xã,\s*thành phố", r"chính trị\s*-\s*xã hội", r"báo chí,\s*truyền thông",
           r"Phát thanh\s*-\s*Truyền hình", r"Báo,\s*Đài", r"cơ quan,\s*đơn vị", r"quận,\s*huyện"]
_SPLIT = re.compile(rf"\s*[,;]\s*(?={_HEAD_TITLE}\s|{_START})|\s+và\s+(?=(?:{_HEAD_TITLE}\s+)?{_START})")


def fix_accents(text: str) -> str:
    for old, new in _OLD_ACCENTS:
        text = text.replace(old, new)
    return text


def expand(name: str) -> str:
    """"UBND tỉnh" → "Ủy ban nhân dân tỉnh"; "Ủy ban MTTQ VN tỉnh" → "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"."""
    name = fix_accents(name)
    for pattern, full in ABBREVIATIONS:
        name = re.sub(pattern, full, name)
    name = name.replace("Ủy ban Ủy ban", "Ủy ban")
    return re.sub(r"\s+", " ", name).strip(" ,;.-")


def clean_name(name: str) -> str:
    """Drop the lead-in and the head's title: "Giao Sở X" → "Sở X"; "Thủ trưởng các sở" → "Các sở"."""
    name = re.sub(rf"^{_LEADIN}\s+", "", name.strip())
    stripped = re.sub(rf"^{_HEAD_TITLE}\s+", "", name)
    if stripped:
        name = stripped
    return expand(name)


def is_generic(name: str) -> bool:
    """Everyone ("các cơ quan, đơn vị", "các đơn vị có liên quan"): not a named agency."""
    return bool(_GENERIC.search(clean_name(name).strip()))


def _protect(text: str) -> tuple[str, dict[str, str]]:
    saved: dict[str, str] = {}
    for i, idiom in enumerate(_IDIOMS):
        def keep(m, i=i):
            key = f"\x00{i}_{len(saved)}\x00"
            saved[key] = m.group(0)
            return key
        text = re.sub(idiom, keep, text)
    return text, saved


def _restore(text: str, saved: dict[str, str]) -> str:
    for key, value in saved.items():
        text = text.replace(key, value)
    return text


def split_agencies(phrase: str) -> list[str]:
    """"Thanh tra tỉnh, Sở Tư pháp và các cơ quan chức năng" → three names; lists inside names
    ("các sở, ban, ngành", "Sở Khoa học và Công nghệ") stay whole."""
    protected, saved = _protect(phrase)
    parts = [_restore(p, saved).strip(" ,;") for p in _SPLIT.split(protected)]
    return [p for p in parts if p]


def leading_agency(text: str) -> tuple[str | None, str]:
    """The agency phrase that opens `text`, and the rest of the sentence.

    "Sở Tư pháp chủ trì, phối hợp …" → ("Sở Tư pháp", "chủ trì, phối hợp …"). None when the
    sentence does not open with the name of a body or group."""
    if not START_RE.match(text):
        return None, text
    protected, saved = _protect(text)
    lead_in = re.match(rf"^(?:{_LEADIN}\s+)?(?:{_HEAD_TITLE}\s+)?", protected)
    offset = lead_in.end() if lead_in else 0
    m = _BOUNDARY.search(protected, offset + 2)
    if not m:
        return None, text
    phrase = _restore(protected[:m.start()], saved).strip(" ,;")
    if not phrase or len(phrase.split()) > 40:
        return None, text
    return phrase, _restore(protected[m.start():], saved).strip(" :")


def partners_of(rest: str) -> list[str]:
    """The coordinating agencies: "phối hợp (với) X, Y và Z <verb> …"."""
    m = re.search(r"\bphối hợp(?:\s+chặt chẽ)?(?:\s+(?:với|cùng))?\s+", rest)
    if not m:
        return []
    tail = rest[m.end():]
    if not START_RE.match(tail):
        return []
    protected, saved = _protect(tail)
    end = _BOUNDARY.search(protected, 2)
    phrase = _restore(protected[:end.start()] if end else protected, saved)
    names = [clean_name(p) for p in split_agencies(phrase)]
    return [n[:1].upper() + n[1:] for n in names if n and not is_generic(n)]


def lead_of(phrase: str) -> str | None:
    """The lead named by an agency phrase; several bodies addressed together are one lead."""
    names = [clean_name(p) for p in split_agencies(phrase)]
    names = [n for n in names if n and not is_generic(n)]
    if not names:
        return None
    joined = ", ".join([names[0]] + [n[:1].lower() + n[1:] if n.startswith("Các ") else n for n in names[1:]])
    return joined[:1].upper() + joined[1:]


def name_key(name: str) -> str:
    """Comparison key: folded, abbreviations expanded, punctuation dropped."""
    return " ".join(re.sub(r"[^\w\s]", " ", fold(expand(name or ""))).split())
