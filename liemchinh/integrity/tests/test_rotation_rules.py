"""The rotation rules of rules.py: periods in force by sector and date, categories, exemptions,
tenure arithmetic."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liemchinh.integrity import rules


def test_inspection_sector_uses_the_general_range_until_circular_03_2021():
    before = rules.rotation_period_rule(rules.INSPECTION, dt.date(2021, 11, 19))
    after = rules.rotation_period_rule(rules.INSPECTION, dt.date(2021, 11, 20))
    assert (before.code, before.min_years, before.max_years) == ("PCTN-2018", 2, 5)
    assert (after.code, after.min_years, after.max_years) == ("TT03-2021", 3, 5)
    assert rules.rotation_period_rule(rules.GENERAL, dt.date(2026, 1, 1)).code == "PCTN-2018"


def test_no_rule_before_the_2018_law():
    with pytest.raises(ValueError):
        rules.rotation_period_rule(rules.GENERAL, dt.date(2019, 6, 30))


def test_general_rule_is_marked_to_verify():
    general = rules.rotation_period_rule(rules.GENERAL, dt.date(2026, 1, 1))
    assert general.to_verify and "cần đối chiếu" in general.citation


@pytest.mark.parametrize(
    ("category", "years", "day", "ok"),
    [
        ("public_finance", 2, dt.date(2026, 1, 1), True),
        ("public_finance", 5, dt.date(2026, 1, 1), True),
        ("public_finance", 1, dt.date(2026, 1, 1), False),
        ("public_finance", 6, dt.date(2026, 1, 1), False),
        ("inspection", 2, dt.date(2021, 6, 1), True),
        ("inspection", 2, dt.date(2026, 1, 1), False),
        ("inspection", 3, dt.date(2026, 1, 1), True),
        ("unknown", 3, dt.date(2026, 1, 1), False),
    ],
)
def test_period_error(category, years, day, ok):
    assert (rules.rotation_period_error(category, years, day) is None) is ok


def test_categories_and_exemptions_cite_their_source():
    assert {c.sector for c in rules.ROTATION_CATEGORIES} == {rules.GENERAL, rules.INSPECTION}
    assert all(c.citation for c in rules.ROTATION_CATEGORIES)
    assert rules.ROTATION_EXEMPTION_BY_KEY["near_retirement"].kind == "exempt"
    assert rules.ROTATION_EXEMPTION_BY_KEY["maternity"].kind == "deferred"
    assert "36 tháng" in rules.ROTATION_EXEMPTION_BY_KEY["maternity"].label
    assert set(rules.ROTATION_EXCLUDED_ROLES) == {"head", "deputy_head"}


@pytest.mark.parametrize(
    ("start", "as_of", "text"),
    [
        (dt.date(2020, 1, 31), dt.date(2023, 3, 30), "3 năm 1 tháng"),
        (dt.date(2020, 1, 31), dt.date(2023, 3, 31), "3 năm 2 tháng"),
        (dt.date(2025, 6, 1), dt.date(2026, 5, 31), "11 tháng"),
        (dt.date(2026, 5, 20), dt.date(2026, 6, 1), "dưới 1 tháng"),
        (dt.date(2022, 6, 1), dt.date(2026, 6, 1), "4 năm"),
    ],
)
def test_tenure_text(start, as_of, text):
    assert rules.tenure_text(start, as_of) == text


def test_due_on_is_the_anniversary():
    assert rules.rotation_due_on(dt.date(2022, 3, 15), 3) == dt.date(2025, 3, 15)
    assert rules.rotation_due_on(dt.date(2020, 2, 29), 1) == dt.date(2021, 2, 28)


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 1, 1)), st.integers(-600, 600))
def test_add_months_round_trip_keeps_the_month_count(day, months):
    moved = rules.add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day <= day.day
