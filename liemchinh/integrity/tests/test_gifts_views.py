"""Pages of the gift register: list, form, detail, hand-over and handling, summary, exports, and
the permission boundaries (a focal point cannot record for another body)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from liemchinh.integrity.models import GiftReport, GiftStatus
from liemchinh.integrity.services.gifts import gift_report_create
from liemchinh.integrity.tests.gift_rotation_world import make_position, people, registry  # noqa: F401

pytestmark = pytest.mark.django_db

FORM = {
    "recipient_name": "Lê Văn Cường",
    "recipient_position": "Chuyên viên",
    "giver_name": "Phạm Thị Dung",
    "giver_position": "Giám đốc",
    "giver_organization": "Công ty TNHH Dung Phát",
    "relation_to_work": "Đang đề nghị thẩm định giá",
    "kind": "cash",
    "description": "Phong bì",
    "value_vnd": "3000000",
    "received_on": "12/02/2026",
    "reported_on": "27/02/2026",
    "circumstances": "",
    "handed_over_on": "",
    "handed_over_to": "",
    "notes": "",
}


@pytest.fixture
def gift(org_tree, people):  # noqa: F811
    return gift_report_create(
        actor=people["focal_finance"],
        organization=org_tree["finance"],
        **{
            **{
                k: v
                for k, v in FORM.items()
                if k not in ("received_on", "reported_on", "value_vnd", "handed_over_on")
            },
            "value_vnd": 3_000_000,
            "received_on": dt.date(2026, 2, 12),
            "reported_on": dt.date(2026, 2, 27),
        },
    )


def _login(client, user):
    client.force_login(user)
    return client


def test_focal_point_records_for_own_body(client, org_tree, people):  # noqa: F811
    client = _login(client, people["focal_finance"])
    page = client.get(reverse("integrity:gift_create"))
    assert page.status_code == 200
    assert list(page.context["form"].fields["organization"].queryset) == [org_tree["finance"]]
    response = client.post(reverse("integrity:gift_create"), {**FORM, "organization": org_tree["finance"].pk})
    gift = GiftReport.objects.get()
    assert response.status_code == 302 and response.url == reverse("integrity:gift", args=[gift.pk])
    detail = client.get(response.url)
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "26/02/2026" in html and "Chậm" in html and "handover-form" in html


def test_focal_point_cannot_record_for_another_body(client, org_tree, people):  # noqa: F811
    client = _login(client, people["focal_finance"])
    response = client.post(reverse("integrity:gift_create"), {**FORM, "organization": org_tree["justice"].pk})
    assert response.status_code == 403
    assert not GiftReport.objects.exists()


def test_viewer_reads_but_cannot_write(client, gift, people):  # noqa: F811
    client = _login(client, people["viewer"])
    assert client.get(reverse("integrity:gifts")).status_code == 200
    page = client.get(reverse("integrity:gift", args=[gift.pk]))
    assert page.status_code == 200 and "handover-form" not in page.content.decode()
    assert client.get(reverse("integrity:gift_create")).status_code == 403
    assert (
        client.post(
            reverse("integrity:gift_hand_over", args=[gift.pk]),
            {"handed_over_on": "27/02/2026", "handed_over_to": "Kế toán"},
        ).status_code
        == 403
    )
    assert client.get(reverse("integrity:gift_edit", args=[gift.pk])).status_code == 403


def test_other_body_does_not_see_the_gift(client, gift, people):  # noqa: F811
    client = _login(client, people["focal_justice"])
    assert client.get(reverse("integrity:gift", args=[gift.pk])).status_code == 404
    assert client.get(reverse("integrity:gifts")).context["page_obj"].paginator.count == 0


def test_hand_over_handle_and_edit_through_pages(client, gift, people):  # noqa: F811
    client = _login(client, people["head_finance"])
    bad = client.post(
        reverse("integrity:gift_hand_over", args=[gift.pk]),
        {"handed_over_on": "01/01/2026", "handed_over_to": "Kế toán"},
    )
    assert bad.status_code == 400 and "trước ngày nhận" in bad.content.decode()
    ok = client.post(
        reverse("integrity:gift_hand_over", args=[gift.pk]),
        {"handed_over_on": "27/02/2026", "handed_over_to": "Kế toán cơ quan"},
    )
    assert ok.status_code == 302
    wrong = client.post(
        reverse("integrity:gift_handle", args=[gift.pk]),
        {"handling": "public_sale", "handled_on": "02/03/2026"},
    )
    assert wrong.status_code == 400
    done = client.post(
        reverse("integrity:gift_handle", args=[gift.pk]),
        {"handling": "budget", "handled_on": "02/03/2026", "handling_decision": "Giấy nộp tiền số 12"},
    )
    assert done.status_code == 302
    gift.refresh_from_db()
    assert gift.status == GiftStatus.HANDLED and gift.handling == "budget"
    edit = client.get(reverse("integrity:gift_edit", args=[gift.pk]))
    assert edit.status_code == 200
    saved = client.post(
        reverse("integrity:gift_edit", args=[gift.pk]), {**FORM, "description": "Phong bì 3.000.000 đồng"}
    )
    assert saved.status_code == 302
    gift.refresh_from_db()
    assert gift.description == "Phong bì 3.000.000 đồng"


def test_list_filters_and_export(client, gift, people):  # noqa: F811
    client = _login(client, people["officer"])
    page = client.get(reverse("integrity:gifts"), {"late": "on", "year": "2026"})
    assert page.status_code == 200 and [g.pk for g in page.context["page_obj"]] == [gift.pk]
    assert (
        client.get(reverse("integrity:gifts"), {"status": "handled"}).context["page_obj"].paginator.count == 0
    )
    response = client.get(reverse("integrity:gift_export"), {"late": "on"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Số" and len(rows) == 2
    assert rows[1][3] == "Lê Văn Cường" and rows[1][11] == 3_000_000 and rows[1][15] == "Có"


def test_summary_page_and_export(client, gift, people):  # noqa: F811
    client = _login(client, people["officer"])
    page = client.get(reverse("integrity:gift_summary"), {"year": "2026"})
    assert page.status_code == 200
    assert page.context["total"].count == 1 and page.context["chart"]["labels"] == ["Sở Tài chính"]
    assert "gifts-chart-data" in page.content.decode()
    response = client.get(reverse("integrity:gift_summary"), {"year": "2026", "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][:3] == ("Sở Tài chính", 1, 3_000_000) and rows[-1][0] == "Tổng cộng"
    assert client.get(reverse("integrity:gift_summary"), {"year": "abc"}).status_code == 200


def test_people_without_gift_roles_get_403(client, make_user, org_tree):
    from liemchinh.core.roles import Role

    appraiser = make_user(Role.APPRAISER, org_tree["province"])
    client = _login(client, appraiser)
    for name in ("integrity:gifts", "integrity:gift_summary", "integrity:gift_export"):
        assert client.get(reverse(name)).status_code == 403, name


def test_report_with_registry_official_and_attachment(client, org_tree, people, registry, make_position):  # noqa: F811
    from django.core.files.uploadedfile import SimpleUploadedFile

    position = make_position(registry["finance"], "Lê Văn Cường", "accounting", dt.date(2020, 1, 1))
    client = _login(client, people["focal_finance"])
    unknown = client.post(
        reverse("integrity:gift_create"),
        {**FORM, "organization": org_tree["finance"].pk, "recipient_official_code": "KHONG-CO"},
    )
    assert unknown.status_code == 200 and "KHONG-CO" in unknown.content.decode()
    files = [
        SimpleUploadedFile("bao-cao.txt", "Báo cáo nhận quà".encode(), content_type="text/plain"),
        SimpleUploadedFile("bien-ban.txt", "Biên bản giao nhận".encode(), content_type="text/plain"),
    ]
    response = client.post(
        reverse("integrity:gift_create"),
        {
            **FORM,
            "organization": org_tree["finance"].pk,
            "recipient_official_code": position.official.official_id,
            "files": files,
        },
    )
    assert response.status_code == 302
    gift = GiftReport.objects.get()
    assert gift.recipient_official == position.official
    assert sorted(gift.attachments.values_list("original_name", flat=True)) == ["bao-cao.txt", "bien-ban.txt"]
    page = client.get(reverse("integrity:gift", args=[gift.pk]))
    assert "bao-cao.txt" in page.content.decode()
