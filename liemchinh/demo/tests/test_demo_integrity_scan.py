"""The demo opens with alerts: one scan over the demo registries when they are loaded; loading
again scans nothing new; a failing scan leaves the rest of the demo in place."""

from __future__ import annotations

import io

import pytest

from liemchinh.demo import load_demo
from liemchinh.demo.integrity_scan import scan_demo_registries
from liemchinh.integrity.models import Alert, ScanRun

pytestmark = pytest.mark.django_db

# The planted cases of liemchinh/demo/data/integrity/README.md: "the scan must raise exactly these".
PLANTED = {
    ("relative_in_sensitive_post", "TN0001", "T-SXD"),
    ("relative_in_sensitive_post", "TN0031", "T-SGDDT"),
    ("relative_in_sensitive_post", "TN0060", "T-BQLDA"),
    ("contract_with_relative_business", "TN0001", "T-SXD"),
    ("contract_with_relative_business", "TN0042", "T-STC"),
    ("official_runs_business", "TN0021", "T-BVDK"),
    ("official_runs_business", "TN0062", "T-BQLDA"),
    ("stake_in_managed_sector", "TN0001", "T-SXD"),
    ("stake_in_managed_sector", "TN0010", "T-SYT"),
    ("self_dealing_contract", "TN0021", "T-BVDK"),
}


def test_the_demo_is_scanned_once_and_has_alerts():
    out = io.StringIO()
    load_demo(stdout=out)
    scans = ScanRun.objects.all()
    assert [s.status for s in scans] == [ScanRun.Status.DONE]
    assert "Quét xung đột lợi ích:" in out.getvalue() and "cảnh báo" in out.getvalue()
    raised = set(Alert.objects.values_list("rule", "official_id", "org_code"))
    assert raised == PLANTED
    assert Alert.objects.filter(status=Alert.Status.PENDING, active=True).count() == len(raised)
    again = io.StringIO()
    load_demo(stdout=again)
    assert ScanRun.objects.count() == 1
    assert "không quét lại" in again.getvalue()


def test_a_failing_scan_is_recorded_and_the_demo_kept(monkeypatch):
    from liemchinh.integrity.engine import tables

    def broken(con):
        raise RuntimeError("DuckDB unavailable")

    monkeypatch.setattr(tables, "load_from_db", broken)
    out = io.StringIO()
    load_demo(stdout=out)
    assert "không thành công (RuntimeError)" in out.getvalue()
    run = ScanRun.objects.get()
    assert run.status == ScanRun.Status.FAILED and "DuckDB unavailable" in run.error
    assert not Alert.objects.exists()


def test_nothing_to_scan_without_an_import():
    assert scan_demo_registries() is None
    assert not ScanRun.objects.exists()
