"""Pure rules of conflict-of-interest control: data and functions with no ORM and no I/O.

Each rule cites its article and carries `effective_from`; the rule in force on the date concerned
applies (CONVENTIONS 4). Values read only from secondary text are flagged `to_verify` and say
"cần đối chiếu" in their citation. The file is split into delimited sections, one per domain.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

LUAT_PCTN_2018 = "Luật Phòng, chống tham nhũng 2018 (Luật số 36/2018/QH14)"
ND_59_2019 = "Nghị định 59/2019/NĐ-CP"
# Luật PCTN 2018 in force from 01/7/2019; Nghị định 59/2019/NĐ-CP (ngày 01/7/2019) from 15/8/2019.
LUAT_PCTN_2018_FROM = dt.date(2019, 7, 1)
ND_59_2019_FROM = dt.date(2019, 8, 15)


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by `months` calendar months; the 31st of a shorter month becomes its last day."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# =============================================================================================
# Gifts — Luật PCTN 2018 Điều 22; Nghị định 59/2019/NĐ-CP Điều 24–28
# =============================================================================================
# Officials must not take gifts, directly or indirectly, from people whose business is related to
# their work. A gift that could not be refused is reported in writing to the direct manager and
# handed over to the unit within 5 working days of receipt (the report states the giver's name and
# position, the kind and value, time, place and circumstances, and the relation to the work). The
# unit handles it: cash and valuable papers go to the state budget; goods are valued and sold
# publicly, the proceeds paid to the budget within 30 days of the sale; for a service the provider
# is told it will not be used; perishables are handled like exhibits of administrative violations;
# the giver's managing body is told within 5 working days. (vn-legal.md §3.7, `PĐ-PCTN`.)


@dataclass(frozen=True)
class GiftRule:
    code: str
    effective_from: dt.date
    report_working_days: int  # written report, counted from the day after receipt
    handover_working_days: int  # handing the gift over to the unit, counted the same way
    proceeds_days: int  # calendar days from the public sale to paying the proceeds to the budget
    notify_working_days: int  # notice to the giver's managing body
    citation: str
    to_verify: bool = False


GIFT_RULES: tuple[GiftRule, ...] = (
    GiftRule(
        code="ND59-2019",
        effective_from=ND_59_2019_FROM,
        report_working_days=5,
        handover_working_days=5,
        proceeds_days=30,
        notify_working_days=5,
        citation=(
            f"{LUAT_PCTN_2018} Điều 22; {ND_59_2019} Điều 24–28: báo cáo bằng văn bản và nộp lại quà tặng "
            "trong thời hạn 05 ngày làm việc kể từ ngày nhận; tiền thu từ bán quà tặng nộp ngân sách nhà nước "
            "trong thời hạn 30 ngày kể từ ngày bán"
        ),
    ),
)


def gift_rule_on(day: dt.date) -> GiftRule | None:
    """The gift rule in force on `day` (the latest whose effective_from is not after it); None for a
    gift received before Nghị định 59/2019 (no deadline is computed for it)."""
    in_force = [r for r in GIFT_RULES if r.effective_from <= day]
    return max(in_force, key=lambda r: r.effective_from) if in_force else None


# Kinds of gift (NĐ 59/2019: tiền, giấy tờ có giá, hiện vật, dịch vụ; perishables handled apart).
GIFT_KINDS = ("cash", "valuable_papers", "goods", "perishable", "service", "other")


@dataclass(frozen=True)
class GiftHandlingRule:
    key: str
    kinds: tuple[str, ...]  # the kinds of gift this handling applies to
    citation: str
    sale: bool = False  # a public sale: proceeds and their 30-day limit apply
    to_verify: bool = False


GIFT_HANDLINGS: tuple[GiftHandlingRule, ...] = (
    GiftHandlingRule("budget", ("cash", "valuable_papers", "other"),
                     f"{ND_59_2019} Điều 27: tiền, giấy tờ có giá nộp vào ngân sách nhà nước — số điều cần đối chiếu"),
    GiftHandlingRule("public_sale", ("goods", "other"),
                     f"{ND_59_2019} Điều 27: hiện vật được định giá, bán công khai, tiền thu được nộp ngân sách "
                     "nhà nước trong 30 ngày kể từ ngày bán — số điều cần đối chiếu", sale=True),
    GiftHandlingRule("service_declined", ("service",),
                     f"{ND_59_2019} Điều 27: thông báo cho người cung cấp dịch vụ về việc không sử dụng dịch vụ"),
    GiftHandlingRule("exhibit_rules", ("perishable",),
                     f"{ND_59_2019} Điều 27: quà dễ hư hỏng xử lý theo quy định về tang vật vi phạm hành chính"),
    GiftHandlingRule("returned", GIFT_KINDS,
                     "Trả lại quà tặng cho người tặng khi xác định được người tặng — cần đối chiếu văn bản",
                     to_verify=True),
)
GIFT_HANDLING_BY_KEY = {h.key: h for h in GIFT_HANDLINGS}


def gift_handling_allowed(kind: str, handling: str) -> bool:
    rule = GIFT_HANDLING_BY_KEY.get(handling)
    return rule is not None and kind in rule.kinds


# =============================================================================================
# Position rotation — Luật PCTN 2018 Điều 24–26; Nghị định 59/2019/NĐ-CP Điều 36–39;
# Thông tư 03/2021/TT-TTCP for the inspection sector
# =============================================================================================
# Non-leading civil servants and public employees in personnel, public finance, public assets,
# public investment and posts in direct contact with the public are rotated periodically, after
# from 2 full years to 5 full years depending on the sector. The head of each body issues and
# publishes a yearly rotation plan. Rotation is deferred for people under disciplinary review,
# under inspection, investigation, prosecution or trial, seriously ill, studying full-time for 12
# months or more, seconded, pregnant or raising a child under 36 months; nobody is rotated with
# less than 18 months to retirement. The inspection sector's own list (thanh tra, tiếp công dân,
# giải quyết khiếu nại, tố cáo, phòng, chống tham nhũng, giám sát, thẩm định, xử lý sau thanh tra)
# uses 3 to 5 full years (TT 03/2021/TT-TTCP, in force 20/11/2021; the older TT 10/2014/TT-TTCP
# set 5 years). (vn-legal.md §3.8.) The Government's appendix listing posts sector by sector and
# the province's own list were not at hand: which posts rotate and after how long is recorded by
# the bodies (RotationPost), checked against the range of the rule in force.

GENERAL = "general"
INSPECTION = "inspection"


@dataclass(frozen=True)
class RotationCategory:
    key: str
    label: str
    sector: str
    citation: str
    # registry roles (registry.PositionRole) that usually hold such posts: the suggested default
    # when a body registers a post of this category
    roles: tuple[str, ...] = ()


_GENERAL_CITATION = f"{LUAT_PCTN_2018} Điều 25 khoản 1; {ND_59_2019} Điều 36"
_INSPECTION_CITATION = "Thông tư 03/2021/TT-TTCP (vị trí công tác phải định kỳ chuyển đổi trong ngành Thanh tra)"

ROTATION_CATEGORIES: tuple[RotationCategory, ...] = (
    RotationCategory("personnel", "Tổ chức cán bộ", GENERAL, _GENERAL_CITATION, ("hr",)),
    RotationCategory("public_finance", "Quản lý tài chính công", GENERAL, _GENERAL_CITATION,
                     ("accounting", "treasurer")),
    RotationCategory("public_assets", "Quản lý tài sản công", GENERAL, _GENERAL_CITATION, ("warehouse",)),
    RotationCategory("public_investment", "Quản lý đầu tư công, mua sắm", GENERAL, _GENERAL_CITATION,
                     ("procurement",)),
    RotationCategory("direct_contact", "Trực tiếp tiếp xúc và giải quyết công việc của cơ quan, tổ chức, cá nhân",
                     GENERAL, _GENERAL_CITATION),
    RotationCategory("inspection", "Thanh tra", INSPECTION, _INSPECTION_CITATION),
    RotationCategory("citizen_reception", "Tiếp công dân", INSPECTION, _INSPECTION_CITATION),
    RotationCategory("complaints", "Xử lý đơn, giải quyết khiếu nại, tố cáo", INSPECTION, _INSPECTION_CITATION),
    RotationCategory("anti_corruption", "Phòng, chống tham nhũng", INSPECTION, _INSPECTION_CITATION),
    RotationCategory("post_inspection", "Giám sát, thẩm định, xử lý sau thanh tra", INSPECTION,
                     _INSPECTION_CITATION),
)
ROTATION_CATEGORY_BY_KEY = {c.key: c for c in ROTATION_CATEGORIES}

# Leaders and managers are not rotated under these articles (NĐ 59/2019 Điều 36: "không giữ chức
# vụ lãnh đạo, quản lý"); registry roles that name them.
ROTATION_EXCLUDED_ROLES = ("head", "deputy_head")


@dataclass(frozen=True)
class RotationPeriodRule:
    code: str
    sector: str
    effective_from: dt.date
    min_years: int
    max_years: int
    default_years: int  # offered when a body registers a post; not a legal value
    citation: str
    to_verify: bool = False


ROTATION_PERIOD_RULES: tuple[RotationPeriodRule, ...] = (
    RotationPeriodRule(
        code="PCTN-2018",
        sector=GENERAL,
        effective_from=LUAT_PCTN_2018_FROM,
        min_years=2,
        max_years=5,
        default_years=3,
        citation=(
            f"{LUAT_PCTN_2018} Điều 25 khoản 2; {ND_59_2019} Điều 37: thời hạn định kỳ chuyển đổi từ đủ 02 năm "
            "đến 05 năm theo đặc thù ngành, lĩnh vực; mặc định 03 năm khi đăng ký là lựa chọn của tỉnh — danh mục "
            "và thời hạn từng ngành (phụ lục) cần đối chiếu"
        ),
        to_verify=True,
    ),
    RotationPeriodRule(
        code="TT03-2021",
        sector=INSPECTION,
        effective_from=dt.date(2021, 11, 20),
        min_years=3,
        max_years=5,
        default_years=3,
        citation="Thông tư 03/2021/TT-TTCP (hiệu lực 20/11/2021): thời hạn định kỳ chuyển đổi từ đủ 03 năm đến 05 năm",
    ),
)

# Positions whose period ends within this many months are shown as "due soon" so that they can be
# put in the next yearly plan. A provincial choice, not a rule of law.
ROTATION_WARNING_MONTHS = 6


def rotation_period_rule(sector: str, day: dt.date) -> RotationPeriodRule:
    """The period rule for `sector` in force on `day`; a sector without its own rule in force then
    (the inspection sector before TT 03/2021) falls back to the general rule."""
    for wanted in (sector, GENERAL):
        in_force = [r for r in ROTATION_PERIOD_RULES if r.sector == wanted and r.effective_from <= day]
        if in_force:
            return max(in_force, key=lambda r: r.effective_from)
    raise ValueError(f"Không có quy định thời hạn chuyển đổi vị trí công tác nào có hiệu lực vào ngày {day:%d/%m/%Y}.")


def rotation_period_error(category: str, years: int, day: dt.date) -> str | None:
    """Why `years` is not an allowed period for a post of `category` on `day` (None when it is)."""
    cat = ROTATION_CATEGORY_BY_KEY.get(category)
    if cat is None:
        return "Nhóm vị trí công tác không hợp lệ."
    rule = rotation_period_rule(cat.sector, day)
    if not rule.min_years <= years <= rule.max_years:
        return (f"Thời hạn định kỳ chuyển đổi của nhóm “{cat.label}” phải từ đủ {rule.min_years} đến "
                f"{rule.max_years} năm ({rule.citation}).")
    return None


@dataclass(frozen=True)
class RotationExemptionReason:
    key: str
    label: str
    kind: str  # "deferred": rotation waits until the reason ends; "exempt": not rotated at all
    citation: str
    to_verify: bool = False


_EXEMPTION_CITATION = f"{LUAT_PCTN_2018} Điều 25; {ND_59_2019} Điều 37–38 — điều, khoản cụ thể cần đối chiếu"

ROTATION_EXEMPTION_REASONS: tuple[RotationExemptionReason, ...] = (
    RotationExemptionReason("discipline_review", "Đang trong thời gian bị xem xét, xử lý kỷ luật", "deferred",
                            _EXEMPTION_CITATION, True),
    RotationExemptionReason("under_investigation",
                            "Đang bị kiểm tra, xác minh, thanh tra, điều tra, truy tố, xét xử", "deferred",
                            _EXEMPTION_CITATION, True),
    RotationExemptionReason("serious_illness", "Đang điều trị bệnh hiểm nghèo có xác nhận của cơ quan y tế",
                            "deferred", _EXEMPTION_CITATION, True),
    RotationExemptionReason("long_study", "Đang đi học tập trung từ 12 tháng trở lên", "deferred",
                            _EXEMPTION_CITATION, True),
    RotationExemptionReason("secondment", "Đang biệt phái", "deferred", _EXEMPTION_CITATION, True),
    RotationExemptionReason("maternity",
                            "Đang mang thai hoặc nuôi con dưới 36 tháng tuổi (kể cả nam giới nuôi con một mình)",
                            "deferred", _EXEMPTION_CITATION, True),
    RotationExemptionReason("near_retirement", "Còn dưới 18 tháng đến tuổi nghỉ hưu", "exempt",
                            _EXEMPTION_CITATION, True),
)
ROTATION_EXEMPTION_BY_KEY = {r.key: r for r in ROTATION_EXEMPTION_REASONS}
CHILD_AGE_LIMIT_MONTHS = 36
RETIREMENT_MARGIN_MONTHS = 18


def tenure_parts(start: dt.date, as_of: dt.date) -> tuple[int, int]:
    """Full (years, months) from `start` to `as_of` (0, 0 when as_of is not after start)."""
    if as_of <= start:
        return 0, 0
    months = (as_of.year - start.year) * 12 + (as_of.month - start.month)
    if add_months(start, months) > as_of:
        months -= 1
    return divmod(months, 12)


def tenure_text(start: dt.date, as_of: dt.date) -> str:
    """Tenure as a Vietnamese reads it: "3 năm 2 tháng", "11 tháng", "dưới 1 tháng"."""
    years, months = tenure_parts(start, as_of)
    parts = []
    if years:
        parts.append(f"{years} năm")
    if months:
        parts.append(f"{months} tháng")
    return " ".join(parts) if parts else "dưới 1 tháng"


def rotation_due_on(start: dt.date, period_years: int) -> dt.date:
    """The day the period is complete ("đủ n năm"): the anniversary of `start` after n years."""
    return add_months(start, period_years * 12)
