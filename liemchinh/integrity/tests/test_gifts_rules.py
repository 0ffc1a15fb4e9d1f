"""The gift rules of rules.py: which rule applies on which day, which handling fits which gift."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liemchinh.integrity import rules


def test_no_deadline_before_decree_59_and_five_working_days_from_it():
    assert rules.gift_rule_on(dt.date(2019, 8, 14)) is None
    rule = rules.gift_rule_on(dt.date(2019, 8, 15))
    assert rule.code == "ND59-2019"
    assert (rule.report_working_days, rule.handover_working_days, rule.proceeds_days) == (5, 5, 30)
    assert "Điều 22" in rule.citation and "59/2019" in rule.citation
    assert rules.gift_rule_on(dt.date(2026, 11, 1)) is rule


@pytest.mark.parametrize(
    ("kind", "handling", "allowed"),
    [
        ("cash", "budget", True),
        ("valuable_papers", "budget", True),
        ("cash", "public_sale", False),
        ("goods", "public_sale", True),
        ("goods", "budget", False),
        ("service", "service_declined", True),
        ("service", "public_sale", False),
        ("perishable", "exhibit_rules", True),
        ("goods", "returned", True),
        ("goods", "nonsense", False),
    ],
)
def test_handling_by_kind(kind, handling, allowed):
    assert rules.gift_handling_allowed(kind, handling) is allowed


def test_unverified_handling_is_marked():
    assert rules.GIFT_HANDLING_BY_KEY["returned"].to_verify
    assert "cần đối chiếu" in rules.GIFT_HANDLING_BY_KEY["returned"].citation
    assert rules.GIFT_HANDLING_BY_KEY["public_sale"].sale


@given(st.dates(min_value=dt.date(2019, 8, 15), max_value=dt.date(2100, 1, 1)))
def test_some_rule_is_in_force_from_decree_59_on(day):
    rule = rules.gift_rule_on(day)
    assert rule is not None and rule.effective_from <= day
