"""The conflict-of-interest rules as data: lists per article, versions by date, periods, sectors,
scores (property tests of the pure functions)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from liemchinh.integrity import rules as R
from liemchinh.integrity.synth.generator import RULES as CONTRACT_RULES

days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31))
maybe_days = st.none() | days
probabilities = st.none() | st.floats(min_value=0, max_value=1, allow_nan=False)


def test_the_five_rules_of_the_contract_each_with_label_and_versions():
    assert R.RULE_CODES == CONTRACT_RULES
    for rule in R.RULE_CODES:
        assert R.RULE_LABELS[rule]
        versions = R.rule_versions(rule)
        assert versions and versions[-1].effective_from == R.LUAT_PCTN_2018_FROM
        assert "2018" in versions[-1].citation and "Luật Phòng, chống tham nhũng" in versions[-1].citation


def test_lists_per_article():
    post = R.version_in_force(R.RELATIVE_IN_SENSITIVE_POST, dt.date(2024, 1, 1))
    assert post.relations == {"spouse", "father", "mother", "child", "sibling"}
    assert post.subject_roles == {"hr", "accounting", "treasurer", "warehouse", "procurement"}
    assert post.official_roles == {"head", "deputy_head"} and "khoản 3 Điều 20" in post.citation
    stake = R.version_in_force(R.STAKE_IN_MANAGED_SECTOR, dt.date(2024, 1, 1))
    assert "sibling" not in stake.relations and stake.relations == {"spouse", "father", "mother", "child"}
    assert stake.official_enterprise_roles == {"owner", "shareholder"}
    assert "shareholder" not in stake.relative_enterprise_roles and "khoản 4 Điều 20" in stake.citation
    runs = R.version_in_force(R.OFFICIAL_RUNS_BUSINESS, dt.date(2024, 1, 1))
    assert runs.official_enterprise_roles == {"owner", "legal_representative", "manager"}
    contract = R.version_in_force(R.CONTRACT_WITH_RELATIVE_BUSINESS, dt.date(2024, 1, 1))
    assert "sibling" in contract.relations and contract.signer_counts
    assert R.version_in_force(R.SELF_DEALING_CONTRACT, dt.date(2024, 1, 1)).official_enterprise_roles == {
        "owner",
        "shareholder",
        "legal_representative",
        "manager",
    }


def test_version_in_force_by_date():
    rule = R.RELATIVE_IN_SENSITIVE_POST
    assert R.version_in_force(rule, dt.date(2000, 1, 1)) is None
    assert "2005" in R.version_in_force(rule, dt.date(2019, 6, 30)).citation
    assert "2018" in R.version_in_force(rule, dt.date(2019, 7, 1)).citation


@given(day=days)
def test_the_version_in_force_is_the_latest_started_one(day):
    extra = dataclasses.replace(
        R.rule_versions(R.STAKE_IN_MANAGED_SECTOR)[-1], effective_from=dt.date(2026, 7, 1)
    )
    table = {R.STAKE_IN_MANAGED_SECTOR: [extra, *R.RULE_VERSIONS[R.STAKE_IN_MANAGED_SECTOR]]}  # any order
    found = R.version_in_force(R.STAKE_IN_MANAGED_SECTOR, day, table)
    started = [v for v in table[R.STAKE_IN_MANAGED_SECTOR] if v.effective_from <= day]
    if not started:
        assert found is None
    else:
        assert found.effective_from == max(v.effective_from for v in started)
    # the windows agree: exactly one window holds the day, and it is that version's
    holding = [
        v for v, start, end in R.version_windows(R.STAKE_IN_MANAGED_SECTOR, table) if start <= day <= end
    ]
    assert holding == ([found] if found else [])


@given(a=maybe_days, b=maybe_days, c=maybe_days, d=maybe_days)
def test_overlap_is_symmetric_and_matches_a_common_day(a, b, c, d):
    assert R.periods_overlap(a, b, c, d) == R.periods_overlap(c, d, a, b)
    lo = max(a or R.FAR_PAST, c or R.FAR_PAST)
    if R.periods_overlap(a, b, c, d):
        assert R.in_post(a, b, lo) and R.in_post(c, d, lo)
    else:
        assert not (R.in_post(a, b, lo) and R.in_post(c, d, lo))


@given(start=days, day=days)
def test_still_in_post_covers_every_later_day(start, day):
    assert R.in_post(start, None, day) == (day >= start)


def test_sector_prefix_semantics():
    assert R.sector_managed("4101", ["41"])
    assert R.sector_managed("41", ["41"])
    assert R.sector_managed(" 41.01 ", ["68", "41"])
    assert not R.sector_managed("41", ["4101"])
    assert not R.sector_managed("4", ["41"])
    assert not R.sector_managed("", ["41"]) and not R.sector_managed("41", [])


@given(
    code=st.text(alphabet="0123456789", min_size=1, max_size=5),
    extra=st.text(alphabet="0123456789", max_size=3),
    managed=st.lists(st.text(alphabet="0123456789", min_size=1, max_size=5), max_size=4),
)
def test_a_managed_code_covers_its_subcodes(code, extra, managed):
    assert R.sector_managed(code + extra, [code, *managed])
    assert R.sector_managed(code, managed) == any(code.startswith(m) for m in managed)


@given(st.lists(probabilities, max_size=5))
def test_chain_score_stays_within_bounds_and_ids_count_one(values):
    score = R.chain_score(values)
    assert 0.0 <= score <= 1.0
    assert R.chain_score([*values, None]) == score
    assert R.chain_score(values, "min") >= score - 1e-12  # the product never exceeds the minimum
    if all(v is None or v == 1.0 for v in values):
        assert score == 1.0


def test_chain_score_examples():
    assert R.chain_score([]) == 1.0
    assert R.chain_score([None, 0.9]) == 0.9
    assert abs(R.chain_score([0.9, 0.8]) - 0.72) < 1e-12 and R.chain_score([0.9, 0.8], "min") == 0.8
    assert getattr(R, "LINK_NAME_ONLY_CAP", 0) < R.ALERT_MIN_SCORE  # a name alone never raises an alert
