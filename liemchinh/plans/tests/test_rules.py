"""plans/rules.py: recurrences, derived status, reminder schedule."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liemchinh.plans import rules

DAY = dt.date(2030, 5, 20)


def test_recurrence_values_of_the_reader_contract_become_periods():
    assert rules.recurrence_periods(["quarterly", "half_yearly", "yearly"]) == ["q1", "h1", "q2", "q3", "year", "q4"]
    assert rules.recurrence_periods("nine_monthly") == ["m9"]
    assert rules.normalise_recurrence(None) == []
    with pytest.raises(ValueError):
        rules.normalise_recurrence(["monthly"])


@given(st.sampled_from(["not_started", "in_progress", "done"]), st.integers(-30, 30))
def test_overdue_is_not_done_and_past_due(status, offset):
    due = DAY + dt.timedelta(days=offset)
    shown = rules.display_status(status, due, DAY)
    assert (shown == "overdue") == (status != "done" and due < DAY)
    assert rules.display_status(status, None, DAY) == status


def test_reminder_schedule_thresholds_and_overrides():
    schedule = rules.reminder_schedule(DAY)
    assert schedule.days_before == (7, 1) and schedule.overdue_every_days == 7
    assert rules.reminder_schedule(DAY, days_before=[3, 14], overdue_every_days=2).days_before == (14, 3)
    due = DAY + dt.timedelta(days=5)
    assert rules.reminder_due(schedule, due_on=due, today=DAY, sent_kinds=set(), last_overdue=None) == "before_7"
    assert rules.reminder_due(schedule, due_on=due, today=DAY, sent_kinds={"before_7"}, last_overdue=None) is None
    assert rules.reminder_due(schedule, due_on=DAY, today=DAY, sent_kinds={"before_7"}, last_overdue=None) == "before_1"
    assert rules.reminder_due(schedule, due_on=DAY + dt.timedelta(days=30), today=DAY, sent_kinds=set(),
                              last_overdue=None) is None
    late = DAY - dt.timedelta(days=1)
    assert rules.reminder_due(schedule, due_on=late, today=DAY, sent_kinds=set(), last_overdue=None) == "overdue"
    assert rules.reminder_due(schedule, due_on=late, today=DAY, sent_kinds=set(),
                              last_overdue=DAY - dt.timedelta(days=6)) is None
    assert rules.reminder_due(schedule, due_on=late, today=DAY, sent_kinds=set(),
                              last_overdue=DAY - dt.timedelta(days=7)) == "overdue"
