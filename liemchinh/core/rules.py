"""Pure rules of the core app: the reporting calendar (periods, cut-offs, due dates), public
holidays and working-day arithmetic. No ORM, no I/O. Each rule cites its legal source and the day
it applies from, so a change in the law is a new entry, not an edit of history.

Exceptions decided each year by the Government (days swapped for a longer break, the exact Tết
days) are not rules: they are `CalendarException` rows, passed here as a mapping
``{date: "day_off" | "working_day"}`` and they always win over the rules below.

What is inferred rather than read from a legal text (and flagged in the citations):
- TT 06/2025/TT-TTCP (in force 30/9/2025) replaced TT 01/2024; its content was not available, so
  its entry carries the 01/2024 cut-off windows forward, marked `to_verify`.
- Due dates: the circulars' per-level day numbers were not available. A unit's due date is a
  provincial default (DEFAULT_UNIT_DUE_WORKING_DAYS working days after the cut-off ends), capped
  by the general rule of NĐ 09/2019/NĐ-CP Điều 13 (the 25th of the last month of the period);
  the inspectorate may set another due date when it opens a period.
- The day next to 2/9 (BLLĐ 2019 Điều 112 khoản 1 điểm đ) is chosen by the Government each year;
  the weekday table below reproduces its notices 2021–2026.
- Ngày Văn hóa Việt Nam (24/11, from 2026) is carried as the `holidays` package carries it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from lunardate import LunarDate

# ---------------------------------------------------------------------------------------------
# Reporting regime
# ---------------------------------------------------------------------------------------------

PERIOD_KINDS = ("q1", "q2", "q3", "q4", "h1", "m9", "year", "ad_hoc")
PERIODIC_KINDS = PERIOD_KINDS[:-1]

# Last month of each periodic period.
_END_MONTH = {"q1": 3, "q2": 6, "q3": 9, "q4": 12, "h1": 6, "m9": 9, "year": 12}
# Periods that run from the start of the reporting year (the previous December) rather than from
# the end of the previous quarter.
_FROM_YEAR_START = {"q1", "h1", "m9", "year"}

# NĐ 09/2019/NĐ-CP Điều 13: periodic reports of ministries and provinces reach the Government by
# the 25th of the last month of the period, unless a specific regime says otherwise.
GENERAL_DUE_CAP_DAY = 25

# Provincial default (inferred, configurable per period): a unit sends its report to the
# provincial inspectorate this many working days after the cut-off ends, so that the inspectorate
# can aggregate before the general cap above. The circulars' own per-level day numbers (TT 02/2021
# Điều 7 khoản 2) were not available when this was written.
DEFAULT_UNIT_DUE_WORKING_DAYS = 3


@dataclass(frozen=True)
class ReportingRegime:
    """One circular's reporting regime: the cut-off window of each period and the due rule.

    `cutoff_day` is the day of the month the cut-off window ends on (14 means the window runs from
    the 15th of the month before the period starts to the 14th of its last month).
    """

    code: str
    name: str
    effective_from: dt.date
    cutoff_day: int
    citation: str
    due_cap_day: int = GENERAL_DUE_CAP_DAY
    due_citation: str = (
        "NĐ 09/2019/NĐ-CP Điều 13 (báo cáo định kỳ gửi Chính phủ chậm nhất ngày 25 tháng cuối kỳ); "
        "hạn đơn vị gửi Thanh tra tỉnh là mặc định của tỉnh, có thể điều chỉnh khi mở kỳ"
    )
    to_verify: bool = False


REGIMES: tuple[ReportingRegime, ...] = (
    ReportingRegime(
        code="TT03-2013",
        name="Thông tư 03/2013/TT-TTCP",
        effective_from=dt.date(2013, 8, 10),
        cutoff_day=15,
        citation="Thông tư 03/2013/TT-TTCP: kỳ báo cáo từ ngày 16 tháng trước đến ngày 15 tháng cuối kỳ",
        due_cap_day=20,
        due_citation="Thông tư 03/2013/TT-TTCP: gửi Thanh tra Chính phủ trước ngày 20 tháng cuối kỳ",
    ),
    ReportingRegime(
        code="TT02-2021",
        name="Thông tư 02/2021/TT-TTCP",
        effective_from=dt.date(2021, 5, 10),
        cutoff_day=14,
        citation="Thông tư 02/2021/TT-TTCP Điều 7: chốt số liệu từ ngày 15 tháng trước kỳ đến ngày 14 tháng cuối kỳ",
    ),
    ReportingRegime(
        code="TT01-2024",
        name="Thông tư 01/2024/TT-TTCP",
        effective_from=dt.date(2024, 3, 5),
        cutoff_day=14,
        citation="Thông tư 01/2024/TT-TTCP: chốt số liệu từ ngày 15 tháng trước kỳ đến ngày 14 tháng cuối kỳ",
    ),
    ReportingRegime(
        code="TT06-2025",
        name="Thông tư 06/2025/TT-TTCP",
        effective_from=dt.date(2025, 9, 30),
        cutoff_day=14,
        citation=(
            "Thông tư 06/2025/TT-TTCP (hiệu lực 30/9/2025) thay thế Thông tư 01/2024/TT-TTCP; "
            "thời gian chốt số liệu tạm áp dụng như Thông tư 01/2024 — cần đối chiếu văn bản"
        ),
        to_verify=True,
    ),
)


def regime_on(day: dt.date) -> ReportingRegime:
    """The reporting regime in force on `day` (the latest whose effective_from is not after it)."""
    in_force = [r for r in REGIMES if r.effective_from <= day]
    if not in_force:
        raise ValueError(f"Không có chế độ báo cáo nào có hiệu lực vào ngày {day:%d/%m/%Y}.")
    return max(in_force, key=lambda r: r.effective_from)


def regime_for_period(kind: str, year: int) -> ReportingRegime:
    """The regime that governs a period: the one in force on the first day of its last month."""
    if kind not in _END_MONTH:
        raise ValueError(f"Kỳ báo cáo {kind!r} không có thời gian chốt số liệu cố định.")
    return regime_on(dt.date(year, _END_MONTH[kind], 1))


def cutoff_window(kind: str, year: int, regime: ReportingRegime | None = None) -> tuple[dt.date, dt.date]:
    """(first day, last day) of the data cut-off window of a periodic period.

    Quý I, 6 tháng, 9 tháng, năm: from the (cutoff_day+1)th of December of the previous year;
    quý II, III, IV: from the (cutoff_day+1)th of the last month of the previous quarter. All end on
    the cutoff_day of the last month of the period (TT 02/2021 Điều 7; TT 01/2024).
    """
    if kind not in _END_MONTH:
        raise ValueError(f"Kỳ báo cáo {kind!r} không có thời gian chốt số liệu cố định.")
    regime = regime or regime_for_period(kind, year)
    end_month = _END_MONTH[kind]
    end = dt.date(year, end_month, regime.cutoff_day)
    if kind in _FROM_YEAR_START:
        start = dt.date(year - 1, 12, regime.cutoff_day + 1)
    else:
        start = dt.date(year, end_month - 3, regime.cutoff_day + 1)
    return start, end


def period_window(
    kind: str,
    year: int,
    regime: ReportingRegime | None = None,
    *,
    exceptions: Mapping[dt.date, str] | None = None,
    due_working_days: int = DEFAULT_UNIT_DUE_WORKING_DAYS,
) -> tuple[dt.date, dt.date, dt.date]:
    """(cutoff_start, cutoff_end, due_on) of a periodic period under `regime` (default: the one in
    force for the period).

    due_on is inferred, not read from a circular: `due_working_days` working days after the cut-off
    ends (provincial default), never later than the regime's cap day of the last month (NĐ 09/2019
    Điều 13: the 25th); a cap falling on a day off moves back to the working day before it, so the
    unit's deadline stays ahead of the province's own.
    """
    start, end = cutoff_window(kind, year, regime)
    regime = regime or regime_for_period(kind, year)
    due = add_working_days(end, due_working_days, exceptions)
    cap = dt.date(year, _END_MONTH[kind], regime.due_cap_day)
    if due > cap:
        due = cap
        while not is_working_day(due, exceptions) and due > end:
            due -= dt.timedelta(days=1)
    return start, end, due


# ---------------------------------------------------------------------------------------------
# Public holidays
# ---------------------------------------------------------------------------------------------

DAY_OFF = "day_off"
WORKING_DAY = "working_day"

BLLD_2012 = "Bộ luật Lao động 2012 Điều 115 khoản 1"
BLLD_2019 = "Bộ luật Lao động 2019 Điều 112 khoản 1"
SUBSTITUTE_SOURCE = (
    "Bộ luật Lao động 2019 Điều 111 khoản 3 (ngày nghỉ lễ trùng ngày nghỉ hằng tuần thì được nghỉ bù "
    "vào ngày làm việc kế tiếp)"
)


@dataclass(frozen=True)
class HolidayRule:
    """A public holiday as the law states it.

    kind: "solar" (month/day), "lunar" (lunar month/day), "tet" (the last day of the lunar year and
    the first `length - 1` days of the new one), "national_day_extra" (the day next to 2/9 that the
    Government picks each year).
    """

    key: str
    name: str
    kind: str
    source: str
    effective_from: dt.date
    effective_to: dt.date | None = None
    month: int = 0
    day: int = 0
    length: int = 1

    def applies_in(self, year: int) -> bool:
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        return self.effective_from <= last and (self.effective_to is None or self.effective_to >= first)


HOLIDAY_RULES: tuple[HolidayRule, ...] = (
    # Bộ luật Lao động 2012 (hiệu lực 01/5/2013): the same days, with one day for Quốc khánh.
    HolidayRule("new_year", "Tết Dương lịch", "solar", BLLD_2012, dt.date(2013, 5, 1), dt.date(2020, 12, 31), 1, 1),
    HolidayRule("tet", "Tết Âm lịch", "tet", BLLD_2012, dt.date(2013, 5, 1), dt.date(2020, 12, 31), length=5),
    HolidayRule("hung_kings", "Giỗ Tổ Hùng Vương (10/3 âm lịch)", "lunar", BLLD_2012, dt.date(2013, 5, 1),
                dt.date(2020, 12, 31), 3, 10),
    HolidayRule("reunification", "Ngày Chiến thắng", "solar", BLLD_2012, dt.date(2013, 5, 1), dt.date(2020, 12, 31),
                4, 30),
    HolidayRule("labour_day", "Ngày Quốc tế lao động", "solar", BLLD_2012, dt.date(2013, 5, 1),
                dt.date(2020, 12, 31), 5, 1),
    HolidayRule("national_day", "Quốc khánh", "solar", BLLD_2012, dt.date(2013, 5, 1), dt.date(2020, 12, 31), 9, 2),
    # Bộ luật Lao động 2019 (hiệu lực 01/01/2021).
    HolidayRule("new_year", "Tết Dương lịch", "solar", BLLD_2019, dt.date(2021, 1, 1), None, 1, 1),
    HolidayRule("tet", "Tết Âm lịch", "tet", BLLD_2019 + " điểm b; ngày cụ thể do Thủ tướng quyết định (khoản 3)",
                dt.date(2021, 1, 1), None, length=5),
    HolidayRule("hung_kings", "Giỗ Tổ Hùng Vương (10/3 âm lịch)", "lunar", BLLD_2019, dt.date(2021, 1, 1), None,
                3, 10),
    HolidayRule("reunification", "Ngày Chiến thắng", "solar", BLLD_2019, dt.date(2021, 1, 1), None, 4, 30),
    HolidayRule("labour_day", "Ngày Quốc tế lao động", "solar", BLLD_2019, dt.date(2021, 1, 1), None, 5, 1),
    HolidayRule("national_day", "Quốc khánh", "solar", BLLD_2019, dt.date(2021, 1, 1), None, 9, 2),
    HolidayRule("national_day_extra", "Quốc khánh (ngày liền kề)", "national_day_extra",
                BLLD_2019 + " điểm đ; ngày cụ thể do Thủ tướng quyết định (khoản 3)", dt.date(2021, 1, 1), None),
    # Not in the 2019 text: added from 2026 (the `holidays` package carries it from 2026, citing
    # Nghị quyết 80-NQ/TW). Kept as its own entry so it can be corrected without touching the rest.
    HolidayRule("culture_day", "Ngày Văn hóa Việt Nam", "solar",
                "Ngày Văn hóa Việt Nam 24/11, nghỉ hưởng lương (Nghị quyết 80-NQ/TW) — cần đối chiếu văn bản",
                dt.date(2026, 1, 1), None, 11, 24),
)

# The day next to 2/9, by the weekday of 2/9 (Monday=0). The law leaves the choice to the
# Government each year; its notices 2021–2026 (3/9/2021 Fri, 1/9/2022 Thu, 1/9/2023 Fri,
# 3/9/2024 Tue, 1/9/2025 Mon, 1/9/2026 Tue) all pick the day that joins the break to a weekend or
# to a bridge, which is the table below (the `holidays` package uses the same table). Inferred;
# a CalendarException row overrides it for a year whose notice differs.
_NATIONAL_DAY_EXTRA_OFFSET = {0: +1, 1: -1, 2: -1, 3: +1, 4: -1, 5: -1, 6: +1}


@dataclass(frozen=True)
class Holiday:
    day: dt.date
    name: str
    source: str
    key: str
    substitute_for: dt.date | None = None


# `lunardate` follows the Chinese calendar, computed for UTC+8. Vietnam's lunar calendar is
# computed for UTC+7 (meridian 105°E, Quyết định 121-CP ngày 08/8/1967), and in a few years a new
# moon falls either side of midnight, moving a month's first day. The days a rule here uses and
# where the two calendars differ (checked against the Vietnamese tables of the `holidays` package,
# 1990–2077): (lunar year, month, day) → solar date in Vietnam.
_VIETNAMESE_CALENDAR_CORRECTIONS: dict[tuple[int, int, int], dt.date] = {
    (2007, 1, 1): dt.date(2007, 2, 17),
    (2009, 3, 10): dt.date(2009, 4, 4),
    (2030, 1, 1): dt.date(2030, 2, 2),
    (2037, 3, 10): dt.date(2037, 4, 24),
    (2038, 3, 10): dt.date(2038, 4, 13),
    (2053, 1, 1): dt.date(2053, 2, 18),
}


def lunar_to_solar(year: int, month: int, day: int) -> dt.date:
    """Solar date of a Vietnamese lunar date (non-leap month)."""
    corrected = _VIETNAMESE_CALENDAR_CORRECTIONS.get((year, month, day))
    if corrected is not None:
        return corrected
    return LunarDate(year, month, day).to_solar_date()


def _rule_days(rule: HolidayRule, year: int) -> list[tuple[dt.date, str]]:
    if rule.kind == "solar":
        return [(dt.date(year, rule.month, rule.day), rule.name)]
    if rule.kind == "lunar":
        return [(lunar_to_solar(year, rule.month, rule.day), rule.name)]
    if rule.kind == "tet":
        # The lunar year whose first day falls in this solar year (always in Jan–Feb); its eve is
        # the last day of the previous lunar year (29 or 30 of the 12th month).
        new_year = lunar_to_solar(year, 1, 1)
        days = [(new_year - dt.timedelta(days=1), f"{rule.name} (giao thừa)")]
        days += [(new_year + dt.timedelta(days=i), f"{rule.name} (mùng {i + 1})") for i in range(rule.length - 1)]
        return days
    if rule.kind == "national_day_extra":
        sep2 = dt.date(year, 9, 2)
        return [(sep2 + dt.timedelta(days=_NATIONAL_DAY_EXTRA_OFFSET[sep2.weekday()]), rule.name)]
    raise ValueError(f"Unknown holiday rule kind {rule.kind!r}")


@lru_cache(maxsize=256)
def holidays_for_year(year: int) -> tuple[Holiday, ...]:
    """The public holidays of a solar year under the rules in force, with substitute days off.

    A holiday that falls on a Saturday or Sunday gives a substitute day off on the next working day
    that is neither a weekend nor another holiday nor an earlier substitute (BLLĐ 2019 Điều 111
    khoản 3). The Government's yearly notices sometimes place Tết's extra days before the
    holiday instead, or swap working days; those are CalendarException rows.
    """
    base: dict[dt.date, Holiday] = {}
    for rule in HOLIDAY_RULES:
        if not rule.applies_in(year):
            continue
        for day, name in _rule_days(rule, year):
            if day.year == year and rule.effective_from <= day and (rule.effective_to is None or day <= rule.effective_to):
                base.setdefault(day, Holiday(day, name, rule.source, rule.key))
    taken = set(base)
    result = list(base.values())
    for holiday in sorted(base.values(), key=lambda h: h.day):
        if holiday.day.weekday() < 5:
            continue
        sub = holiday.day + dt.timedelta(days=1)
        while sub.weekday() >= 5 or sub in taken:
            sub += dt.timedelta(days=1)
        taken.add(sub)
        result.append(
            Holiday(sub, f"Nghỉ bù {holiday.name}, ngày {holiday.day:%d/%m/%Y} trùng ngày nghỉ hằng tuần",
                    SUBSTITUTE_SOURCE, "substitute", substitute_for=holiday.day)
        )
    return tuple(sorted(result, key=lambda h: h.day))


@lru_cache(maxsize=256)
def _holiday_map(year: int) -> dict[dt.date, Holiday]:
    return {h.day: h for h in holidays_for_year(year)}


def holiday_on(day: dt.date) -> Holiday | None:
    return _holiday_map(day.year).get(day)


# ---------------------------------------------------------------------------------------------
# Working days
# ---------------------------------------------------------------------------------------------

# Saturdays and Sundays are days off for state bodies (Nghị định 45/2013/NĐ-CP; Quyết định
# 188/1999/QĐ-TTg on the 40-hour week).
WEEKEND = frozenset({5, 6})
WEEKEND_SOURCE = "Quyết định 188/1999/QĐ-TTg (tuần làm việc 40 giờ, nghỉ thứ Bảy và Chủ nhật)"


def is_working_day(day: dt.date, exceptions: Mapping[dt.date, str] | None = None) -> bool:
    """Is `day` a working day of state bodies? A CalendarException wins; then weekends and public
    holidays (with their substitute days) are days off."""
    if exceptions and day in exceptions:
        return exceptions[day] == WORKING_DAY
    if day.weekday() in WEEKEND:
        return False
    return holiday_on(day) is None


def day_off_reason(day: dt.date, exceptions: Mapping[dt.date, str] | None = None,
                   names: Mapping[dt.date, str] | None = None) -> str | None:
    """Why `day` is a day off (None if it is a working day)."""
    if is_working_day(day, exceptions):
        return None
    if exceptions and day in exceptions:
        return (names or {}).get(day) or "Ngày nghỉ theo thông báo"
    holiday = holiday_on(day)
    if holiday is not None:
        return holiday.name
    return "Thứ Bảy" if day.weekday() == 5 else "Chủ nhật"


def add_calendar_days(start: dt.date, n: int) -> dt.date:
    """The end of a time limit of `n` days counted from the event: the event's day is not counted
    (Bộ luật Dân sự 2015 Điều 147 khoản 1)."""
    return start + dt.timedelta(days=n)


def next_working_day_if_off(day: dt.date, exceptions: Mapping[dt.date, str] | None = None) -> dt.date:
    """If the last day of a time limit is a weekend day or a holiday, the limit ends at the end of
    the next working day (Bộ luật Dân sự 2015 Điều 148 khoản 5)."""
    while not is_working_day(day, exceptions):
        day += dt.timedelta(days=1)
    return day


def add_working_days_explained(
    start: dt.date, n: int, exceptions: Mapping[dt.date, str] | None = None,
    names: Mapping[dt.date, str] | None = None,
) -> tuple[dt.date, list[tuple[dt.date, str]]]:
    """The n-th working day after `start` ("trong thời hạn n ngày làm việc kể từ ngày ...": the
    day of the event is not counted), and the days off skipped on the way with the reason.
    A negative n counts backwards (n working days before `start`); n=0 returns `start`."""
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    day = start
    skipped: list[tuple[dt.date, str]] = []
    while remaining:
        day += dt.timedelta(days=step)
        reason = day_off_reason(day, exceptions, names)
        if reason is None:
            remaining -= 1
        else:
            skipped.append((day, reason))
    return day, skipped


def add_working_days(start: dt.date, n: int, exceptions: Mapping[dt.date, str] | None = None) -> dt.date:
    """See add_working_days_explained."""
    return add_working_days_explained(start, n, exceptions)[0]


def working_days_between(start: dt.date, end: dt.date, exceptions: Mapping[dt.date, str] | None = None) -> int:
    """Working days in (start, end]: the count such that add_working_days(start, count) is the
    last working day on or before `end`. Negative when end is before start."""
    if end < start:
        return -working_days_between(end, start, exceptions)
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day, exceptions):
            count += 1
    return count


# ---------------------------------------------------------------------------------------------
# Evidence files
# ---------------------------------------------------------------------------------------------
# Which files may be attached as evidence. Not a rule of law: a provincial security policy
# (ARCHITECTURE.md, "uploads are checked for type and size"), kept here as data so that a change
# is a new entry with its date. The type is decided from the file's CONTENT (services/files.py);
# the declared name and MIME type are never trusted.


@dataclass(frozen=True)
class EvidenceType:
    key: str
    label: str
    mime: str
    extensions: tuple[str, ...]  # the first one is used when a download needs a corrected name
    strippable: bool = False  # metadata (EXIF, author) can be removed on request


@dataclass(frozen=True)
class EvidencePolicy:
    effective_from: dt.date
    max_bytes: int  # the default; settings.EVIDENCE_MAX_BYTES overrides it per deployment
    allowed: tuple[str, ...]
    source: str


EVIDENCE_TYPES: dict[str, EvidenceType] = {
    t.key: t
    for t in (
        EvidenceType("pdf", "PDF", "application/pdf", (".pdf",), strippable=True),
        EvidenceType("docx", "Word (.docx)",
                     "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",),
                     strippable=True),
        EvidenceType("xlsx", "Excel (.xlsx)",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",),
                     strippable=True),
        EvidenceType("pptx", "PowerPoint (.pptx)",
                     "application/vnd.openxmlformats-officedocument.presentationml.presentation", (".pptx",),
                     strippable=True),
        EvidenceType("doc", "Word 97-2003 (.doc)", "application/msword", (".doc",)),
        EvidenceType("xls", "Excel 97-2003 (.xls)", "application/vnd.ms-excel", (".xls",)),
        EvidenceType("odt", "OpenDocument (.odt)", "application/vnd.oasis.opendocument.text", (".odt",)),
        EvidenceType("ods", "OpenDocument (.ods)", "application/vnd.oasis.opendocument.spreadsheet", (".ods",)),
        EvidenceType("png", "PNG", "image/png", (".png",), strippable=True),
        EvidenceType("jpeg", "JPEG", "image/jpeg", (".jpg", ".jpeg"), strippable=True),
        EvidenceType("gif", "GIF", "image/gif", (".gif",)),
        EvidenceType("webp", "WebP", "image/webp", (".webp",), strippable=True),
        EvidenceType("txt", "Văn bản (.txt)", "text/plain; charset=utf-8", (".txt",)),
        EvidenceType("csv", "CSV", "text/csv; charset=utf-8", (".csv",)),
    )
}

EVIDENCE_POLICIES: tuple[EvidencePolicy, ...] = (
    EvidencePolicy(
        effective_from=dt.date(2025, 1, 1),
        max_bytes=25 * 1024 * 1024,
        allowed=tuple(EVIDENCE_TYPES),
        source="Quy định nội bộ về an toàn thông tin của hệ thống (không phải quy định pháp luật)",
    ),
)


def evidence_policy(on: dt.date) -> EvidencePolicy:
    """The evidence policy in force on `on` (the latest that started on or before it)."""
    current = [p for p in EVIDENCE_POLICIES if p.effective_from <= on]
    return max(current, key=lambda p: p.effective_from) if current else EVIDENCE_POLICIES[0]


def evidence_limit_mb(max_bytes: int) -> str:
    """A byte limit in MB as a Vietnamese reads it: "25", "2,5"."""
    mb = max_bytes / (1024 * 1024)
    return f"{mb:.0f}" if mb == int(mb) else f"{mb:.1f}".replace(".", ",")
