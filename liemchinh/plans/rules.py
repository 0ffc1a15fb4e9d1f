"""Pure rules of the plans app: how a recurring duty becomes reporting periods, when a task is
overdue, and when reminders go out. No ORM, no I/O.

- Recurrence values are those of the document reader's contract (hằng quý, 6 tháng, 9 tháng,
  hằng năm → quarterly, half_yearly, nine_monthly, yearly). Each becomes the periods of the
  reporting calendar (core/rules.py), whose due dates come from the regime in force for the
  period (Thông tư 02/2021/TT-TTCP Điều 7, Thông tư 01/2024/TT-TTCP; NĐ 09/2019/NĐ-CP Điều 13).
- The reminder schedule is not a rule of law: it is the province's working practice of chasing
  (theo dõi, đôn đốc) tasks of its plans, kept here as data with the day it applies from; a
  deployment may override it with settings.PLANS_REMINDER_DAYS_BEFORE and
  settings.PLANS_REMINDER_OVERDUE_EVERY_DAYS.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

RECURRENCES = ("quarterly", "half_yearly", "nine_monthly", "yearly")

# Reporting periods (core/rules.py PERIOD_KINDS) of each recurrence, in the year's order.
RECURRENCE_PERIODS: dict[str, tuple[str, ...]] = {
    "quarterly": ("q1", "q2", "q3", "q4"),
    "half_yearly": ("h1",),
    "nine_monthly": ("m9",),
    "yearly": ("year",),
}

RECURRENCE_LABELS = {
    "quarterly": "Hằng quý",
    "half_yearly": "6 tháng",
    "nine_monthly": "9 tháng",
    "yearly": "Hằng năm",
}

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
DONE = "done"
OVERDUE = "overdue"  # derived, never stored


def normalise_recurrence(value) -> list[str]:
    """The contract allows null, one value or a list: always a list of known values, once each,
    in the canonical order. Unknown values raise ValueError."""
    if value in (None, "", []):
        return []
    values = [value] if isinstance(value, str) else list(value)
    unknown = [v for v in values if v not in RECURRENCES]
    if unknown:
        raise ValueError(f"Chu kỳ không hợp lệ: {', '.join(map(str, unknown))}")
    return [r for r in RECURRENCES if r in values]


def recurrence_periods(recurrence: list[str]) -> list[str]:
    """The period kinds of a (normalised) recurrence, each once, in calendar order."""
    kinds: list[str] = []
    for value in normalise_recurrence(recurrence):
        for kind in RECURRENCE_PERIODS[value]:
            if kind not in kinds:
                kinds.append(kind)
    order = ("q1", "h1", "q2", "m9", "q3", "year", "q4")
    return sorted(kinds, key=order.index)


def display_status(status: str, due_on: dt.date | None, today: dt.date) -> str:
    """"overdue" when the work is not done and its due date has passed; otherwise the stored status."""
    if status != DONE and due_on is not None and due_on < today:
        return OVERDUE
    return status


def on_time(due_on: dt.date | None, completed_on: dt.date | None) -> bool:
    """Done on or before its due date (a task without a due date is on time once done)."""
    return completed_on is not None and (due_on is None or completed_on <= due_on)


@dataclass(frozen=True)
class ReminderSchedule:
    effective_from: dt.date
    days_before: tuple[int, ...]  # remind this many days before the due date
    overdue_every_days: int  # then every n days while overdue
    source: str


REMINDER_SCHEDULES: tuple[ReminderSchedule, ...] = (
    ReminderSchedule(
        effective_from=dt.date(2020, 1, 1),
        days_before=(7, 1),
        overdue_every_days=7,
        source="Thực tiễn theo dõi, đôn đốc thực hiện kế hoạch PCTN của tỉnh (không phải quy định pháp luật)",
    ),
)


def reminder_schedule(on: dt.date, *, days_before=None, overdue_every_days=None) -> ReminderSchedule:
    """The schedule in force on `on`, with a deployment's overrides applied."""
    current = [s for s in REMINDER_SCHEDULES if s.effective_from <= on] or [REMINDER_SCHEDULES[0]]
    base = max(current, key=lambda s: s.effective_from)
    return ReminderSchedule(
        effective_from=base.effective_from,
        days_before=tuple(sorted({int(d) for d in (days_before or base.days_before) if int(d) > 0}, reverse=True)),
        overdue_every_days=max(1, int(overdue_every_days or base.overdue_every_days)),
        source=base.source,
    )


def reminder_due(schedule: ReminderSchedule, *, due_on: dt.date, today: dt.date,
                 sent_kinds: set[str], last_overdue: dt.date | None) -> str | None:
    """The reminder to send today for one unfinished assignment, or None.

    Before the due date: "before_<n>" for the smallest threshold n with days left ≤ n, unless
    already sent (a missed day catches up; an earlier threshold is not sent late). After the due
    date: "overdue" when none was sent in the last `overdue_every_days` days.
    """
    days_left = (due_on - today).days
    if days_left >= 0:
        candidates = [n for n in schedule.days_before if days_left <= n]
        if not candidates:
            return None
        kind = f"before_{min(candidates)}"
        return None if kind in sent_kinds else kind
    if last_overdue is None or (today - last_overdue).days >= schedule.overdue_every_days:
        return "overdue"
    return None
