"""The alert, judgement and scan pages: who sees what, the decision and judgement forms, the
Excel export."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from liemchinh.core.roles import Role
from liemchinh.integrity.models import Alert, MatchJudgement, ScanRun
from liemchinh.integrity.rules import RULE_LABELS
from liemchinh.integrity.tests.alert_world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(org_tree):
    return build_world(org_tree["finance"])


@pytest.fixture
def people(org_tree, make_user):
    province = org_tree["province"]
    return {
        "officer": make_user(Role.INSPECTORATE_OFFICER, province, username="can_bo", full_name="Lê Thị Cán"),
        "viewer": make_user(Role.VIEWER, province, username="xem"),
        "focal": make_user(Role.FOCAL_POINT, org_tree["finance"], username="dau_moi"),
    }


def login(client, user):
    client.force_login(user)
    return client


def test_list_shows_alerts_by_score_with_counts_per_rule(client, world, people):
    response = login(client, people["officer"]).get(reverse("integrity:alerts"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(RULE_LABELS["relative_in_sensitive_post"]) < html.index("alerts-table")
    rows = list(response.context["page_obj"].object_list)
    assert [a.rule for a in rows] == ["relative_in_sensitive_post", "contract_with_relative_business"]
    assert rows[0].official_name == "Nguyễn Văn An"
    counts = {c["rule"]: c["count"] for c in response.context["counts"]}
    assert counts["relative_in_sensitive_post"] == 1 and counts["self_dealing_contract"] == 0
    assert "vendor/chartjs/chart.umd.min.js" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"rule": "contract_with_relative_business"}, ["contract_with_relative_business"]),
        ({"min_score": "0.9"}, ["relative_in_sensitive_post"]),
        ({"q": "nguyen van an"}, ["relative_in_sensitive_post", "contract_with_relative_business"]),
        ({"q": "CB001"}, ["relative_in_sensitive_post", "contract_with_relative_business"]),
        ({"q": "Lê Văn Khác"}, []),
        ({"status": "confirmed"}, []),
        ({"active": "no"}, []),
    ],
)
def test_list_filters(client, world, people, query, expected):
    response = login(client, people["officer"]).get(reverse("integrity:alerts"), query)
    assert [a.rule for a in response.context["page_obj"].object_list] == expected


def test_inactive_alerts_are_hidden_by_default_and_shown_on_request(client, world, people):
    Alert.objects.filter(pk=world["contract_alert"].pk).update(active=False)
    client = login(client, people["officer"])
    assert len(client.get(reverse("integrity:alerts")).context["page_obj"].object_list) == 1
    shown = client.get(reverse("integrity:alerts"), {"active": "all"}).context["page_obj"].object_list
    assert len(shown) == 2


def test_focal_point_gets_403_everywhere(client, world, people):
    client = login(client, people["focal"])
    alert = world["post_alert"]
    for url in (
        reverse("integrity:alerts"),
        reverse("integrity:alert_export"),
        reverse("integrity:alert", args=[alert.pk]),
        reverse("integrity:judgements"),
        reverse("integrity:scans"),
    ):
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("integrity:alert_decide", args=[alert.pk]), {"decision": "dismissed", "reason": "x"}
    )
    assert response.status_code == 403
    response = client.post(
        reverse("integrity:match_judge"),
        {
            "left_key": world["link_firm"].left_key,
            "right_key": world["link_firm"].right_key,
            "verdict": "same",
        },
    )
    assert response.status_code == 403
    assert client.post(reverse("integrity:scan_start")).status_code == 403


def test_alert_page_shows_chain_sources_links_and_form(client, world, people):
    alert = world["post_alert"]
    response = login(client, people["officer"]).get(reverse("integrity:alert", args=[alert.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<svg class="chain-graph"' in html and 'role="img"' in html
    assert "Tran Thi Binh" in html and "vợ/chồng" in html
    sources = response.context["sources"]
    assert [s.found for s in sources] == [True, True, True, True]
    assert ("Chức danh", "Giám đốc") in sources[0].fields
    assert ("Quan hệ", "Vợ hoặc chồng") in sources[1].fields
    links = response.context["links"]
    assert [lv.link.pk for lv in links] == [world["link_post"].pk]
    assert "Người thân: Tran Thi Binh (Vợ hoặc chồng của CB001)" in (links[0].left, links[0].right)
    assert "trùng ngày sinh" in html
    assert 'name="decision"' in html and 'value="supervision"' in html


def test_viewer_sees_the_alert_without_decision_form(client, world, people):
    response = login(client, people["viewer"]).get(reverse("integrity:alert", args=[world["post_alert"].pk]))
    assert response.status_code == 200
    assert response.context["form"] is None
    assert 'name="verdict"' not in response.content.decode()


def test_unresolvable_evidence_is_listed_as_missing(client, world, people):
    alert = world["post_alert"]
    Alert.objects.filter(pk=alert.pk).update(evidence=["positions.csv row 999", "không rõ"])
    response = login(client, people["officer"]).get(reverse("integrity:alert", args=[alert.pk]))
    sources = response.context["sources"]
    assert [(s.found, s.row) for s in sources] == [(False, 999), (False, None)]
    assert "Không còn trong sổ liệu đã nhập." in response.content.decode()


def test_decide_confirm_then_history(client, world, people):
    alert = world["post_alert"]
    client = login(client, people["officer"])
    response = client.post(
        reverse("integrity:alert_decide", args=[alert.pk]),
        {"decision": "confirmed", "measure": "supervision", "reason": "Giao giám sát."},
    )
    assert response.status_code == 302
    page = client.get(reverse("integrity:alert", args=[alert.pk]))
    html = page.content.decode()
    assert "Xác định có xung đột lợi ích" in html and "Giám sát việc thực hiện nhiệm vụ" in html
    assert "Giao giám sát." in html
    assert 'value="reopened"' in html and 'value="confirmed"' not in html


def test_decide_errors_are_shown_on_the_form(client, world, people):
    alert = world["post_alert"]
    response = login(client, people["officer"]).post(
        reverse("integrity:alert_decide", args=[alert.pk]), {"decision": "dismissed", "reason": ""}
    )
    assert response.status_code == 400
    assert "Vui lòng nêu lý do bác bỏ cảnh báo." in response.content.decode()
    alert.refresh_from_db()
    assert alert.status == Alert.Status.PENDING


def test_judge_from_the_alert_page(client, world, people):
    alert, link = world["post_alert"], world["link_post"]
    client = login(client, people["officer"])
    response = client.post(
        reverse("integrity:match_judge"),
        {
            "left_key": link.left_key,
            "right_key": link.right_key,
            "verdict": "not_same",
            "reason": "Khác người.",
            "alert": alert.pk,
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("integrity:alert", args=[alert.pk])
    assert MatchJudgement.objects.get().verdict == "not_same"
    page = client.get(reverse("integrity:alert", args=[alert.pk]))
    assert page.context["links"][0].judgement.verdict == "not_same"
    listing = client.get(reverse("integrity:judgements"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Không phải cùng một người" in html and "Khác người." in html and "Lê Thị Cán" in html


def test_export_has_the_filtered_alerts_with_their_decision(client, world, people):
    client = login(client, people["officer"])
    client.post(
        reverse("integrity:alert_decide", args=[world["contract_alert"].pk]),
        {"decision": "dismissed", "reason": "=Doanh nghiệp đã giải thể."},
    )
    response = client.get(reverse("integrity:alert_export"), {"active": "all"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("Quy tắc", "Mã cán bộ", "Họ và tên")
    assert len(rows) == 3
    dismissed = rows[2]
    assert dismissed[0] == RULE_LABELS["contract_with_relative_business"]
    assert dismissed[5] == "Hợp đồng: HD-2025-01"
    assert dismissed[7] == "Bác bỏ" and dismissed[11] == "Bác bỏ"
    assert dismissed[13] == "'=Doanh nghiệp đã giải thể."
    only = client.get(reverse("integrity:alert_export"), {"rule": "relative_in_sensitive_post"})
    assert len(list(load_workbook(io.BytesIO(only.content)).active.iter_rows())) == 2


def test_scans_page_lists_scans_and_polls_running_ones(client, world, people):
    running = ScanRun.objects.create(status=ScanRun.Status.RUNNING, stage="Nối bản ghi", progress=40)
    client = login(client, people["officer"])
    html = client.get(reverse("integrity:scans")).content.decode()
    assert f'hx-get="{reverse("integrity:scan_status", args=[running.pk])}"' in html
    assert f"{RULE_LABELS['relative_in_sensitive_post']}</a>: 1" in html
    ScanRun.objects.filter(pk=running.pk).update(
        status=ScanRun.Status.DONE, progress=100, counts={"self_dealing_contract": 2}
    )
    row = client.get(reverse("integrity:scan_status", args=[running.pk])).content.decode()
    assert "hx-get" not in row and "Hoàn tất" in row and ": 2" in row


def test_judgements_page_reads_mentions_in_a_few_queries(
    client, world, people, django_assert_max_num_queries
):
    MatchJudgement.objects.create(
        left_key=world["link_firm"].left_key,
        right_key=world["link_firm"].right_key,
        verdict="same",
        decided_by=people["officer"],
    )
    MatchJudgement.objects.create(
        left_key="enterprise_people:gone", right_key="officials:CB001", verdict="unsure"
    )
    client = login(client, people["officer"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("integrity:judgements"))
    html = response.content.decode()
    assert "enterprise_people:gone" in html and "Cán bộ: Nguyễn Văn An (CB001)" in html
    assert "Người của doanh nghiệp: TRẦN THỊ BÌNH (Chủ sở hữu, 0301234567)" in html


def test_the_module_home_links_to_the_alert_pages(client, world, people):
    html = login(client, people["officer"]).get(reverse("integrity:home")).content.decode()
    for name in ("integrity:alerts", "integrity:scans", "integrity:judgements"):
        assert f'href="{reverse(name)}"' in html, name


def test_scan_start_queues_a_scan_as_of_the_day_given(
    client, world, people, django_capture_on_commit_callbacks
):
    client = login(client, people["officer"])
    page = client.get(reverse("integrity:scans")).content.decode()
    assert "Chạy quét" in page and 'name="as_of"' in page
    with django_capture_on_commit_callbacks(execute=False) as jobs:
        response = client.post(reverse("integrity:scan_start"), {"as_of": "01/03/2025"}, follow=True)
    run = ScanRun.objects.latest("pk")
    assert run.status == ScanRun.Status.QUEUED and run.params["as_of"] == "2025-03-01"
    assert run.actor == people["officer"] and len(jobs) == 1
    html = response.content.decode()
    assert f"Đã bắt đầu lần quét #{run.pk}." in html and "xét ngày 01/03/2025" in html


@pytest.mark.parametrize(
    ("as_of", "message"),
    [
        ("31/02/2025", "Ngày xét không hợp lệ (dd/mm/yyyy)."),
        ("01/01/2999", "Ngày quét không được sau ngày hôm nay."),
    ],
)
def test_scan_start_refuses_a_bad_day(client, world, people, as_of, message):
    before = ScanRun.objects.count()
    response = login(client, people["officer"]).post(
        reverse("integrity:scan_start"), {"as_of": as_of}, follow=True
    )
    assert message in response.content.decode()
    assert ScanRun.objects.count() == before


def test_viewer_sees_scans_without_the_button(client, world, people):
    page = login(client, people["viewer"]).get(reverse("integrity:scans"))
    assert page.status_code == 200 and "Chạy quét</button>" not in page.content.decode()
    assert login(client, people["viewer"]).post(reverse("integrity:scan_start")).status_code == 403
