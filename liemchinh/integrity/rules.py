"""Pure rules of conflict-of-interest control: data and functions with no ORM and no I/O.

Each rule cites its article and carries `effective_from`; the rule in force on the date concerned
applies (CONVENTIONS 4). Values read only from secondary text are flagged `to_verify` and say
"cần đối chiếu" in their citation. The file is split into delimited sections, one per domain.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

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


# =============================================================================================
# Conflict-of-interest rules of the scan — Luật PCTN 2018 Điều 20 khoản 2, 3, 4;
# Nghị định 59/2019/NĐ-CP Điều 29 (the situations of conflict of interest)
# =============================================================================================
# Five rules, each a list of versions; the version in force on the date concerned applies
# (`version_in_force`). The dates concerned, as engine/scan.py reads the registries:
# - relative_in_sensitive_post: every day on which the head's (deputy head's) post and the
#   relative's sensitive post overlap; it fires when a version in force on one of those days names
#   the relation and both posts (the overlap is cut into the versions' windows, `version_windows`);
# - the two contract rules: the contract's signing date;
# - official_runs_business and stake_in_managed_sector: the scan's "as of" date (the registry of
#   enterprise people carries no dates: what counts is the post held on that day).
# Before Luật PCTN 2018 the same prohibitions stood in Luật PCTN 2005 Điều 37 with the same lists of
# relations and posts (cited from memory of the text: "cần đối chiếu"); the version is listed so that
# an old period is judged and cited under the law of its time.
# Close relations differ by rule: Điều 20 khoản 3 names vợ hoặc chồng, bố, mẹ, con, anh, chị, em
# ruột; Điều 20 khoản 4 names only vợ hoặc chồng, bố, mẹ, con (NO siblings) and forbids them to
# "kinh doanh" (own, represent, manage) in the managed sector, not to hold shares; the head himself
# may not "góp vốn" (own or hold shares) there.
# Sectors are VSIC codes with prefix semantics: a managed code covers every code that begins with it
# (a body managing "41" manages "4101" and "41010"; one managing "4101" does not manage all of "41");
# codes are compared without spaces and dots.

RELATIVE_IN_SENSITIVE_POST = "relative_in_sensitive_post"
CONTRACT_WITH_RELATIVE_BUSINESS = "contract_with_relative_business"
OFFICIAL_RUNS_BUSINESS = "official_runs_business"
STAKE_IN_MANAGED_SECTOR = "stake_in_managed_sector"
SELF_DEALING_CONTRACT = "self_dealing_contract"
RULE_CODES = (
    RELATIVE_IN_SENSITIVE_POST,
    CONTRACT_WITH_RELATIVE_BUSINESS,
    OFFICIAL_RUNS_BUSINESS,
    STAKE_IN_MANAGED_SECTOR,
    SELF_DEALING_CONTRACT,
)
RULE_LABELS = {
    RELATIVE_IN_SENSITIVE_POST: "Người thân giữ vị trí nhạy cảm trong cơ quan do mình lãnh đạo",
    CONTRACT_WITH_RELATIVE_BUSINESS: "Ký hợp đồng với doanh nghiệp của người thân",
    OFFICIAL_RUNS_BUSINESS: "Cán bộ thành lập, quản lý, điều hành doanh nghiệp",
    STAKE_IN_MANAGED_SECTOR: "Góp vốn, kinh doanh trong ngành, nghề do mình quản lý",
    SELF_DEALING_CONTRACT: "Ký hợp đồng với doanh nghiệp mà mình có lợi ích",
}
RELATION_LABELS = {
    "spouse": "vợ/chồng",
    "father": "bố",
    "mother": "mẹ",
    "child": "con",
    "sibling": "anh/chị/em ruột",
    "other": "người thân khác",
}
ROLE_LABELS = {
    "head": "người đứng đầu",
    "deputy_head": "cấp phó",
    "hr": "tổ chức nhân sự",
    "accounting": "kế toán",
    "treasurer": "thủ quỹ",
    "warehouse": "thủ kho",
    "procurement": "mua sắm, ký kết hợp đồng",
    "other": "khác",
}
ENTERPRISE_ROLE_LABELS = {
    "owner": "chủ sở hữu",
    "shareholder": "cổ đông/thành viên góp vốn",
    "legal_representative": "người đại diện theo pháp luật",
    "manager": "người quản lý",
}

HEAD_ROLES = frozenset({"head", "deputy_head"})
SENSITIVE_ROLES = frozenset({"hr", "accounting", "treasurer", "warehouse", "procurement"})
RELATIONS_20_3 = frozenset({"spouse", "father", "mother", "child", "sibling"})  # Điều 20 khoản 3
RELATIONS_20_4 = frozenset({"spouse", "father", "mother", "child"})  # Điều 20 khoản 4: no siblings
ALL_ENTERPRISE_ROLES = frozenset({"owner", "shareholder", "legal_representative", "manager"})
RUNS_ROLES = frozenset({"owner", "legal_representative", "manager"})  # thành lập, quản lý, điều hành
STAKE_ROLES = frozenset({"owner", "shareholder"})  # góp vốn

LUAT_PCTN_2005 = "Luật Phòng, chống tham nhũng 2005 (Luật số 55/2005/QH11)"
LUAT_PCTN_2005_FROM = dt.date(2006, 6, 1)
FAR_PAST = dt.date(1900, 1, 1)
FAR_FUTURE = dt.date(9999, 12, 31)


@dataclass(frozen=True)
class RuleVersion:
    """One rule as one text of the law states it, from `effective_from` until the next version.

    - `official_roles`: posts of the official concerned (empty = any post);
    - `relations`: close relations that count (empty = the official himself only);
    - `subject_roles`: posts the relative must hold (relative_in_sensitive_post);
    - `official_enterprise_roles` / `relative_enterprise_roles`: roles in the enterprise that count
      for the official himself / for his relative;
    - `signer_counts`: the contract's signer is concerned whatever his post.
    """

    rule: str
    effective_from: dt.date
    citation: str
    official_roles: frozenset = field(default_factory=frozenset)
    relations: frozenset = field(default_factory=frozenset)
    subject_roles: frozenset = field(default_factory=frozenset)
    official_enterprise_roles: frozenset = field(default_factory=frozenset)
    relative_enterprise_roles: frozenset = field(default_factory=frozenset)
    signer_counts: bool = False

    @property
    def label(self) -> str:
        return RULE_LABELS[self.rule]


_OLD = " (cần đối chiếu)"
RULE_VERSIONS: dict[str, list[RuleVersion]] = {
    RELATIVE_IN_SENSITIVE_POST: [
        RuleVersion(RELATIVE_IN_SENSITIVE_POST, LUAT_PCTN_2005_FROM,
                    f"khoản 2 Điều 37 {LUAT_PCTN_2005}{_OLD}",
                    official_roles=HEAD_ROLES, relations=RELATIONS_20_3, subject_roles=SENSITIVE_ROLES),
        RuleVersion(RELATIVE_IN_SENSITIVE_POST, LUAT_PCTN_2018_FROM,
                    f"khoản 3 Điều 20 {LUAT_PCTN_2018}; khoản 5 Điều 29 {ND_59_2019}",
                    official_roles=HEAD_ROLES, relations=RELATIONS_20_3, subject_roles=SENSITIVE_ROLES),
    ],
    CONTRACT_WITH_RELATIVE_BUSINESS: [
        RuleVersion(CONTRACT_WITH_RELATIVE_BUSINESS, LUAT_PCTN_2005_FROM,
                    f"khoản 2 Điều 37 {LUAT_PCTN_2005}{_OLD}",
                    official_roles=HEAD_ROLES, relations=RELATIONS_20_3,
                    relative_enterprise_roles=ALL_ENTERPRISE_ROLES, signer_counts=True),
        RuleVersion(CONTRACT_WITH_RELATIVE_BUSINESS, LUAT_PCTN_2018_FROM,
                    f"khoản 3 Điều 20 {LUAT_PCTN_2018}; khoản 7, 8 Điều 29 {ND_59_2019}",
                    official_roles=HEAD_ROLES, relations=RELATIONS_20_3,
                    relative_enterprise_roles=ALL_ENTERPRISE_ROLES, signer_counts=True),
    ],
    OFFICIAL_RUNS_BUSINESS: [
        RuleVersion(OFFICIAL_RUNS_BUSINESS, LUAT_PCTN_2005_FROM,
                    f"điểm b khoản 1 Điều 37 {LUAT_PCTN_2005}{_OLD}",
                    official_enterprise_roles=RUNS_ROLES),
        RuleVersion(OFFICIAL_RUNS_BUSINESS, LUAT_PCTN_2018_FROM,
                    f"điểm b khoản 2 Điều 20 {LUAT_PCTN_2018}; khoản 2 Điều 29 {ND_59_2019}",
                    official_enterprise_roles=RUNS_ROLES),
    ],
    STAKE_IN_MANAGED_SECTOR: [
        RuleVersion(STAKE_IN_MANAGED_SECTOR, LUAT_PCTN_2005_FROM,
                    f"khoản 3, 4 Điều 37 {LUAT_PCTN_2005}{_OLD}",
                    official_roles=HEAD_ROLES, relations=RELATIONS_20_4,
                    official_enterprise_roles=STAKE_ROLES, relative_enterprise_roles=RUNS_ROLES),
        RuleVersion(STAKE_IN_MANAGED_SECTOR, LUAT_PCTN_2018_FROM,
                    f"khoản 4 Điều 20 {LUAT_PCTN_2018}; khoản 6 Điều 29 {ND_59_2019}",
                    official_roles=HEAD_ROLES, relations=RELATIONS_20_4,
                    official_enterprise_roles=STAKE_ROLES, relative_enterprise_roles=RUNS_ROLES),
    ],
    SELF_DEALING_CONTRACT: [
        RuleVersion(SELF_DEALING_CONTRACT, LUAT_PCTN_2005_FROM,
                    f"Điều 37 {LUAT_PCTN_2005}{_OLD}",
                    official_enterprise_roles=ALL_ENTERPRISE_ROLES, signer_counts=True),
        RuleVersion(SELF_DEALING_CONTRACT, LUAT_PCTN_2018_FROM,
                    f"khoản 8 Điều 3, Điều 23 {LUAT_PCTN_2018}; khoản 8 Điều 29 {ND_59_2019}",
                    official_enterprise_roles=ALL_ENTERPRISE_ROLES, signer_counts=True),
    ],
}


def rule_versions(rule: str, table: dict[str, list[RuleVersion]] | None = None) -> list[RuleVersion]:
    """The versions of `rule`, oldest first (`table` replaces RULE_VERSIONS, e.g. in tests)."""
    return sorted((table or RULE_VERSIONS)[rule], key=lambda v: v.effective_from)


def version_in_force(rule: str, day: dt.date, table: dict[str, list[RuleVersion]] | None = None):
    """The version of `rule` in force on `day`, or None before the first one."""
    found = None
    for version in rule_versions(rule, table):
        if version.effective_from > day:
            break
        found = version
    return found


def version_windows(rule: str, table: dict[str, list[RuleVersion]] | None = None):
    """[(version, effective_from, effective_to)], effective_to being the day before the next version
    (FAR_FUTURE for the last): the windows do not overlap and cover every day from the first on."""
    ordered = rule_versions(rule, table)
    out = []
    for i, version in enumerate(ordered):
        end = ordered[i + 1].effective_from - dt.timedelta(days=1) if i + 1 < len(ordered) else FAR_FUTURE
        out.append((version, version.effective_from, end))
    return out


def periods_overlap(start_a, end_a, start_b, end_b) -> bool:
    """Closed periods [start, end] share a day; an empty end is "still in post", an empty start
    "since always"."""
    return max(start_a or FAR_PAST, start_b or FAR_PAST) <= min(end_a or FAR_FUTURE, end_b or FAR_FUTURE)


def in_post(start, end, day: dt.date) -> bool:
    """A post [start, end] (end None = still held) covers `day`."""
    return periods_overlap(start, end, day, day)


def clean_sector(code: str | None) -> str:
    return "".join(ch for ch in (code or "") if ch not in " .").upper()


def sector_managed(sector_code: str | None, managed: Iterable[str]) -> bool:
    """VSIC prefix semantics: the body manages `sector_code` when one of its codes begins it."""
    sector = clean_sector(sector_code)
    return bool(sector) and any(m and sector.startswith(m) for m in map(clean_sector, managed))


# Scores. A chain of person joins scores the product of its link probabilities (the chains of the
# five rules hold one fuzzy join at most, so product and minimum agree); a join by official id or
# by equal id_number counts 1.0. An alert is raised from ALERT_MIN_SCORE up: a chance homonym with
# no birth date and no id stays below it (LINK_NAME_ONLY_CAP); a same-name pair inside a rule's tight
# context may reach it (LINK_TIGHT_NAME_ONLY_CAP), an officer then looks. Chosen by measurement on
# four synthetic provinces (docs/integrity-resolution.md): from 0.8 to 0.75 recall rises by up to 12
# points per context rule; lower (0.7, 0.6) adds a point or two of recall and costs precision
# (stake_in_managed_sector 0.96 → 0.91 at 200,000 officials).
ALERT_MIN_SCORE = 0.75
SCORE_COMBINE = "product"  # or "min"


def chain_score(probabilities: Iterable[float | None], combine: str = SCORE_COMBINE) -> float:
    """Score of a chain of joins; None stands for a join by id (1.0). Always within [0, 1]."""
    values = [1.0 if p is None else min(1.0, max(0.0, float(p))) for p in probabilities]
    if not values:
        return 1.0
    return min(values) if combine == "min" else math.prod(values)


# =============================================================================================
# Entity resolution — which person mentions of different registries are one person
# (engine/resolve.py, docs/integrity-resolution.md). Not law: settings of the method.
# =============================================================================================
# `links` keeps every pair of mentions from different registries whose probability of being the
# same person is at least LINK_FLOOR (pairs in [LINK_FLOOR, ALERT_MIN_SCORE) are shown to officers
# to judge, they raise no alert). LINK_HIGH is what counts as a confident link. A pair whose only
# evidence is the name (no birth information comparable on both sides, no id number on both sides)
# is capped at LINK_NAME_ONLY_CAP, below LINK_HIGH and below ALERT_MIN_SCORE, however rare the name:
# two people with the same name and no other evidence are never joined with a high score.
# LINK_CANDIDATE_MIN_EVIDENCE (bits, log2 of the Bayes factor of the evidence, prior left out) is
# the least evidence for a pair to be kept in `link_candidates` for rules that rescore pairs in a
# narrower context; 10 bits = the evidence makes the pair 1024 times likelier the same person.
LINK_FLOOR = 0.5
LINK_HIGH = 0.8
LINK_NAME_ONLY_CAP = 0.6
LINK_CANDIDATE_MIN_EVIDENCE = 10.0
# A context prior (two mentions tied to the same body, engine/resolve.py) is used only when measured
# on at least this many context pairs with equal id numbers (the population prior too); else it is
# derived assuming that LINK_CONTEXT_SHARE of the same-person pairs lie in context (measured on the
# synthetic province: about three in four; half is the cautious assumption).
LINK_CONTEXT_MIN_ID_MATCHES = 5
LINK_CONTEXT_SHARE = 0.5
# Managing an enterprise's sector ties a body to it (a looser tie than a post or a contract, with a
# prior of its own) only when at most this many bodies manage that sector (a sector every
# district's office manages says nothing about who owns what, and would multiply the ties).
LINK_CONTEXT_MAX_SECTOR_MANAGERS = 20
# Tight contexts (engine/resolve.py): the pairs a rule actually asks about — a close relative of a
# head and a sensitive-post holder of the same body; a contract's signer (his close relatives, those
# of the buyer's heads) and the supplier's people; a head managing a sector (his close relatives)
# and the people of an enterprise of that sector. Two such mentions with close names are candidates
# whatever their birth information: names within LINK_TIGHT_MAX_EDITS edits (letters, spaces left
# out) or of Jaro-Winkler similarity ≥ LINK_TIGHT_MIN_JARO_WINKLER (folded). Their prior is measured
# from id numbers like the others; without enough ids it is derived assuming LINK_TIGHT_SHARE of the
# same-person pairs lie in a tight context (a conflict is rare: cautious). A name-only pair in a
# tight context may reach LINK_TIGHT_NAME_ONLY_CAP, still below LINK_HIGH: an officer must look.
LINK_TIGHT_MAX_EDITS = 1
LINK_TIGHT_MIN_JARO_WINKLER = 0.9
LINK_TIGHT_SHARE = 0.25
LINK_TIGHT_NAME_ONLY_CAP = 0.75
