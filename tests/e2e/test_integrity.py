"""An inspectorate officer runs a conflict-of-interest scan over the demo registries, opens an
alert, reads its chain and source rows, confirms it with a control measure, dismisses another with
a reason and exports the list to Excel.

The demo province carries the integrity registries and one scan of them (liemchinh.demo); the
officer's scan runs through the scan service and its job, as the "Chạy quét" button starts it.
"""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.e2e.navigators import IntegrityOfficer, step

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PASSWORD = "LiemChinh@2026"


@pytest.fixture
def officer(page, demo_site):
    return IntegrityOfficer(page, demo_site)


def test_officer_scans_opens_an_alert_sees_the_chain_decides_and_exports(
    officer, django_capture_on_commit_callbacks
):
    with step("Given officer_tinh is signed in and on the scans page"):
        officer.login_as("officer_tinh", PASSWORD)
        officer.open_integrity()
        officer.open_scans()
        assert officer.heading() == "Quét xung đột lợi ích"

    with step("When they run a scan, it ends and counts alerts per rule"):
        # The browser test's transaction never commits: the job that scan_start hands to the commit
        # is run here, as the worker would run it, while the page polls the scan's row.
        with django_capture_on_commit_callbacks(execute=True):
            officer.run_scan()
            assert officer.latest_scan_status() == "Chờ chạy"  # queued; its row polls for news
            officer.mark_page()
        assert "Đã bắt đầu lần quét" in officer.flash()
        officer.wait_for_latest_scan("Hoàn tất")
        assert officer.page_is_marked()  # the row refreshed itself; the page was not reloaded
        assert officer.latest_scan_counts() not in ("", "—")

    with step("Then the alert list shows the alerts with their counts per rule"):
        officer.open_alerts()
        assert officer.heading() == "Cảnh báo xung đột lợi ích"
        counts = officer.rule_counts()
        assert sum(counts.values()) >= 2, counts
        assert len(officer.alert_rows()) >= 2

    with step("When they open the first alert, they see the chain graph and the source rows"):
        officer.open_alert(0)
        described = officer.chain_graph_text()
        assert "→" in described and officer.chain_node_count() >= 2
        rows = officer.source_rows()
        assert rows and all(".csv" in r for r in rows)
        assert not any("Không còn trong sổ liệu đã nhập." in r for r in rows), rows
        assert officer.alert_status() == "Chờ xem xét"

    with step("When they confirm the conflict with supervision as the measure"):
        officer.decide(
            "Xác định có xung đột lợi ích",
            measure="Giám sát việc thực hiện nhiệm vụ",
            reason="Giao Phó Chánh Thanh tra giám sát việc ký kết hợp đồng.",
        )

    with step("Then the status and the history show the decision"):
        assert "Đã ghi nhận quyết định." in officer.flash()
        assert officer.alert_status() == "Xác định có xung đột"
        history = officer.decision_history()
        assert "Xác định có xung đột lợi ích" in history and "Giám sát việc thực hiện nhiệm vụ" in history
        assert "Nguyễn Thị Thu Hà" in history or "officer_tinh" in history

    with step("When they dismiss another pending alert, a reason is required"):
        officer.open_integrity()
        officer.open_alert_list()
        officer.filter_alerts(status="Chờ xem xét")
        officer.open_alert(0)
        officer._expected_error = True  # the refused form answers 400
        try:
            officer.decide("Bác bỏ")
        finally:
            officer._expected_error = False
        assert "Vui lòng nêu lý do bác bỏ cảnh báo." in officer.text()
        officer.decide("Bác bỏ", reason="Đã xác minh: không phải cùng một người.")
        assert officer.alert_status() == "Bác bỏ"
        assert "Đã xác minh: không phải cùng một người." in officer.decision_history()

    with step("Then the Excel export of the list holds both decisions"):
        officer.open_integrity()
        officer.open_alert_list()
        download = officer.export_alerts()
        assert download.suggested_filename.endswith(".xlsx")
        sheet = load_workbook(io.BytesIO(download.path().read_bytes())).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][0] == "Quy tắc"
        decisions = {r[11] for r in rows[1:]}
        assert {"Xác định có xung đột lợi ích", "Bác bỏ"} <= decisions
        assert "Giám sát việc thực hiện nhiệm vụ" in {r[12] for r in rows[1:]}

    officer.assert_no_problems()


def test_officer_judges_two_records_not_the_same_person_and_the_next_scan_obeys(
    officer, django_capture_on_commit_callbacks
):
    with step("Given officer_tinh is on the alert about the Sở Xây dựng director's sister as accountant"):
        officer.login_as("officer_tinh", PASSWORD)
        officer.open_integrity()
        officer.open_alert_list()
        officer.filter_alerts(rule="Người thân giữ vị trí nhạy cảm trong cơ quan do mình lãnh đạo")
        rows = officer.alert_rows()
        index = next(i for i, row in enumerate(rows) if "TN0001" in row)
        officer.open_alert(index)
        links = officer.person_links()
        assert len(links) == 1 and "Tran Thi My Linh" in links[0] and "Trần Thị Mỹ Linh" in links[0]

    with step("When they judge the two records not to be the same person"):
        officer.judge_link("Không phải", reason="Trùng tên, ngày sinh; khác quê quán.")

    with step("Then the judgement is recorded and listed for review"):
        assert "Đã ghi nhận đánh giá: Không phải cùng một người." in officer.flash()
        assert "Không phải cùng một người" in officer.person_links()[0]
        officer.open_integrity()
        officer.open_judgements()
        [row] = officer.judgement_rows()
        assert "Tran Thi My Linh" in row and "Trùng tên, ngày sinh; khác quê quán." in row

    with step("When they scan again, the alert is no longer raised"):
        officer.open_integrity()
        officer.open_scans()
        with django_capture_on_commit_callbacks(execute=True):
            officer.run_scan()
        officer.wait_for_latest_scan("Hoàn tất")
        officer.open_alerts()
        officer.filter_alerts(rule="Người thân giữ vị trí nhạy cảm trong cơ quan do mình lãnh đạo")
        assert not any("TN0001" in row for row in officer.alert_rows())
        assert len(officer.alert_rows()) == 2

    with step("When they reconsider on the alert, now no longer raised, and judge the records the same"):
        officer.filter_alerts(active="Không còn phát hiện")
        officer.open_alert(0)
        [pair] = officer.person_links()
        assert "Không nối ở lần quét gần nhất" in pair and "Không phải cùng một người" in pair
        officer.judge_link("Cùng một người", reason="Đã đối chiếu hồ sơ gốc: cùng một người.")
        officer.open_integrity()
        officer.open_scans()
        with django_capture_on_commit_callbacks(execute=True):
            officer.run_scan()
        officer.wait_for_latest_scan("Hoàn tất")

    with step("Then the next scan raises it again"):
        officer.open_alerts()
        officer.filter_alerts(
            rule="Người thân giữ vị trí nhạy cảm trong cơ quan do mình lãnh đạo",
            active="Còn phát hiện ở lần quét gần nhất",
        )
        assert any("TN0001" in row for row in officer.alert_rows())

    officer.assert_no_problems()
