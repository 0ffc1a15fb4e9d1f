"""Dates, deadlines and recurrences as Vietnamese documents write them."""

from __future__ import annotations

import calendar
import datetime as dt
import re

_DMY = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"
_WORDS = r"(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"
_DEADLINE_WORD = (r"(?:trước|chậm\s+nhất|hạn\s+chót|hạn\s+cuối|thời\s+hạn(?:\s+hoàn\s+thành)?\s*:?|không\s+quá|"
                  r"xong\s+trước|hoàn\s+thành\s+(?:trước|trong|vào)|thời\s+gian(?:\s+(?:thực\s+hiện|hoàn\s+thành))?\s*:)")
_DEADLINE_DAY = re.compile(
    _DEADLINE_WORD + r"(?:\s+là)?(?:\s+(?:ngày|hết\s+ngày))?\s*[:]?\s*(?:" + _DMY + "|" + _WORDS + r"|(\d{1,2})\s*/\s*(\d{1,2})(?![/\d]))",
    re.IGNORECASE)
_DEADLINE_MONTH = re.compile(
    r"(?:trong|trước\s+hết|hết|cuối|(?:thời\s+(?:gian|hạn)(?:\s+(?:thực\s+hiện|hoàn\s+thành))?\s*:\s*(?:trong\s+)?))\s*tháng\s+(\d{1,2})\s*(?:năm\s+|/\s*)(\d{4})", re.IGNORECASE)
_DEADLINE_QUARTER = re.compile(r"(?:trong|trước\s+hết|cuối)\s+quý\s+(IV|III|II|I|[1-4])(?:\s*(?:năm\s+|/\s*)(\d{4}))?",
                               re.IGNORECASE)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def make_date(year, month, day) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        return None


def month_end(year: int, month: int) -> dt.date | None:
    if not 1 <= month <= 12:
        return None
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_date(text: str) -> dt.date | None:
    """The first full date in `text`: "16/09/2025", "ngày 08 tháng 11 năm 2023"."""
    m = re.search(_WORDS, text) or re.search(_DMY, text)
    if not m:
        return None
    return make_date(m.group(3), m.group(2), m.group(1))


def find_deadline(text: str, default_year: int | None = None) -> dt.date | None:
    """The deadline a sentence sets: "trước ngày 20/3/2025", "chậm nhất ngày 30/9/2025",
    "(Thực hiện trong tháng 02 năm 2025)" (the month's last day), "trong quý I năm 2025" (the
    quarter's last day). A date without a year takes `default_year`."""
    m = _DEADLINE_DAY.search(text)
    if m:
        g = m.groups()
        if g[0]:
            return make_date(g[2], g[1], g[0])
        if g[3]:
            return make_date(g[5], g[4], g[3])
        if g[6] and default_year:
            return make_date(default_year, g[7], g[6])
    m = _DEADLINE_MONTH.search(text)
    if m:
        return month_end(int(m.group(2)), int(m.group(1)))
    m = _DEADLINE_QUARTER.search(text)
    if m:
        year = int(m.group(2)) if m.group(2) else default_year
        if year:
            return month_end(year, _ROMAN[m.group(1).upper()] * 3)
    return None


_ORDER = ["quarterly", "half_yearly", "nine_monthly", "yearly"]
_EVERY = re.compile(r"\b(?:hằng|hàng)\s+(quý|năm)\b", re.IGNORECASE)
_PERIODIC = re.compile(r"(?:định\s+kỳ|các\s+kỳ|kỳ\s+báo\s+cáo|kỳ\s+thống\s+kê|\b(?:hằng|hàng)\s+quý)", re.IGNORECASE)
_PERIOD_TOKEN = re.compile(r"\b(quý(?!\s+(?:I|II|III|IV)\b))|\b0?(6)\s+tháng|\b0?(9)\s+tháng|\b(năm)\b(?!\s*\d)",
                           re.IGNORECASE)


def find_recurrence(text: str):
    """"hằng quý, 6 tháng, năm" → ["quarterly", "half_yearly", "yearly"]; "hằng năm" → "yearly";
    "định kỳ 6 tháng" → "half_yearly"; nothing periodic → None."""
    found: set[str] = set()
    for m in _EVERY.finditer(text):
        found.add("quarterly" if m.group(1).lower() == "quý" else "yearly")
    for m in _PERIODIC.finditer(text):
        window = re.split(r"[;.]", text[m.start():m.start() + 120])[0]
        for token in _PERIOD_TOKEN.finditer(window):
            if token.group(1):
                found.add("quarterly")
            elif token.group(2):
                found.add("half_yearly")
            elif token.group(3):
                found.add("nine_monthly")
            elif token.group(4):
                found.add("yearly")
    if not found:
        return None
    ordered = [name for name in _ORDER if name in found]
    return ordered[0] if len(ordered) == 1 else ordered
