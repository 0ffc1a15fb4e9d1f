"""/api/v1/documents/: list and folded search, retrieve with citations, create, and the reader."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from liemchinh.core.models import AuditEvent
from liemchinh.core.permissions import SYSTEM
from liemchinh.core.roles import Role
from liemchinh.documents.models import Document
from liemchinh.documents.services import document_create

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"
URL = "/api/v1/documents/"


@pytest.fixture
def plan(db):
    return document_create(actor=SYSTEM, number="262/KH-UBND", doc_type="plan",
                           title="Kế hoạch phòng, chống tham nhũng năm 2024", issuer="Ủy ban nhân dân tỉnh Sơn La",
                           issued_on=dt.date(2023, 11, 8), full_text="Toàn văn kế hoạch",
                           legal_bases=["59/2019/NĐ-CP", "10/CT-TTg"])


@pytest.fixture
def officer(client, org_tree, make_user):
    client.force_login(make_user(Role.INSPECTORATE_OFFICER, org_tree["inspectorate"]))
    return client


@pytest.fixture
def focal(org_tree, make_user):
    other = Client()
    other.force_login(make_user(Role.FOCAL_POINT, org_tree["finance"]))
    return other


def _numbers(response):
    assert response.status_code == 200, response.content
    return [row["number"] for row in response.json()["results"]]


def test_list_searches_and_filters(officer, plan):
    assert _numbers(officer.get(URL, {"q": "tham nhung"})) == ["262/KH-UBND"]
    assert _numbers(officer.get(URL, {"q": "59/2019/ND-CP"})) == ["59/2019/NĐ-CP"]
    assert _numbers(officer.get(URL, {"doc_type": "directive"})) == ["10/CT-TTg"]
    assert _numbers(officer.get(URL, {"year": "2023"})) == ["262/KH-UBND"]
    assert sorted(_numbers(officer.get(URL, {"stub": "true"}))) == ["10/CT-TTg", "59/2019/NĐ-CP"]
    assert officer.get(URL, {"year": "abc"}).status_code == 400
    row = officer.get(URL, {"q": "tham nhung"}).json()["results"][0]
    assert "full_text" not in row and row["is_stub"] is False


def test_retrieve_has_what_it_cites_and_what_cites_it(officer, plan):
    body = officer.get(f"{URL}{plan.pk}/").json()
    assert body["full_text"] == "Toàn văn kế hoạch"
    assert [(c["text"], c["document"]["is_stub"]) for c in body["cites"]] == [("59/2019/NĐ-CP", True),
                                                                              ("10/CT-TTg", True)]
    decree = body["cites"][0]["document"]["id"]
    cited = officer.get(f"{URL}{decree}/").json()
    assert [c["document"]["id"] for c in cited["cited_by"]] == [plan.pk]
    assert officer.get(f"{URL}999999/").status_code == 404


def test_create_goes_through_the_service(officer, focal, plan):
    data = {"number": "59/2019/ND-CP", "doc_type": "decree", "title": "Nghị định quy định chi tiết Luật PCTN",
            "issuer": "Chính phủ", "issued_on": "2019-07-01", "legal_bases": ["Luật Phòng, chống tham nhũng 2018"]}
    assert focal.post(URL, data, content_type="application/json").status_code == 403
    response = officer.post(URL, data, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["id"] == plan.citations.get(position=0).cited_id  # took over the stub
    assert body["is_stub"] is False and body["cites"][0]["document"]["doc_type"] == "law"
    assert AuditEvent.objects.filter(action="document.create", object_id=str(body["id"])).exists()
    again = officer.post(URL, data, content_type="application/json")
    assert again.status_code == 400 and "59/2019/ND-CP" in json.dumps(again.json(), ensure_ascii=False)


def test_extract_reads_a_seed_and_saves_nothing(officer):
    seed = FIXTURES / "seeds" / "004_17e0f4fead6f4fe3.txt"
    truth = json.loads((FIXTURES / "truth" / "004_17e0f4fead6f4fe3.json").read_text(encoding="utf-8"))
    upload = SimpleUploadedFile("ke-hoach.txt", seed.read_bytes(), content_type="text/plain")
    response = officer.post(f"{URL}extract/", {"file": upload})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["number"] == truth["number"] == "678/KH-UBND"
    assert body["legal_bases"] == truth["legal_bases"]
    assert body["tasks"] and {"text", "lead", "partners", "due_on"} <= set(body["tasks"][0])
    assert not Document.objects.exists()


@pytest.mark.parametrize(("name", "content", "words"), [
    ("hong.docx", b"PK\x03\x04 this is not really a zip archive", "hong.docx"),
    ("rong.txt", b"   \n ", "rỗng"),
    ("mat-khau.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "mật khẩu"),
    ("anh.bin", b"\x00\x01\x02\x03" * 50, "không được hỗ trợ"),
])
def test_extract_refuses_an_unreadable_file_with_the_readers_message(officer, name, content, words):
    response = officer.post(f"{URL}extract/", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert words in response.json()["detail"]


def test_the_api_needs_a_staff_role(client, make_user, plan):
    assert client.get(URL).status_code in (401, 403)
    client.force_login(make_user(None, None))
    assert client.get(URL).status_code == 403
    assert client.post(f"{URL}extract/", {"file": SimpleUploadedFile("a.txt", b"x")}).status_code == 403
