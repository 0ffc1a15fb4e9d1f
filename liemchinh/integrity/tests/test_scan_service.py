"""scan_start / scan_execute, the scan job and `liemchinh integrity_scan`: permission, progress,
alerts stored by identity, decisions kept across re-scans, vanished alerts deactivated, links kept,
audit, and the command's JSON Lines in the contract's shape."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from liemchinh.core.errors import DomainError
from liemchinh.core.models import AuditEvent
from liemchinh.core.permissions import SYSTEM
from liemchinh.core.roles import Role
from liemchinh.integrity import keys
from liemchinh.integrity import rules as R
from liemchinh.integrity.models import Alert, AlertDecision, MatchJudgement, PersonLink, ScanRun
from liemchinh.integrity.services.alerts import alert_decide
from liemchinh.integrity.services.importing import registry_import
from liemchinh.integrity.services.scanning import scan_execute, scan_start
from liemchinh.integrity.tests.importing_data import GOOD, sources, write_dir

pytestmark = pytest.mark.django_db

# In GOOD the head CB001 of T-SXD (managing 41) has a wife, Phạm Thị Dung (1972-02-02), who owns
# 0312345678 (sector 41), which CB001 signed contract HD-2023-001 with.
EXPECTED = {
    ("contract_with_relative_business", "CB001", "T-SXD", ("contract_id", "HD-2023-001")),
    ("stake_in_managed_sector", "CB001", "T-SXD", ("tax_code", "0312345678")),
}
WIFE = keys.relative_key("CB001", "spouse", "Phạm Thị Dung", "1972-02-02", "038172000002")
OWNER = keys.enterprise_person_key("0312345678", "owner", "Phạm Thị Dung", "1972-02-02", "")


@pytest.fixture
def registries():
    registry_import(actor=SYSTEM, sources=sources())


@pytest.fixture
def officer(org_tree, make_user):
    return make_user(Role.INSPECTORATE_OFFICER, org_tree["province"], username="can_bo")


def identities(alerts):
    return {(a.rule, a.official_id, a.org_code, next(iter(a.counterpart.items()))) for a in alerts}


def run_scan(actor=SYSTEM, **kwargs):
    run = scan_start(actor=actor, resolver="exact", enqueue=False, **kwargs)
    return scan_execute(scan_id=run.pk)


def test_scan_start_needs_the_scan_permission(org_tree, make_user):
    focal = make_user(Role.FOCAL_POINT, org_tree["finance"], username="dau_moi")
    with pytest.raises(PermissionDenied):
        scan_start(actor=focal)
    assert not ScanRun.objects.exists()


def test_scan_start_validates_date_and_resolver(officer):
    with pytest.raises(DomainError) as err:
        scan_start(actor=officer, as_of=dt.date.today() + dt.timedelta(days=1))
    assert err.value.field == "as_of"
    with pytest.raises(DomainError):
        scan_start(actor=officer, resolver="guess")


def test_scan_start_queues_and_the_job_runs_on_commit(
    registries, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run = scan_start(actor=officer, resolver="exact")
    run.refresh_from_db()
    assert run.status == ScanRun.Status.DONE and run.progress == 100
    assert run.actor == officer and run.params["resolver"] == "exact"
    assert identities(Alert.objects.all()) == EXPECTED
    assert AuditEvent.objects.filter(action="integrity.scan_start", object_id=str(run.pk)).exists()


def test_execute_stores_alerts_links_counts_and_one_audit(registries):
    stages = []
    run = scan_start(actor=SYSTEM, resolver="exact", enqueue=False)
    run = scan_execute(scan_id=run.pk, progress=lambda stage, percent: stages.append((stage, percent)))
    assert run.status == ScanRun.Status.DONE and run.finished_at and run.stage == "Hoàn tất"
    assert run.counts["alerts"] == {
        rule: (1 if rule in {e[0] for e in EXPECTED} else 0) for rule in R.RULE_CODES
    }
    assert run.counts["new"] == 2 and set(run.counts["timings"]) == {"load", "resolve", "rules", "store"}
    percents = [p for _s, p in stages]
    assert percents == sorted(percents) and percents[-1] == 100
    alerts = list(Alert.objects.all())
    assert identities(alerts) == EXPECTED
    for alert in alerts:
        assert alert.status == Alert.Status.PENDING and alert.active
        assert alert.first_scan == run and alert.last_scan == run
        assert alert.body.org_code == "T-SXD" and alert.score == 1.0
        assert alert.key == keys.alert_key(alert.rule, alert.official_id, alert.org_code, alert.counterpart)
        assert "relatives.csv row 3" in alert.evidence and alert.chain["nodes"]
    link = PersonLink.objects.get()
    assert (link.scan, link.left_key, link.right_key, link.probability) == (run, OWNER, WIFE, 1.0)
    assert AuditEvent.objects.filter(action="integrity.scan", object_id=str(run.pk)).count() == 1


def test_rescan_keeps_decisions_and_deactivates_vanished_alerts(registries, officer):
    first = run_scan()
    contract_alert = Alert.objects.get(rule="contract_with_relative_business")
    alert_decide(actor=officer, alert=contract_alert, decision="confirmed", measure="supervision")

    second = run_scan()
    contract_alert.refresh_from_db()
    assert contract_alert.status == Alert.Status.CONFIRMED and contract_alert.active
    assert contract_alert.first_scan == first and contract_alert.last_scan == second
    assert AlertDecision.objects.filter(alert=contract_alert).count() == 1
    assert second.counts["new"] == 0 and second.counts["updated"] == 2
    assert set(PersonLink.objects.values_list("scan", flat=True)) == {second.pk}  # a scan rewrites the links

    # an officer judges the wife and the owner to be different people: both alerts vanish
    MatchJudgement.objects.create(left_key=OWNER, right_key=WIFE, verdict="not_same")
    third = run_scan()
    assert third.counts["deactivated"] == 2 and third.counts["alerts_total"] == 0
    contract_alert.refresh_from_db()
    assert not contract_alert.active and contract_alert.status == Alert.Status.CONFIRMED
    assert Alert.objects.count() == 2 and not Alert.objects.filter(active=True).exists()

    # judged the same again: the alert comes back with its history
    MatchJudgement.objects.filter(left_key=OWNER).update(verdict="same")
    run_scan()
    contract_alert.refresh_from_db()
    assert contract_alert.active and contract_alert.status == Alert.Status.CONFIRMED


def test_failure_marks_the_run_failed(registries, monkeypatch):
    from liemchinh.integrity.engine import resolve as resolve_module

    def broken(*args, **kwargs):
        raise RuntimeError("hỏng")

    monkeypatch.setattr(resolve_module, "resolve", broken)
    run = scan_start(actor=SYSTEM, resolver="exact", enqueue=False)
    with pytest.raises(RuntimeError):
        scan_execute(scan_id=run.pk)
    run.refresh_from_db()
    assert run.status == ScanRun.Status.FAILED and "hỏng" in run.error
    assert not Alert.objects.exists()


def _lines(path):
    return [json.loads(text) for text in path.read_text(encoding="utf-8").splitlines() if text.strip()]


def _assert_contract_shape(lines):
    for line in lines:
        assert list(line) == [
            "rule",
            "official_id",
            "org_code",
            "counterpart",
            "score",
            "evidence",
            "explanation",
        ]
        assert line["rule"] in R.RULE_CODES and len(line["counterpart"]) == 1
        assert isinstance(line["score"], float) and 0 <= line["score"] <= 1
        assert all(isinstance(e, str) and " row " in e for e in line["evidence"])
        assert "Căn cứ" in line["explanation"]


def test_command_scans_stored_registries_and_writes_contract_lines(registries, tmp_path, capsys):
    out = tmp_path / "alerts.jsonl"
    call_command("integrity_scan", "--resolver", "exact", "--out", str(out), "--quiet")
    lines = _lines(out)
    _assert_contract_shape(lines)
    assert {
        (x["rule"], x["official_id"], x["org_code"], next(iter(x["counterpart"].items()))) for x in lines
    } == (EXPECTED)
    summary = capsys.readouterr().out
    assert "stake_in_managed_sector" in summary and "tổng" in summary
    assert ScanRun.objects.get().status == ScanRun.Status.DONE


def test_command_from_dir_touches_no_database(tmp_path):
    directory = write_dir(tmp_path / "files" if (tmp_path / "files").mkdir() is None else tmp_path, GOOD)
    out = tmp_path / "alerts.jsonl"
    call_command(
        "integrity_scan",
        "--from-dir",
        str(directory),
        "--resolver",
        "exact",
        "--out",
        str(out),
        "--quiet",
        "--with-chain",
    )
    lines = _lines(out)
    assert {(x["rule"], x["official_id"]) for x in lines} == {(e[0], e[1]) for e in EXPECTED}
    assert all(x["chain"]["edges"] for x in lines)
    _assert_contract_shape([{k: v for k, v in x.items() if k != "chain"} for x in lines])
    assert not ScanRun.objects.exists() and not Alert.objects.exists()


def test_the_job_runs_a_queued_scan_once(registries):
    from liemchinh.integrity.tasks import run_scan

    run = scan_start(actor=SYSTEM, resolver="exact", enqueue=False)
    first = run_scan.enqueue(run.pk).return_value
    assert first["status"] == ScanRun.Status.DONE and first["counts"]["alerts_total"] == 2
    again = run_scan.enqueue(run.pk).return_value  # already done: nothing runs twice
    assert again == {"scan": run.pk, "status": ScanRun.Status.DONE}
    assert Alert.objects.count() == 2
