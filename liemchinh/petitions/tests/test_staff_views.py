"""The staff pages: scope (403 outside the inbox), identity kept out of lists and exports, the
audited reveal, the workflow through the page forms, the conflict-of-interest message, filters."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from liemchinh.core.models import AuditEvent
from liemchinh.petitions.models import Petition
from liemchinh.petitions.tests.conftest import IDENTITY

IDENTITY_STRINGS = [IDENTITY["name"], IDENTITY["id_number"], IDENTITY["phone"], IDENTITY["email"],
                    IDENTITY["address"], "0912345678"]


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client
    return _login


def _cells(data: bytes) -> list[str]:
    wb = load_workbook(io.BytesIO(data))
    return [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def test_focal_point_of_another_body_gets_403_on_the_case(staff, submit, login):
    petition, _code, _secret = submit()  # routed to the inspectorate
    response = login(staff["finance_focal"]).get(reverse("petitions:case", args=[petition.pk]))
    assert response.status_code == 403
    inbox = login(staff["finance_focal"]).get(reverse("petitions:inbox"))
    assert inbox.status_code == 200
    assert petition.display_code not in inbox.content.decode()


def test_viewer_without_inbox_permission_is_refused(staff, login):
    assert login(staff["viewer"]).get(reverse("petitions:inbox")).status_code == 403


def test_identity_never_in_inbox_html_nor_export(staff, submit, login):
    petition, _code, _secret = submit()
    client = login(staff["officer"])
    html = client.get(reverse("petitions:inbox")).content.decode()
    assert petition.display_code in html
    case_html = client.get(reverse("petitions:case", args=[petition.pk])).content.decode()
    export = client.get(reverse("petitions:inbox_export"))
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    cells = _cells(export.content)
    assert petition.display_code in cells
    for value in IDENTITY_STRINGS:
        assert value not in html
        assert value not in case_html
        assert not any(value in cell for cell in cells)


def test_export_opens_and_neutralises_formulas(staff, submit, login):
    submit(field="=HYPERLINK(\"http://x\")")
    cells = _cells(login(staff["officer"]).get(reverse("petitions:inbox_export")).content)
    assert "'=HYPERLINK(\"http://x\")" in cells
    assert not any(cell.startswith("=") for cell in cells)


def test_reveal_is_audited_and_listed_for_the_leader(staff, submit, login):
    petition, _code, _secret = submit()
    client = login(staff["officer"])  # not the handler, no reveal right
    url = reverse("petitions:identity_reveal", args=[petition.pk])
    assert client.post(url, {"reason": "Cần liên hệ xác minh"}).status_code == 403
    assert not AuditEvent.objects.filter(action="petition.identity_reveal").exists()

    client = login(staff["leader"])
    page = client.get(reverse("petitions:case", args=[petition.pk])).content.decode()
    assert "Xem thông tin người gửi" in page and IDENTITY["name"] not in page
    too_short = client.post(url, {"reason": "x"})
    assert too_short.status_code == 400 and IDENTITY["name"] not in too_short.content.decode()
    response = client.post(url, {"reason": "Cần liên hệ xác minh nội dung tố cáo"})
    assert response.status_code == 200
    assert IDENTITY["name"] in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(action="petition.identity_reveal")
    assert event.actor == staff["leader"] and event.reason == "Cần liên hệ xác minh nội dung tố cáo"
    log = client.get(reverse("petitions:reveal_log")).content.decode()
    assert "Cần liên hệ xác minh nội dung tố cáo" in log
    assert login(staff["officer"]).get(reverse("petitions:reveal_log")).status_code == 403


def _act(client, petition, action, data):
    return client.post(reverse("petitions:case_action", args=[petition.pk, action]), data)


def test_classify_accept_resolve_publish_through_the_page(staff, submit, login):
    petition, _code, _secret = submit()
    client = login(staff["officer"])
    page = client.get(reverse("petitions:case", args=[petition.pk])).content.decode()
    assert 'action-classify' in page and 'action-publish' not in page
    r = _act(client, petition, "classify", {"kind": "denunciation", "field": "Đất đai", "competent": "1",
                                            "complexity": "normal"})
    assert r.status_code == 302, r.content.decode()
    r = _act(client, petition, "accept", {})
    assert r.status_code == 302
    r = _act(client, petition, "resolve", {"result": "Đã xác minh."})  # a denunciation needs its conclusion
    assert r.status_code == 400
    assert "kết luận nội dung tố cáo" in r.content.decode()
    r = _act(client, petition, "resolve", {"result": "Đã xác minh.", "conclusion": "Tố cáo đúng một phần.",
                                           "apology": "on", "apology_text": "Xin lỗi ông bà."})
    assert r.status_code == 302
    r = _act(client, petition, "publish", {"summary": f"Kết luận: tố cáo đúng. Người gửi {IDENTITY['name']}."})
    assert r.status_code == 400  # the service refuses personal data in the summary
    r = _act(client, petition, "publish", {"summary": "Tố cáo đúng một phần; đã xử lý kỷ luật."})
    assert r.status_code == 302
    petition.refresh_from_db()
    assert petition.status == "published"
    assert petition.field == "Đất đai" and petition.apology and petition.public_summary
    page = client.get(reverse("petitions:case", args=[petition.pk])).content.decode()
    assert "Công khai kết quả" in page and "Phân loại" in page  # the history


def test_action_not_allowed_in_the_status_is_refused(staff, submit, login):
    petition, _code, _secret = submit()
    assert _act(login(staff["officer"]), petition, "resolve", {"result": "x"}).status_code == 403
    assert _act(login(staff["finance_focal"]), petition, "classify", {}).status_code == 403


def test_handler_conflict_message_is_shown(staff, submit, login):
    petition, _code, _secret = submit(accused_name="Phạm Văn Hai")
    client = login(staff["officer"])
    r = _act(client, petition, "assign", {"handler": staff["officer2"].pk})
    assert r.status_code == 400
    assert "xung đột lợi ích" in r.content.decode()
    petition.refresh_from_db()
    assert petition.handler_id is None
    assert _act(client, petition, "assign", {"handler": staff["officer"].pk}).status_code == 302


def test_message_to_the_petitioner(staff, submit, login):
    petition, _code, _secret = submit()
    r = _act(login(staff["officer"]), petition, "message", {"body": "Đề nghị bổ sung tài liệu."})
    assert r.status_code == 302
    assert petition.messages.get().body == "Đề nghị bổ sung tài liệu."


def test_overdue_filter(staff, submit, login):
    old, _c, _s = submit(received_on=dt.date(2024, 1, 2), content="Đơn cũ chưa xử lý về đất đai.")
    new, _c, _s = submit(received_on=timezone.localdate(), content="Đơn mới về giáo dục.")
    client = login(staff["officer"])
    html = client.get(reverse("petitions:inbox"), {"overdue": "on"}).content.decode()
    assert old.display_code in html and new.display_code not in html
    assert "Quá hạn" in html
    html = client.get(reverse("petitions:inbox"), {"q": "giáo dục"}).content.decode()
    assert new.display_code in html and old.display_code not in html
    html = client.get(reverse("petitions:inbox"), {"received_from": "01/01/2024",
                                                   "received_to": "31/12/2024"}).content.decode()
    assert old.display_code in html and new.display_code not in html


def test_staff_intake_records_the_channel(staff, org_tree, login):
    client = login(staff["officer"])
    assert client.get(reverse("petitions:staff_create")).status_code == 200
    r = client.post(reverse("petitions:staff_create"), {
        "channel": "hotline", "kind": "feedback", "received_on": "20/11/2026",
        "body": org_tree["inspectorate"].pk, "content": "Phản ánh qua đường dây nóng về thu phí.",
        "anonymous": "on"})
    assert r.status_code == 200, r.content.decode()
    petition = Petition.objects.get()
    assert petition.channel == "hotline" and petition.received_on == dt.date(2026, 11, 20)
    assert petition.display_code in r.content.decode()
    assert AuditEvent.objects.filter(actor=staff["officer"], object_id=str(petition.pk)).exists()


def test_dashboard_and_its_export(staff, submit, login):
    submit(received_on=timezone.localdate())
    client = login(staff["officer"])
    html = client.get(reverse("petitions:dashboard")).content.decode()
    assert "vendor/chartjs/chart.umd.min.js" in html and "Tố cáo" in html
    cells = _cells(client.get(reverse("petitions:dashboard_export")).content)
    assert "Đã nhận" in cells


def test_duplicates_listed_with_scores_and_merge_through_the_page(staff, submit, login):
    first, _c, _s = submit()
    second, _c, _s = submit()  # the same petitioner and content
    client = login(staff["officer"])
    html = client.get(reverse("petitions:case_duplicates", args=[second.pk])).content.decode()
    assert first.display_code in html and "Cùng người gửi" in html and "100" in html
    for value in IDENTITY_STRINGS:
        assert value not in html
    r = _act(client, second, "merge", {"into": first.pk, "reason": "Gửi trùng"})
    assert r.status_code == 302
    second.refresh_from_db()
    assert second.status == "merged" and second.merged_into == first


def test_files_download_through_the_service(staff, submit, login):
    petition, _c, _s = submit(files=[("bien-ban.txt", b"noi dung bien ban"), ("cccd.txt", b"so cccd", True)])
    plain = petition.files.get(is_identifying=False)
    secret = petition.files.get(is_identifying=True)
    officer = login(staff["officer"])
    page = officer.get(reverse("petitions:case", args=[petition.pk])).content.decode()
    assert "bien-ban.txt" in page and "cccd.txt" not in page
    r = officer.get(reverse("petitions:file_download", args=[plain.uuid]))
    assert r.status_code == 200 and r.content == b"noi dung bien ban"
    assert officer.get(reverse("petitions:file_download", args=[secret.uuid])).status_code == 403
    assert login(staff["finance_focal"]).get(reverse("petitions:file_download", args=[plain.uuid])).status_code == 403
    r = login(staff["leader"]).get(reverse("petitions:file_download", args=[secret.uuid]))
    assert r.status_code == 200 and r.content == b"so cccd"
    assert AuditEvent.objects.filter(action="petition.identity_file_open", actor=staff["leader"]).exists()
