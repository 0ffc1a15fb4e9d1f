"""Pages: the searchable list, the detail with citations both ways, editing and completing, 403s."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from liemchinh.core.permissions import SYSTEM
from liemchinh.core.roles import Role
from liemchinh.documents.models import Document
from liemchinh.documents.services import document_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(db):
    plan = document_create(actor=SYSTEM, number="262/KH-UBND", doc_type="plan",
                           title="Kế hoạch phòng, chống tham nhũng năm 2024", issuer="Ủy ban nhân dân tỉnh Sơn La",
                           issued_on=dt.date(2023, 11, 8), recipients=["Các sở, ban, ngành tỉnh"],
                           full_text="KẾ HOẠCH\nPhòng, chống tham nhũng, tiêu cực\n1. Sở Nội vụ rà soát …",
                           legal_bases=["59/2019/NĐ-CP", "10/CT-TTg"])
    report = document_create(actor=SYSTEM, number="15/BC-TTr", doc_type="report", title="Báo cáo công tác thanh tra",
                             issuer="Thanh tra tỉnh", issued_on=dt.date(2024, 1, 10), legal_bases=["262/KH-UBND"])
    return {"plan": plan, "report": report, "decree": Document.objects.get(number_key="59/2019/nd-cp")}


@pytest.fixture
def officer(client, org_tree, make_user):
    client.force_login(make_user(Role.INSPECTORATE_OFFICER, org_tree["inspectorate"]))
    return client


@pytest.fixture
def focal(client, org_tree, make_user):
    client.force_login(make_user(Role.FOCAL_POINT, org_tree["finance"]))
    return client


def _titles(response):
    return [d.title for d in response.context["page_obj"].object_list]


def test_the_list_searches_without_diacritics(officer, documents):
    url = reverse("documents:document_list")
    assert _titles(officer.get(url, {"q": "tham nhung"})) == ["Kế hoạch phòng, chống tham nhũng năm 2024"]
    assert _titles(officer.get(url, {"q": "so noi vu ra soat"})) == ["Kế hoạch phòng, chống tham nhũng năm 2024"]
    assert _titles(officer.get(url, {"q": "59/2019/ND-CP"})) == ["Nghị định số 59/2019/NĐ-CP"]
    assert _titles(officer.get(url, {"q": "tham nhung bao cao"})) == []


def test_the_list_filters_and_answers_htmx_with_the_results_only(officer, documents):
    url = reverse("documents:document_list")
    response = officer.get(url, {"doc_type": "report"})
    assert _titles(response) == ["Báo cáo công tác thanh tra"]
    assert len(_titles(officer.get(url, {"stubs": "only"}))) == 2
    assert _titles(officer.get(url, {"year": "2023"})) == ["Kế hoạch phòng, chống tham nhũng năm 2024"]
    assert _titles(officer.get(url, {"issuer": "Thanh tra tỉnh"})) == ["Báo cáo công tác thanh tra"]
    page = officer.get(url, {"q": "thanh tra"})
    assert b"<html" in page.content.lower() and b'id="document-results"' in page.content
    partial = officer.get(url, {"q": "thanh tra"}, HTTP_HX_REQUEST="true")
    assert b"<html" not in partial.content.lower() and b'id="document-results"' in partial.content
    assert "chưa có toàn văn" in officer.get(url, {"stubs": "only"}).content.decode()


def test_the_detail_shows_what_it_cites_and_what_cites_it(officer, documents):
    page = officer.get(reverse("documents:document_detail", args=[documents["plan"].pk])).content.decode()
    assert "Căn cứ / Văn bản được trích dẫn" in page and "Được trích dẫn bởi" in page
    assert reverse("documents:document_detail", args=[documents["decree"].pk]) in page
    assert "chưa có toàn văn" in page
    assert "Báo cáo công tác thanh tra" in page  # cited by the report
    assert "Các sở, ban, ngành tỉnh" in page and "1. Sở Nội vụ rà soát" in page
    stub_page = officer.get(reverse("documents:document_detail", args=[documents["decree"].pk])).content.decode()
    assert "Kế hoạch phòng, chống tham nhũng năm 2024" in stub_page
    assert reverse("documents:document_complete", args=[documents["decree"].pk]) in stub_page


def test_an_officer_completes_a_stub_and_edits_a_record(officer, documents):
    decree = documents["decree"]
    url = reverse("documents:document_complete", args=[decree.pk])
    assert officer.get(url).status_code == 200
    response = officer.post(url, {"number": "59/2019/NĐ-CP", "doc_type": "decree", "title": "Quy định chi tiết",
                                  "issuer": "Chính phủ", "issued_on": "01/07/2019", "full_text": "Điều 1. …"})
    assert response.status_code == 302
    decree.refresh_from_db()
    assert not decree.is_stub and decree.issued_on == dt.date(2019, 7, 1)
    response = officer.post(reverse("documents:document_edit", args=[decree.pk]),
                            {"number": "59/2019/NĐ-CP", "doc_type": "decree", "title": "   ", "full_text": "x"})
    assert response.status_code == 200 and response.context["form"].errors
    response = officer.post(reverse("documents:document_edit", args=[decree.pk]),
                            {"number": "59/2019/NĐ-CP", "doc_type": "decree", "title": "Nghị định 59",
                             "recipients": "Các bộ\nCác tỉnh", "full_text": "x"})
    assert response.status_code == 302
    decree.refresh_from_db()
    assert decree.title == "Nghị định 59" and decree.recipients == ["Các bộ", "Các tỉnh"]


def test_pages_need_the_permissions(client, focal, documents, org_tree, make_user):
    plan = documents["plan"]
    assert focal.get(reverse("documents:document_detail", args=[plan.pk])).status_code == 200
    assert focal.get(reverse("documents:document_edit", args=[plan.pk])).status_code == 403
    assert focal.post(reverse("documents:document_complete", args=[documents["decree"].pk]),
                      {"doc_type": "decree", "title": "x", "full_text": "x"}).status_code == 403
    assert Document.objects.get(pk=documents["decree"].pk).is_stub
    client.force_login(make_user(None, None))
    assert client.get(reverse("documents:document_list")).status_code == 403
    assert client.get(reverse("documents:document_detail", args=[plan.pk])).status_code == 403


def test_the_detail_links_the_original_file(officer, org_tree):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from liemchinh.core.services.files import evidence_upload

    record = evidence_upload(actor=SYSTEM, organization=org_tree["inspectorate"],
                             file=SimpleUploadedFile("ke-hoach.txt", "KẾ HOẠCH phòng, chống tham nhũng".encode()))
    document = document_create(actor=SYSTEM, number="5/KH-TTr", doc_type="plan", title="Kế hoạch thanh tra",
                               issuer="Thanh tra tỉnh", original=record)
    page = officer.get(reverse("documents:document_detail", args=[document.pk])).content.decode()
    assert reverse("core:evidence_download", args=[record.uuid]) in page
    plain = document_create(actor=SYSTEM, number="6/KH-TTr", doc_type="plan", title="Kế hoạch khác",
                            issuer="Thanh tra tỉnh")
    assert "/download/" not in officer.get(reverse("documents:document_detail", args=[plain.pk])).content.decode()
