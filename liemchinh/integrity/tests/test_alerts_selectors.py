"""Alert selectors: scoping by integrity.view, filters, counts, evidence and links."""

from __future__ import annotations

import pytest

from liemchinh.core.permissions import SYSTEM
from liemchinh.core.roles import Role
from liemchinh.integrity.models import Body, MatchJudgement, ScanRun
from liemchinh.integrity.selectors import alerts as sel
from liemchinh.integrity.tests.alert_world import build_world, make_alert

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(org_tree):
    return build_world(org_tree["finance"])


def test_scope_follows_the_body_in_the_tree(world, org_tree, make_user):
    outside = Body.objects.create(
        org_code="XA9",
        name="Xã ngoài cây",
        import_run=world["run"],
        source_file="organizations.csv",
        source_row=9,
        row_hash="x",
    )
    loose = make_alert("official_runs_business", "CB009", outside, {"tax_code": "0309999999"}, score=1.0)
    finance_asset = make_user(Role.ASSET_CONTROL_OFFICER, org_tree["finance"])
    justice_asset = make_user(Role.ASSET_CONTROL_OFFICER, org_tree["justice"])
    province_viewer = make_user(Role.VIEWER, org_tree["province"])
    focal = make_user(Role.FOCAL_POINT, org_tree["finance"])
    everything = {world["post_alert"].pk, world["contract_alert"].pk, loose.pk}
    assert set(sel.alerts_visible(finance_asset).values_list("pk", flat=True)) == everything
    assert set(sel.alerts_visible(province_viewer).values_list("pk", flat=True)) == everything
    assert set(sel.alerts_visible(SYSTEM).values_list("pk", flat=True)) == everything
    # A body of the tree outside the actor's reach is hidden; a registry body outside the tree is not.
    assert set(sel.alerts_visible(justice_asset).values_list("pk", flat=True)) == {loose.pk}
    assert not sel.alerts_visible(focal).exists()
    assert sel.judgements_list(focal).count() == 0 and sel.scans_recent(focal) == []
    with pytest.raises(ScanRun.DoesNotExist):
        sel.scan_get(focal, world["scan"].pk)


def test_counts_ignore_the_rule_filter_but_keep_the_others(world):
    counts = {
        c["rule"]: c["count"]
        for c in sel.alert_counts_by_rule(
            SYSTEM, sel.AlertFilters(rule="self_dealing_contract", min_score=0.9)
        )
    }
    assert counts["relative_in_sensitive_post"] == 1
    assert counts["contract_with_relative_business"] == 0
    assert list(counts)[:5] == list(sel.rule_labels())[:5]


def test_unknown_rules_are_counted_under_their_code(world):
    make_alert("new_rule", "CB001", world["body"], {}, score=0.5)
    rows = sel.alert_counts_by_rule(SYSTEM)
    assert rows[-1] == {"rule": "new_rule", "label": "new_rule", "count": 1}


def test_alert_get_finds_inactive_alerts_too(world):
    world["post_alert"].__class__.objects.filter(pk=world["post_alert"].pk).update(active=False)
    assert sel.alert_get(SYSTEM, world["post_alert"].pk).official_name == "Nguyễn Văn An"


def test_evidence_resolves_every_registry_file(world):
    alert = make_alert(
        "x",
        "CB001",
        world["body"],
        {},
        score=1,
        evidence=[
            "organizations.csv row 3",
            "officials.csv row 10",
            "enterprises.csv row 8",
            "enterprise_people.csv row 15",
            "contracts.csv row 33",
            "gifts.csv row 1",
        ],
    )
    rows = sel.alert_source_rows(alert)
    assert [r.found for r in rows] == [True, True, True, True, True, False]
    assert ("Ngành quản lý (VSIC)", "4651") in rows[0].fields
    assert ("Ngày sinh", "02/03/1970") in rows[1].fields
    assert ("Tỷ lệ vốn góp", "—") in rows[3].fields
    assert ("Giá trị (đồng)", "1.250.000.000 đ") in rows[4].fields
    assert ("Người ký", "CB001") in rows[4].fields


def test_links_are_those_between_mentions_of_the_evidence_with_judgements(world, make_user):
    contract_alert = world["contract_alert"]
    MatchJudgement.objects.create(
        left_key=world["link_firm"].left_key, right_key=world["link_firm"].right_key, verdict="same"
    )
    links = sel.alert_links(contract_alert)
    assert [lv.link.pk for lv in links] == [world["link_firm"].pk]
    assert links[0].judgement.verdict == "same"
    assert any(
        label.startswith("Người của doanh nghiệp: TRẦN THỊ BÌNH (Chủ sở hữu, 0301234567)")
        for label in (links[0].left, links[0].right)
    )
    # Links of an older scan are not the alert's; the judged pair stays, without a link, to be reconsidered.
    newer = ScanRun.objects.create(status=ScanRun.Status.DONE)
    contract_alert.last_scan = newer
    [judged_only] = sel.alert_links(contract_alert)
    assert judged_only.link is None and judged_only.judgement.verdict == "same"
    assert (judged_only.left_key, judged_only.right_key) == (
        world["link_firm"].left_key,
        world["link_firm"].right_key,
    )
    assert judged_only.judged_label == ""
    world["post_alert"].last_scan = newer
    assert sel.alert_links(world["post_alert"]) == []


def test_scan_rule_counts_accept_a_nested_alerts_mapping():
    scan = ScanRun(counts={"alerts": {"official_runs_business": 4}, "links": 12})
    counts = {c["rule"]: c["count"] for c in sel.scan_rule_counts(scan)}
    assert counts["official_runs_business"] == 4 and "links" not in counts


def test_links_are_found_through_the_chain_nodes_without_evidence(world):
    alert = world["post_alert"]
    alert.evidence = []
    assert [lv.link.pk for lv in sel.alert_links(alert)] == [world["link_post"].pk]
