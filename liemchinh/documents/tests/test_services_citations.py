"""Legal bases as links: citations, stubs, their completion and takeover; the search columns."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from liemchinh.core.errors import DomainError
from liemchinh.core.models import AuditEvent
from liemchinh.core.permissions import SYSTEM
from liemchinh.core.roles import Role
from liemchinh.documents.models import Document, DocumentCitation, number_key
from liemchinh.documents.services import document_complete, document_create, document_update, guess_stub

pytestmark = pytest.mark.django_db

BASES = ["Luật Phòng, chống tham nhũng 2018", "59/2019/NĐ-CP", "10/CT-TTg"]


def _plan(actor=SYSTEM, **fields):
    data = {"number": "262/KH-UBND", "doc_type": "plan", "title": "Kế hoạch phòng, chống tham nhũng năm 2024",
            "issuer": "Ủy ban nhân dân tỉnh Sơn La", "issued_on": dt.date(2023, 11, 8), "legal_bases": BASES}
    data.update(fields)
    return document_create(actor=actor, **data)


def test_number_keys_fold_diacritics_case_and_spaces():
    assert number_key("59/2019/NĐ-CP") == number_key("59/2019/ND-CP") == number_key("59 / 2019 / nđ-cp")
    assert number_key("59/2019/NĐ-CP") == "59/2019/nd-cp"
    assert number_key("59/2019/NĐ-CP") != number_key("59/2020/NĐ-CP")


@pytest.mark.parametrize(("text", "doc_type", "issuer"), [
    ("59/2019/NĐ-CP", "decree", "Chính phủ"),
    ("10/CT-TTg", "directive", "Thủ tướng Chính phủ"),
    ("168/NQ-CP", "resolution", "Chính phủ"),
    ("15/2023/NQ-HĐND", "resolution", ""),
    ("03/2013/TT-TTCP", "circular", ""),
    ("1234/QĐ-UBND", "decision", ""),
    ("2613/KH-TTTP", "plan", ""),
    ("Luật Phòng, chống tham nhũng 2018", "law", "Quốc hội"),
    ("12-KH/TU", "plan", ""),
])
def test_a_stub_guesses_its_type_from_the_number(text, doc_type, issuer):
    guess = guess_stub(text)
    assert (guess["doc_type"], guess["issuer"]) == (doc_type, issuer)


def test_unknown_legal_bases_become_stubs_linked_in_order():
    plan = _plan()
    citations = list(plan.citations.select_related("cited"))
    assert [c.text for c in citations] == BASES
    assert [c.position for c in citations] == [0, 1, 2]
    law, decree, directive = (c.cited for c in citations)
    assert all(d.is_stub for d in (law, decree, directive))
    assert (law.doc_type, law.number, law.title) == ("law", "", "Luật Phòng, chống tham nhũng 2018")
    assert (decree.doc_type, decree.number, decree.issuer) == ("decree", "59/2019/NĐ-CP", "Chính phủ")
    assert directive.doc_type == "directive"
    assert AuditEvent.objects.filter(action="document.stub_create").count() == 3
    assert AuditEvent.objects.get(action="document.create").changes["legal_bases"] == BASES


def test_a_second_document_citing_the_same_number_reuses_the_stub():
    first = _plan()
    second = _plan(number="678/KH-UBND", legal_bases=["Luật Phòng, chống tham nhũng 2018", "59/2019/ND-CP",
                                                      "134/2021/NĐ-CP", "59/2019/NĐ-CP"])
    decree = Document.objects.get(number_key="59/2019/nd-cp")
    assert set(decree.cited_by_links.values_list("citing_id", flat=True)) == {first.pk, second.pk}
    assert Document.objects.filter(is_stub=True).count() == 4
    assert second.citations.count() == 3  # the repeated decree is linked once
    law = first.citations.get(position=0).cited
    assert second.citations.get(position=0).cited == law


def test_a_real_document_takes_over_its_stub_and_keeps_the_citations():
    plan = _plan()
    stub = Document.objects.get(number_key="59/2019/nd-cp")
    decree = document_create(actor=SYSTEM, number="59/2019/ND-CP", doc_type="decree", issuer="Chính phủ",
                             title="Quy định chi tiết một số điều và biện pháp thi hành Luật Phòng, chống tham nhũng",
                             issued_on=dt.date(2019, 7, 1), full_text="Căn cứ Luật Tổ chức Chính phủ …")
    assert decree.pk == stub.pk
    decree.refresh_from_db()
    assert not decree.is_stub and decree.number == "59/2019/ND-CP"
    assert list(decree.cited_by_links.values_list("citing_id", flat=True)) == [plan.pk]
    assert Document.objects.filter(number_key="59/2019/nd-cp").count() == 1
    assert AuditEvent.objects.filter(action="document.create", object_id=str(stub.pk)).get().changes[
        "took_over_stub"] == stub.pk
    with pytest.raises(DomainError) as error:  # the duplicate refusal still holds for real documents
        document_create(actor=SYSTEM, number="59/2019/NĐ-CP", doc_type="decree", issuer="CHINH PHU", title="Khác")
    assert error.value.code == "duplicate"


def test_a_law_cited_by_its_name_is_taken_over_by_the_law_and_found_again_by_name():
    plan = _plan()
    law = document_create(actor=SYSTEM, number="36/2018/QH14", doc_type="law", title="Phòng, chống tham nhũng",
                          issuer="Quốc hội", issued_on=dt.date(2018, 11, 20), full_text="LUẬT …")
    assert plan.citations.get(position=0).cited_id == law.pk
    assert not Document.objects.get(pk=law.pk).is_stub
    later = _plan(number="678/KH-UBND", legal_bases=["Luật Phòng, chống tham nhũng 2018", "36/2018/QH14"])
    assert list(later.citations.values_list("cited_id", flat=True)) == [law.pk]


def test_correcting_a_number_merges_the_stub_of_that_number():
    plan = _plan()
    decree = document_create(actor=SYSTEM, number="59/2019/NĐ-CP (dự thảo)", doc_type="decree", title="Nghị định",
                             issuer="Chính phủ")
    stub = Document.objects.get(number_key="59/2019/nd-cp")
    document_update(actor=SYSTEM, document=decree, number="59/2019/NĐ-CP")
    assert not Document.objects.filter(pk=stub.pk).exists()
    assert plan.citations.get(position=1).cited_id == decree.pk
    assert AuditEvent.objects.get(action="document.update").changes["merged_stubs"] == [stub.pk]


def test_a_stub_of_another_issuer_is_not_taken_over():
    _plan(legal_bases=["15/KH-UBND"])
    stub = Document.objects.get(is_stub=True)
    stub.issuer = "Ủy ban nhân dân tỉnh Sơn La"
    stub.save()
    other = document_create(actor=SYSTEM, number="15/KH-UBND", doc_type="plan", title="Kế hoạch khác",
                            issuer="Ủy ban nhân dân tỉnh Tây Ninh")
    assert other.pk != stub.pk
    assert Document.objects.get(pk=stub.pk).is_stub


def test_citing_a_stored_document_links_it_without_a_stub():
    decree = document_create(actor=SYSTEM, number="59/2019/NĐ-CP", doc_type="decree", title="Nghị định",
                             issuer="Chính phủ")
    plan = _plan(legal_bases=["59/2019/ND-CP", "262/KH-UBND"])  # its own number is not a legal basis
    assert list(plan.citations.values_list("cited_id", flat=True)) == [decree.pk]
    assert not Document.objects.filter(is_stub=True).exists()


def test_completing_a_stub_keeps_the_row_and_its_citations(org_tree, make_user):
    plan = _plan()
    stub = Document.objects.get(number_key="10/ct-ttg")
    officer = make_user(Role.INSPECTORATE_OFFICER, org_tree["inspectorate"])
    with pytest.raises(DomainError) as error:
        document_complete(actor=officer, document=stub, title="Tăng cường xử lý nhũng nhiễu")
    assert error.value.field == "full_text"
    done = document_complete(actor=officer, document=stub, title="Tăng cường xử lý, ngăn chặn nhũng nhiễu",
                             issued_on=dt.date(2019, 4, 22), full_text="CHỈ THỊ … nhũng nhiễu, gây phiền hà")
    assert done.pk == stub.pk and not done.is_stub
    assert "nhung nhieu, gay phien ha" in done.search_text
    assert list(done.cited_by_links.values_list("citing_id", flat=True)) == [plan.pk]
    event = AuditEvent.objects.get(action="document.complete")
    assert event.changes["is_stub"] == [True, False]
    with pytest.raises(DomainError):
        document_complete(actor=officer, document=done, full_text="lần nữa")


def test_completing_and_editing_need_the_manage_permission(org_tree, make_user):
    _plan()
    stub = Document.objects.filter(is_stub=True).first()
    focal = make_user(Role.FOCAL_POINT, org_tree["finance"])
    with pytest.raises(PermissionDenied):
        document_complete(actor=focal, document=stub, full_text="x")
    with pytest.raises(PermissionDenied):
        document_update(actor=focal, document=stub, title="x")
    assert Document.objects.get(pk=stub.pk).is_stub


def test_an_update_refreshes_the_search_text_and_is_audited():
    plan = _plan(legal_bases=[])
    document_update(actor=SYSTEM, document=plan, title="Kế hoạch kiểm soát tài sản, thu nhập", number="263/KH-UBND")
    plan.refresh_from_db()
    assert plan.number_key == "263/kh-ubnd"
    assert "kiem soat tai san" in plan.search_text and "tham nhung" not in plan.search_text
    changes = AuditEvent.objects.get(action="document.update").changes
    assert changes["number"] == ["262/KH-UBND", "263/KH-UBND"]


def test_a_failed_create_leaves_no_stub_behind():
    with pytest.raises(DomainError):
        _plan(title="   ")
    assert not Document.objects.exists()
    assert not DocumentCitation.objects.exists()


def test_the_demo_links_the_seeds_legal_bases_once():
    from liemchinh.demo import load_demo

    load_demo()
    plan = Document.objects.get(number="262/KH-UBND")
    assert list(plan.citations.values_list("text", flat=True)) == BASES
    decree = Document.objects.get(number_key="59/2019/nd-cp")
    assert decree.is_stub
    assert sorted(decree.cited_by_links.values_list("citing__number", flat=True)) == ["262/KH-UBND", "678/KH-UBND"]
    before = (Document.objects.count(), DocumentCitation.objects.count())
    load_demo()
    assert (Document.objects.count(), DocumentCitation.objects.count()) == before == (11, 8)
