import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liemchinh.core import rules as core_rules
from liemchinh.petitions import rules
from liemchinh.petitions.rules import CaseFacts, Suspension, compute_clock

D = dt.date


def clock(**kw):
    return compute_clock(CaseFacts(**kw), calendar=rules.Calendar(), today=kw.get("accepted_on") or kw["received_on"])


def test_every_limit_cites_its_article_and_date():
    assert rules.LIMITS
    for limit in rules.LIMITS:
        assert limit.article and limit.effective_from and limit.unit in (rules.CALENDAR, rules.WORKING)


def test_denunciation_classification_counts_working_days_and_ten_for_several_places():
    # Monday 03/03/2025: 7 working days → Wednesday 12/03; 10 working days → Monday 17/03.
    assert clock(kind="denunciation", received_on=D(2025, 3, 3)).on("classify") == D(2025, 3, 12)
    assert clock(kind="denunciation", received_on=D(2025, 3, 3), several_places=True).on("classify") == D(2025, 3, 17)
    assert clock(kind="denunciation", received_on=D(2025, 3, 3)).on("forward") == D(2025, 3, 10)


def test_working_days_skip_recorded_exceptions():
    cal = rules.Calendar({D(2025, 3, 5): "day_off"})
    c = compute_clock(CaseFacts(kind="denunciation", received_on=D(2025, 3, 3)), calendar=cal, today=D(2025, 3, 3))
    assert c.on("classify") == D(2025, 3, 13)


def test_denunciation_resolution_is_thirty_calendar_days_plus_extensions():
    c = clock(kind="denunciation", received_on=D(2025, 6, 2), accepted_on=D(2025, 6, 2))
    assert c.on("resolve") == D(2025, 7, 2)
    assert c.due["resolve"].limit.article.endswith("Điều 30 khoản 1")
    c = clock(kind="denunciation", received_on=D(2025, 6, 2), accepted_on=D(2025, 6, 2), extensions=(30,))
    assert c.on("resolve") == D(2025, 8, 1)
    c = clock(kind="denunciation", received_on=D(2025, 6, 2), accepted_on=D(2025, 6, 2), extensions=(30, 30))
    # 31/08/2025 is a Sunday and 01–02/09 the National Day holidays: the next working day is 03/09.
    assert c.on("resolve") == D(2025, 9, 3)
    assert c.due["resolve"].extended_days == 60


def test_calendar_limit_ending_on_a_weekend_moves_to_the_next_working_day():
    # Thursday 05/06/2025 + 30 days = Saturday 05/07 → Monday 07/07.
    assert clock(kind="denunciation", received_on=D(2025, 6, 5), accepted_on=D(2025, 6, 5)).on("resolve") == D(2025, 7, 7)


def test_anonymous_denunciation_has_no_article_30_clock():
    c = clock(kind="denunciation", received_on=D(2025, 6, 2), accepted_on=D(2025, 6, 2), anonymous=True)
    assert c.on("resolve") is None


def test_complaint_first_instance_accept_ten_days_resolve_thirty_or_forty_five_remote():
    c = clock(kind="complaint", received_on=D(2025, 6, 2))
    assert c.on("accept") == D(2025, 6, 12)
    assert c.on("classify") is None
    assert clock(kind="complaint", received_on=D(2025, 6, 2), accepted_on=D(2025, 6, 2)).on("resolve") == D(2025, 7, 2)
    remote = clock(kind="complaint", received_on=D(2025, 6, 2), accepted_on=D(2025, 6, 2), remote_area=True)
    assert remote.on("resolve") == D(2025, 7, 17)
    complex_ = clock(kind="complaint", received_on=D(2025, 6, 2), accepted_on=D(2025, 6, 2), extensions=(15,))
    assert complex_.on("resolve") == D(2025, 7, 17)


def test_feedback_forward_within_five_working_days_and_reception_reply_ten():
    assert clock(kind="feedback", received_on=D(2025, 3, 3)).on("forward") == D(2025, 3, 10)
    assert clock(kind="feedback", received_on=D(2025, 3, 3)).on("reply") is None
    c = clock(kind="harassment", received_on=D(2025, 3, 3), channel="citizen_reception")
    assert c.on("reply") == D(2025, 3, 17)
    assert c.due["reply"].limit.article == "Luật Tiếp công dân 2013 Điều 28"


def test_limits_from_1_july_2026_are_flagged_to_verify():
    before = rules.limit_for("denunciation", "resolve", D(2026, 6, 30))
    after = rules.limit_for("denunciation", "resolve", D(2026, 7, 1))
    assert not before.to_verify and after.to_verify
    assert after.days == before.days == 30
    assert "136/2025" in after.note


@pytest.mark.parametrize(
    ("kind", "complexity", "existing", "days", "allowed"),
    [
        ("denunciation", "normal", 0, 30, False),
        ("denunciation", "complex", 0, 30, True),
        ("denunciation", "complex", 1, 30, False),
        ("denunciation", "especially_complex", 1, 30, True),
        ("denunciation", "especially_complex", 2, 10, False),
        ("denunciation", "complex", 0, 31, False),
        ("complaint", "complex", 0, 15, True),
        ("complaint", "complex", 0, 16, False),
        ("complaint", "complex", 1, 15, False),
        ("feedback", "complex", 0, 5, False),
    ],
)
def test_extensions_are_counted_against_the_maximum(kind, complexity, existing, days, allowed):
    problem = rules.check_extension(kind, complexity, existing, days, on=D(2025, 6, 2))
    assert (problem is None) is allowed


def test_suspended_time_is_not_counted():
    c = compute_clock(
        CaseFacts(kind="complaint", received_on=D(2025, 6, 2), accepted_on=D(2025, 6, 2),
                  suspensions=(Suspension(D(2025, 6, 10), D(2025, 6, 20)),)),
        calendar=rules.Calendar(), today=D(2025, 6, 25))
    assert c.due["resolve"].suspended_days == 10
    assert c.on("resolve") == D(2025, 7, 14)  # 02/07 + 10 days = Saturday 12/07 → Monday 14/07


def test_overdue_steps_are_derived_from_status_and_today():
    c = clock(kind="denunciation", received_on=D(2025, 6, 2), accepted_on=D(2025, 6, 2))
    assert "resolve" in rules.overdue_steps(c, status="investigating", today=D(2025, 7, 3), done_steps={"notify_accept"})
    assert rules.overdue_steps(c, status="investigating", today=D(2025, 7, 2), done_steps={"notify_accept"}) == []
    assert "resolve" not in rules.overdue_steps(c, status="resolved", today=D(2025, 8, 1))


def test_supplement_requests_more_than_once_is_a_breach():
    assert not rules.supplement_breach(None)
    assert not rules.supplement_breach(1)
    assert rules.supplement_breach(2)


def test_anonymity_per_kind():
    assert rules.ANONYMITY[rules.Kind.COMPLAINT].mode == rules.ANON_REFUSED
    assert rules.ANONYMITY[rules.Kind.DENUNCIATION].mode == rules.ANON_CHECKED_IF_CONCRETE
    assert "Điều 25" in rules.ANONYMITY[rules.Kind.DENUNCIATION].article
    assert set(rules.ANONYMITY) == set(rules.Kind)


def test_transitions():
    assert rules.can_transition("received", "classified")
    assert not rules.can_transition("received", "resolved")
    assert rules.can_transition("investigating", "merged")
    assert not rules.can_transition("closed", "merged")


@given(
    kind=st.sampled_from(list(rules.Kind)),
    received=st.dates(min_value=D(2019, 1, 1), max_value=D(2027, 12, 31)),
    delay=st.integers(min_value=0, max_value=20),
    extensions=st.lists(st.integers(min_value=1, max_value=30), max_size=2),
    channel=st.sampled_from(list(rules.Channel)),
)
def test_due_dates_fall_on_working_days_and_extensions_only_push_them_later(kind, received, delay, extensions,
                                                                             channel):
    accepted = received + dt.timedelta(days=delay)
    base = compute_clock(CaseFacts(kind=kind, received_on=received, accepted_on=accepted, channel=channel),
                         calendar=rules.Calendar(), today=accepted)
    extended = compute_clock(CaseFacts(kind=kind, received_on=received, accepted_on=accepted, channel=channel,
                                       extensions=tuple(extensions)), calendar=rules.Calendar(), today=accepted)
    for step, due in base.due.items():
        assert core_rules.is_working_day(due.on)
        start = received if step in ("classify", "forward", "accept", "reply") else accepted
        assert due.on > start
        assert extended.due[step].on >= due.on
