"""Officers' decisions and same/not-same judgements through the real pipeline (import → scan →
decide/judge → re-scan → re-import → re-scan), on the demo registries, with the exact resolver so
that the test does not depend on the statistical model's weights."""

from __future__ import annotations

import shutil

import pytest

from liemchinh.core.permissions import SYSTEM
from liemchinh.core.roles import Role
from liemchinh.demo.integrity import INTEGRITY_DIR
from liemchinh.integrity import keys
from liemchinh.integrity.importing import sources_from_path
from liemchinh.integrity.models import Alert, MatchJudgement, PersonLink
from liemchinh.integrity.services.alerts import alert_decide, match_judge
from liemchinh.integrity.services.importing import registry_import
from liemchinh.integrity.services.scanning import scan_execute, scan_start

pytestmark = pytest.mark.django_db

SISTER = keys.relative_key("TN0001", "sibling", "Tran Thi My Linh", "1975-08-20", "")
SISTER_AS_OFFICIAL = keys.official_key("TN0003")


def scan():
    run = scan_start(actor=SYSTEM, resolver="exact", enqueue=False)
    return scan_execute(scan_id=run.pk)


def sister_alert() -> Alert:
    return Alert.objects.get(
        rule="relative_in_sensitive_post", official_id="TN0001", counterpart={"official_id": "TN0003"}
    )


@pytest.fixture
def officer(org_tree, make_user):
    return make_user(Role.INSPECTORATE_OFFICER, org_tree["province"], username="can_bo")


@pytest.fixture
def imported():
    return registry_import(actor=SYSTEM, sources=sources_from_path(INTEGRITY_DIR))


def test_decision_and_judgement_survive_rescans_and_reimports(imported, officer, tmp_path):
    first = scan()
    alert = sister_alert()
    assert alert.active and alert.last_scan_id == first.pk
    assert PersonLink.objects.filter(
        left_key=min(SISTER, SISTER_AS_OFFICIAL), right_key=max(SISTER, SISTER_AS_OFFICIAL)
    ).exists()
    contract = Alert.objects.get(rule="contract_with_relative_business", official_id="TN0001")
    alert_decide(
        actor=officer,
        alert=contract,
        decision="confirmed",
        measure="recusal",
        reason="Không giao Giám đốc ký hợp đồng với Công ty Quốc Thịnh.",
    )

    # The officer finds the sister is not the accountant: not the same person.
    match_judge(
        actor=officer,
        left_key=SISTER_AS_OFFICIAL,
        right_key=SISTER,
        verdict="not_same",
        reason="Trùng tên và ngày sinh nhưng khác quê quán.",
    )
    second = scan()
    alert.refresh_from_db()
    contract.refresh_from_db()
    assert not alert.active and alert.status == Alert.Status.PENDING
    assert contract.active and contract.last_scan_id == second.pk
    assert contract.status == Alert.Status.CONFIRMED and contract.decisions.get().measure == "recusal"

    # Re-import after an edit that moves every relatives row down one line: keys do not move.
    data = tmp_path / "registries"
    shutil.copytree(INTEGRITY_DIR, data, ignore=shutil.ignore_patterns("*.md"))
    relatives = (data / "relatives.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    relatives.insert(1, "TN0010,spouse,Phạm Thị Hoa,1968-04-04,\n")
    (data / "relatives.csv").write_text("".join(relatives), encoding="utf-8")
    registry_import(actor=SYSTEM, sources=sources_from_path(data))
    scan()
    alert.refresh_from_db()
    assert not alert.active
    assert MatchJudgement.objects.get().verdict == "not_same"

    # Changing one's mind: "same" joins the pair again and the alert comes back, still pending.
    match_judge(actor=officer, left_key=SISTER, right_key=SISTER_AS_OFFICIAL, verdict="same")
    fourth = scan()
    alert.refresh_from_db()
    assert alert.active and alert.last_scan_id == fourth.pk and alert.score == 1.0
    assert "relatives.csv row 4" in alert.evidence  # the moved row, quoted where it now is
    link = PersonLink.objects.get(scan=fourth, left_key=min(SISTER, SISTER_AS_OFFICIAL))
    assert link.judged == "same"
