"""Static vocabulary of the synthetic province: VSIC sectors, departments and what they manage,
position titles, enterprise name parts, province codes of personal id numbers."""

from __future__ import annotations

# VSIC 2018 level-2 (2-digit) sectors used by the generator.
SECTORS = {
    "01": "Nông nghiệp",
    "02": "Lâm nghiệp",
    "03": "Thủy sản",
    "08": "Khai khoáng",
    "10": "Chế biến thực phẩm",
    "21": "Dược phẩm",
    "23": "Vật liệu xây dựng",
    "35": "Điện",
    "36": "Cấp nước",
    "38": "Môi trường",
    "41": "Xây dựng",
    "42": "Công trình",
    "43": "Xây lắp",
    "46": "Thương mại",
    "47": "Bán lẻ",
    "49": "Vận tải",
    "55": "Khách sạn",
    "56": "Ăn uống",
    "58": "Xuất bản",
    "62": "Phần mềm",
    "63": "Dịch vụ thông tin",
    "68": "Bất động sản",
    "71": "Tư vấn thiết kế",
    "72": "Nghiên cứu",
    "79": "Du lịch",
    "81": "Vệ sinh công trình",
    "85": "Giáo dục",
    "86": "Y tế",
    "93": "Thể thao",
}
SECTOR_CODES = list(SECTORS)

# Provincial departments (Sở) with the sectors they manage.
DEPARTMENTS = [
    ("Sở Xây dựng", ["41", "42", "43", "23", "68"]),
    ("Sở Giao thông vận tải", ["42", "49"]),
    ("Sở Y tế", ["86", "21"]),
    ("Sở Giáo dục và Đào tạo", ["85"]),
    ("Sở Nông nghiệp và Phát triển nông thôn", ["01", "02", "03", "10"]),
    ("Sở Công Thương", ["35", "46", "47", "10"]),
    ("Sở Tài nguyên và Môi trường", ["08", "36", "38"]),
    ("Sở Thông tin và Truyền thông", ["58", "62", "63"]),
    ("Sở Văn hóa, Thể thao và Du lịch", ["55", "56", "79", "93"]),
    ("Sở Khoa học và Công nghệ", ["72"]),
    ("Sở Tài chính", []),
    ("Sở Kế hoạch và Đầu tư", ["71"]),
    ("Sở Lao động - Thương binh và Xã hội", []),
    ("Sở Nội vụ", []),
    ("Sở Tư pháp", []),
    ("Thanh tra tỉnh", []),
    ("Văn phòng UBND tỉnh", []),
    ("Ban Quản lý các khu công nghiệp", ["41", "68"]),
]

DISTRICTS = [
    "Đông Sơn",
    "Hoằng Hóa",
    "Quảng Xương",
    "Tĩnh Gia",
    "Nông Cống",
    "Triệu Sơn",
    "Thọ Xuân",
    "Yên Định",
    "Vĩnh Lộc",
    "Thạch Thành",
    "Cẩm Thủy",
    "Ngọc Lặc",
    "Như Xuân",
    "Thường Xuân",
    "Lang Chánh",
    "Bá Thước",
    "Quan Hóa",
    "Mường Lát",
    "Hà Trung",
    "Nga Sơn",
    "Hậu Lộc",
    "Thiệu Hóa",
    "Sầm Sơn",
    "Bỉm Sơn",
]

UNIT_UNDER_DEPARTMENT = [
    ("Chi cục", True),
    ("Trung tâm", True),
    ("Ban Quản lý dự án", True),
    ("Bệnh viện", False),
    ("Trường", False),
    ("Đơn vị sự nghiệp", False),
]
UNIT_UNDER_DISTRICT = [
    ("Phòng Kinh tế - Hạ tầng", ["41", "42", "49"]),
    ("Phòng Tài nguyên và Môi trường", ["08", "38"]),
    ("Phòng Giáo dục và Đào tạo", ["85"]),
    ("Phòng Y tế", ["86"]),
    ("Phòng Nông nghiệp", ["01", "03"]),
    ("Phòng Tài chính - Kế hoạch", []),
    ("Phòng Nội vụ", []),
    ("Trường THCS", []),
    ("Trạm Y tế", []),
    ("Ban Quản lý dự án đầu tư xây dựng", ["41", "43"]),
]

HEAD_TITLES = {"province": "Chủ tịch", "department": "Giám đốc", "district": "Chủ tịch", "unit": "Thủ trưởng"}
ROLE_TITLES = {
    "hr": ["Trưởng phòng Tổ chức cán bộ", "Chuyên viên tổ chức cán bộ", "Phụ trách nhân sự"],
    "accounting": ["Kế toán trưởng", "Kế toán viên", "Phụ trách kế toán"],
    "treasurer": ["Thủ quỹ"],
    "warehouse": ["Thủ kho", "Thủ kho vật tư"],
    "procurement": ["Chuyên viên mua sắm", "Cán bộ phụ trách đấu thầu", "Tổ trưởng tổ mua sắm"],
    "other": [
        "Chuyên viên",
        "Chuyên viên chính",
        "Cán sự",
        "Văn thư",
        "Thanh tra viên",
        "Lái xe",
        "Nhân viên",
    ],
}

COMPANY_FORMS = [
    ("Công ty TNHH", 5),
    ("Công ty Cổ phần", 3),
    ("Doanh nghiệp tư nhân", 1),
    ("Công ty TNHH MTV", 2),
]
BRAND_SYLLABLES = [
    "Hoàng",
    "Phát",
    "Thành",
    "Minh",
    "Long",
    "Việt",
    "Hưng",
    "Thịnh",
    "An",
    "Phúc",
    "Đại",
    "Nam",
    "Sơn",
    "Hải",
    "Tân",
    "Trường",
    "Bảo",
    "Kim",
    "Ngọc",
    "Quang",
    "Đức",
    "Tiến",
    "Hòa",
    "Lộc",
    "Vạn",
    "Toàn",
]

# Province codes that open a 12-digit personal id number (the first is "home").
HOME_PROVINCE = "038"
OTHER_PROVINCES = ["001", "026", "030", "031", "033", "034", "035", "036", "037", "040", "042", "079"]

# Head title of a unit by the first words of its name; the deputy is "Phó " + the head's title.
UNIT_HEAD_TITLES = [
    ("Chi cục", "Chi cục trưởng"),
    ("Trung tâm", "Giám đốc"),
    ("Ban Quản lý", "Trưởng ban"),
    ("Bệnh viện", "Giám đốc"),
    ("Trường", "Hiệu trưởng"),
    ("Phòng", "Trưởng phòng"),
    ("Trạm", "Trạm trưởng"),
    ("Thanh tra", "Chánh Thanh tra"),
    ("Văn phòng", "Chánh Văn phòng"),
    ("Ban", "Trưởng ban"),
]


def head_titles(kind: str, name: str) -> tuple[str, str]:
    head = HEAD_TITLES[kind]
    if kind in ("unit", "department"):
        head = next((title for prefix, title in UNIT_HEAD_TITLES if name.startswith(prefix)), head)
    return head, f"Phó {head}"
