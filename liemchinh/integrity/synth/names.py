"""Vietnamese person names in Vietnamese order (family, middle, given), with realistic frequencies,
plus the noise people add when they type a name again in another register.

Family-name shares follow the commonly cited national estimates (Nguyễn ≈ 38 %, Trần ≈ 11 %,
Lê ≈ 9.5 %, Phạm ≈ 7 %, Hoàng/Huỳnh ≈ 5 %, Phan ≈ 4.5 %, Vũ/Võ ≈ 3.9 %, …).
"""

from __future__ import annotations

import bisect
import itertools
import random

from liemchinh.core.text import strip_diacritics

FAMILY_NAMES = [
    ("Nguyễn", 38.0),
    ("Trần", 11.0),
    ("Lê", 9.5),
    ("Phạm", 7.0),
    ("Hoàng", 3.1),
    ("Huỳnh", 2.0),
    ("Phan", 4.5),
    ("Vũ", 2.0),
    ("Võ", 1.9),
    ("Đặng", 2.1),
    ("Bùi", 2.0),
    ("Đỗ", 1.4),
    ("Hồ", 1.3),
    ("Ngô", 1.3),
    ("Dương", 1.0),
    ("Lý", 0.5),
    ("Đinh", 0.6),
    ("Trương", 0.6),
    ("Đào", 0.5),
    ("Lâm", 0.4),
    ("Mai", 0.4),
    ("Trịnh", 0.4),
    ("Lương", 0.3),
    ("Cao", 0.3),
    ("Hà", 0.3),
    ("Tạ", 0.2),
    ("Chu", 0.2),
    ("Phùng", 0.2),
    ("Tô", 0.2),
    ("Thái", 0.15),
    ("Châu", 0.15),
    ("Quách", 0.1),
    ("Kiều", 0.1),
    ("Lưu", 0.15),
    ("Nông", 0.1),
    ("Triệu", 0.1),
    ("La", 0.05),
]

MIDDLE_NAMES = {
    "M": [
        ("Văn", 40),
        ("Hữu", 6),
        ("Đức", 6),
        ("Minh", 7),
        ("Quang", 5),
        ("Công", 4),
        ("Thanh", 4),
        ("Xuân", 3),
        ("Ngọc", 3),
        ("Đình", 4),
        ("Trọng", 3),
        ("Quốc", 3),
        ("Mạnh", 2),
        ("Duy", 2),
        ("Hoàng", 2),
        ("Anh", 2),
        ("Tiến", 1),
        ("Bá", 1),
        ("Gia", 1),
    ],
    "F": [
        ("Thị", 45),
        ("Ngọc", 7),
        ("Thu", 5),
        ("Thanh", 5),
        ("Phương", 3),
        ("Minh", 3),
        ("Hồng", 3),
        ("Thùy", 3),
        ("Kim", 3),
        ("Mai", 2),
        ("Bích", 2),
        ("Ánh", 1),
        ("Diệu", 1),
        ("Hải", 1),
        ("Khánh", 1),
        ("Như", 1),
        ("Bảo", 1),
    ],
}

GIVEN_NAMES = {
    "M": [
        ("An", 5),
        ("Anh", 6),
        ("Bình", 4),
        ("Cường", 4),
        ("Dũng", 5),
        ("Đức", 4),
        ("Hải", 5),
        ("Hiếu", 3),
        ("Hòa", 3),
        ("Hùng", 5),
        ("Huy", 4),
        ("Khánh", 3),
        ("Long", 4),
        ("Minh", 5),
        ("Nam", 5),
        ("Phong", 3),
        ("Phúc", 3),
        ("Quân", 3),
        ("Sơn", 4),
        ("Tài", 2),
        ("Thắng", 4),
        ("Thành", 4),
        ("Tiến", 3),
        ("Toàn", 2),
        ("Trung", 4),
        ("Tú", 2),
        ("Tuấn", 5),
        ("Việt", 3),
        ("Vinh", 3),
        ("Hưng", 3),
        ("Kiên", 2),
        ("Nghĩa", 2),
        ("Tâm", 2),
        ("Thịnh", 2),
        ("Bảo", 2),
        ("Đạt", 3),
        ("Hoàng", 2),
        ("Khoa", 2),
        ("Lợi", 1),
        ("Quang", 2),
        ("Tùng", 3),
        ("Hậu", 1),
    ],
    "F": [
        ("Anh", 5),
        ("Hà", 4),
        ("Hằng", 4),
        ("Hạnh", 3),
        ("Hoa", 4),
        ("Hồng", 3),
        ("Hương", 5),
        ("Huyền", 4),
        ("Lan", 4),
        ("Linh", 5),
        ("Loan", 2),
        ("Mai", 4),
        ("Nga", 3),
        ("Ngọc", 3),
        ("Nhung", 3),
        ("Oanh", 2),
        ("Phương", 4),
        ("Quyên", 2),
        ("Tâm", 2),
        ("Thảo", 4),
        ("Thủy", 4),
        ("Trang", 5),
        ("Trinh", 2),
        ("Uyên", 2),
        ("Vân", 3),
        ("Yến", 3),
        ("Chi", 2),
        ("Dung", 3),
        ("Giang", 3),
        ("Hiền", 3),
        ("Liên", 2),
        ("Lý", 1),
        ("Nhàn", 1),
        ("Thu", 2),
        ("Tuyết", 2),
    ],
}

# The most common names of each sex: used on purpose for homonym decoys.
COMMON_NAMES = {
    "M": ["Nguyễn Văn An", "Nguyễn Văn Hùng", "Nguyễn Văn Dũng", "Trần Văn Nam", "Lê Văn Hải"],
    "F": ["Nguyễn Thị Hương", "Nguyễn Thị Lan", "Nguyễn Thị Hoa", "Trần Thị Mai", "Lê Thị Hằng"],
}


class WeightedChoice:
    """random.choices with cumulative weights computed once (it is called millions of times)."""

    def __init__(self, pairs):
        self.values = [value for value, _ in pairs]
        self.cum = list(itertools.accumulate(weight for _, weight in pairs))
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random):
        return self.values[bisect.bisect_right(self.cum, rng.random() * self.total)]


class VietnameseNames:
    """Generates (family, middle, given) triples; `full()` joins them family-name first."""

    def __init__(self):
        self.family = WeightedChoice(FAMILY_NAMES)
        self.middle = {sex: WeightedChoice(pairs) for sex, pairs in MIDDLE_NAMES.items()}
        self.given = {sex: WeightedChoice(pairs) for sex, pairs in GIVEN_NAMES.items()}

    def full(self, rng: random.Random, sex: str, family: str | None = None) -> str:
        family = family or self.family(rng)
        middle = self.middle[sex](rng)
        while middle == family:
            middle = self.middle[sex](rng)
        parts = [family, middle]
        if rng.random() < 0.15:  # "Nguyễn Thị Thu Hà": a second middle name ("Văn"/"Thị" only come first)
            second = self.middle[sex](rng)
            if second not in (middle, family, "Văn", "Thị"):
                parts.append(second)
        given = self.given[sex](rng)
        while given == parts[-1]:
            given = self.given[sex](rng)
        parts.append(given)
        return " ".join(parts)


_LETTERS = "abcdeghiklmnopqrstuvxy"


def typo(name: str, rng: random.Random) -> str:
    """One-character slip: substitute, delete, duplicate or swap two neighbouring letters."""
    positions = [i for i, ch in enumerate(name) if ch.isalpha()]
    if len(positions) < 2:
        return name
    i = rng.choice(positions)
    kind = rng.randrange(4)
    if kind == 0:
        ch = rng.choice(_LETTERS)
        return name[:i] + (ch.upper() if name[i].isupper() else ch) + name[i + 1 :]
    if kind == 1:
        return name[:i] + name[i + 1 :]
    if kind == 2:
        return name[:i] + name[i] + name[i:]
    if i + 1 < len(name) and name[i + 1].isalpha():
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    return name[:i] + name[i] + name[i:]


def noisy(name: str, rng: random.Random, rate: float) -> str:
    """A copy of `name` as someone else typed it. With probability `rate` the copy is altered by one
    or two of: dropped diacritics (most common), case change, extra/missing spaces, one typo."""
    if rng.random() >= rate:
        return name
    typed = False
    for _ in range(1 + (rng.random() < 0.3)):
        roll = rng.random()
        if typed and roll >= 0.85:  # at most one typo per copy
            roll = 0.0
        if roll < 0.45:
            name = strip_diacritics(name)
        elif roll < 0.65:
            name = name.upper() if rng.random() < 0.5 else name.lower()
        elif roll < 0.85:
            words = name.split()
            if len(words) > 1 and rng.random() < 0.5:
                j = rng.randrange(len(words) - 1)
                words[j : j + 2] = [words[j] + words[j + 1]]
                name = " ".join(words)
            else:
                j = rng.randrange(len(words))
                words[j] = words[j] + " "
                name = (" " if rng.random() < 0.3 else "") + " ".join(words)
        else:
            name = typo(name, rng)
            typed = True
    return name
