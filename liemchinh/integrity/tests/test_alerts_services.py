"""alert_decide and match_judge: permission, validation, history, audit, and decisions that
survive a re-scan (the scan upserts alerts by key and keeps their status)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from liemchinh.core.errors import DomainError
from liemchinh.core.models import AuditEvent
from liemchinh.core.roles import Role
from liemchinh.integrity.models import Alert, AlertDecision, MatchJudgement
from liemchinh.integrity.services.alerts import alert_decide, match_judge
from liemchinh.integrity.tests.alert_world import build_world, make_alert

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(org_tree):
    return build_world(org_tree["finance"])


@pytest.fixture
def people(org_tree, make_user):
    province = org_tree["province"]
    return {
        "officer": make_user(Role.INSPECTORATE_OFFICER, province, username="can_bo"),
        "leader": make_user(Role.INSPECTORATE_LEADER, province, username="lanh_dao"),
        "asset": make_user(Role.ASSET_CONTROL_OFFICER, province, username="kstn"),
        "focal": make_user(Role.FOCAL_POINT, org_tree["finance"], username="dau_moi"),
        "viewer": make_user(Role.VIEWER, province, username="xem"),
        "other_officer": make_user(Role.INSPECTORATE_OFFICER, org_tree["justice"], username="cb_stp"),
    }


def test_confirm_with_measure_records_history_status_and_audit(world, people):
    alert = world["post_alert"]
    row = alert_decide(
        actor=people["officer"],
        alert=alert,
        decision="confirmed",
        measure="supervision",
        reason="  Giao Phó Giám đốc giám sát.  ",
    )
    alert.refresh_from_db()
    assert alert.status == Alert.Status.CONFIRMED
    assert (row.decision, row.measure, row.reason, row.decided_by) == (
        "confirmed",
        "supervision",
        "Giao Phó Giám đốc giám sát.",
        people["officer"],
    )
    event = AuditEvent.objects.get(action="integrity.alert.decide")
    assert event.object_id == str(alert.pk)
    assert event.organization_id == world["body"].organization_id
    assert event.changes["status"] == ["pending", "confirmed"]
    assert event.changes["measure"] == "supervision"


def test_confirm_needs_a_valid_measure(world, people):
    alert = world["post_alert"]
    with pytest.raises(DomainError) as exc:
        alert_decide(actor=people["officer"], alert=alert, decision="confirmed")
    assert exc.value.field == "measure" and "biện pháp kiểm soát" in exc.value.message
    with pytest.raises(DomainError) as exc:
        alert_decide(actor=people["officer"], alert=alert, decision="confirmed", measure="fine")
    assert exc.value.field == "measure"
    assert not AlertDecision.objects.exists()
    assert not AuditEvent.objects.filter(action="integrity.alert.decide").exists()


def test_dismiss_needs_a_reason_and_takes_no_measure(world, people):
    alert = world["post_alert"]
    with pytest.raises(DomainError) as exc:
        alert_decide(actor=people["officer"], alert=alert, decision="dismissed", reason="   ")
    assert exc.value.field == "reason" and "lý do bác bỏ" in exc.value.message
    with pytest.raises(DomainError) as exc:
        alert_decide(
            actor=people["officer"], alert=alert, decision="dismissed", measure="transfer", reason="x"
        )
    assert exc.value.field == "measure"
    alert_decide(
        actor=people["leader"], alert=alert, decision="dismissed", reason="Không phải cùng một người."
    )
    alert.refresh_from_db()
    assert alert.status == Alert.Status.DISMISSED


def test_unknown_decision_is_refused(world, people):
    with pytest.raises(DomainError) as exc:
        alert_decide(actor=people["officer"], alert=world["post_alert"], decision="maybe")
    assert exc.value.field == "decision"


def test_a_decided_alert_is_reopened_with_a_reason_before_another_decision(world, people):
    alert = world["post_alert"]
    officer = people["officer"]
    alert_decide(actor=officer, alert=alert, decision="dismissed", reason="Quan hệ đã chấm dứt.")
    with pytest.raises(DomainError) as exc:
        alert_decide(actor=officer, alert=alert, decision="confirmed", measure="recusal")
    assert "mở lại" in exc.value.message
    with pytest.raises(DomainError) as exc:
        alert_decide(actor=officer, alert=alert, decision="reopened")
    assert exc.value.field == "reason"
    alert_decide(actor=officer, alert=alert, decision="reopened", reason="Có thông tin mới.")
    alert.refresh_from_db()
    assert alert.status == Alert.Status.PENDING
    with pytest.raises(DomainError):
        alert_decide(actor=officer, alert=alert, decision="reopened", reason="Lần nữa.")
    alert_decide(actor=officer, alert=alert, decision="confirmed", measure="transfer")
    alert.refresh_from_db()
    assert alert.status == Alert.Status.CONFIRMED
    assert list(alert.decisions.order_by("pk").values_list("decision", flat=True)) == [
        "dismissed",
        "reopened",
        "confirmed",
    ]


@pytest.mark.parametrize("who", ["focal", "viewer", "asset"])
def test_only_inspectorate_officers_and_leaders_decide(world, people, who):
    with pytest.raises(PermissionDenied):
        alert_decide(
            actor=people[who], alert=world["post_alert"], decision="confirmed", measure="supervision"
        )
    assert not AlertDecision.objects.exists()


def test_an_officer_of_another_body_cannot_decide_on_this_body(world, people):
    with pytest.raises(PermissionDenied):
        alert_decide(
            actor=people["other_officer"], alert=world["post_alert"], decision="dismissed", reason="x"
        )


def test_decision_survives_a_rescan_that_upserts_the_same_key(world, people):
    alert = world["post_alert"]
    alert_decide(actor=people["officer"], alert=alert, decision="confirmed", measure="suspension")
    again = make_alert(
        "relative_in_sensitive_post",
        "CB001",
        world["body"],
        {"official_id": "CB002"},
        score=0.99,
        evidence=["positions.csv row 130"],
        explanation="Lần quét mới.",
    )
    assert again.pk == alert.pk
    assert again.status == Alert.Status.CONFIRMED
    assert again.score == 0.99 and again.evidence == ["positions.csv row 130"]
    assert again.decisions.get().measure == "suspension"
    assert Alert.objects.count() == 2


def test_judge_orders_keys_upserts_and_audits(world, people):
    wife, owner = world["wife"], world["owner"]
    first = match_judge(
        actor=people["asset"],
        left_key=wife.record_key,
        right_key=owner.record_key,
        verdict="unsure",
        reason="Chỉ trùng năm sinh.",
    )
    assert first.left_key < first.right_key
    assert {first.left_key, first.right_key} == {wife.record_key, owner.record_key}
    second = match_judge(
        actor=people["officer"], left_key=owner.record_key, right_key=wife.record_key, verdict="same"
    )
    assert second.pk == first.pk
    judgement = MatchJudgement.objects.get()
    assert (judgement.verdict, judgement.decided_by, judgement.reason) == ("same", people["officer"], "")
    events = AuditEvent.objects.filter(action="integrity.match.judge").order_by("pk")
    assert [e.changes["verdict"] for e in events] == [["", "unsure"], ["unsure", "same"]]


def test_judgement_is_kept_when_the_registries_are_reimported(world, people):
    """A re-import rewrites the rows (new row numbers, new import run) but not the record keys."""
    wife, owner = world["wife"], world["owner"]
    match_judge(
        actor=people["officer"],
        left_key=wife.record_key,
        right_key=owner.record_key,
        verdict="not_same",
        reason="Khác quê quán.",
    )
    type(wife).objects.filter(pk=wife.pk).update(source_row=99, row_hash="new")
    wife.refresh_from_db()
    judgement = MatchJudgement.objects.get(left_key=min(wife.record_key, owner.record_key))
    assert judgement.verdict == "not_same"


def test_judge_validation(world, people):
    officer, wife = people["officer"], world["wife"]
    with pytest.raises(DomainError) as exc:
        match_judge(
            actor=officer, left_key=wife.record_key, right_key=world["owner"].record_key, verdict="maybe"
        )
    assert exc.value.field == "verdict"
    with pytest.raises(DomainError) as exc:
        match_judge(actor=officer, left_key=wife.record_key, right_key=wife.record_key, verdict="same")
    assert exc.value.field == "right_key"
    with pytest.raises(DomainError) as exc:
        match_judge(actor=officer, left_key=wife.record_key, right_key="officials:KHONG-CO", verdict="same")
    assert exc.value.field == "right_key" and "officials:KHONG-CO" in exc.value.message
    assert not MatchJudgement.objects.exists()


@pytest.mark.parametrize("who", ["focal", "viewer"])
def test_focal_points_and_viewers_cannot_judge(world, people, who):
    with pytest.raises(PermissionDenied):
        match_judge(
            actor=people[who],
            left_key=world["wife"].record_key,
            right_key=world["owner"].record_key,
            verdict="same",
        )
