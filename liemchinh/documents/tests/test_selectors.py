"""Document selectors: folded AND search, filters, citations both ways, permission."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from liemchinh.core.permissions import SYSTEM
from liemchinh.core.roles import Role
from liemchinh.documents import selectors
from liemchinh.documents.services import document_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def docs(db):
    def make(number, title, **fields):
        data = {"doc_type": "plan", "issuer": "Ủy ban nhân dân tỉnh Tây Ninh", "issued_on": dt.date(2025, 1, 2)}
        data.update(fields)
        return document_create(actor=SYSTEM, number=number, title=title, **data)

    return {
        "pctn": make("12/KH-UBND", "Kế hoạch phòng, chống tham nhũng năm 2025",
                     full_text="Tăng cường kiểm soát tài sản, thu nhập của người có chức vụ"),
        "cchc": make("13/KH-UBND", "Kế hoạch cải cách hành chính", issued_on=dt.date(2024, 3, 1),
                     issuer="Sở Nội vụ", legal_bases=["12/KH-UBND", "59/2019/NĐ-CP"]),
        "letter": make("", "Tin: Hội nghị tổng kết", doc_type="news", issuer="", issued_on=None),
    }


def _numbers(**kwargs):
    return sorted(d.number for d in selectors.document_list(actor=SYSTEM, **kwargs))


def test_search_is_folded_and_needs_every_term(docs):
    assert _numbers(q="tham nhung") == ["12/KH-UBND"]
    assert _numbers(q="THAM NHŨNG") == ["12/KH-UBND"]
    assert _numbers(q="kiem soat tai san") == ["12/KH-UBND"]  # full text
    assert _numbers(q="ke hoach") == ["12/KH-UBND", "13/KH-UBND"]
    assert _numbers(q="ke hoach hanh chinh") == ["13/KH-UBND"]
    assert _numbers(q="hoi nghi tong ket") == [""]
    assert _numbers(q="tham nhung cai cach") == []


def test_search_by_number_in_any_spelling(docs):
    assert _numbers(q="59/2019/ND-CP") == ["59/2019/NĐ-CP"]
    assert _numbers(q="59/2019/nđ-cp") == ["59/2019/NĐ-CP"]
    assert _numbers(q="59 / 2019 / NĐ-CP") == ["59/2019/NĐ-CP"]
    assert _numbers(q="13/kh-ubnd") == ["13/KH-UBND"]


def test_filters(docs):
    assert _numbers(doc_type="news") == [""]
    assert _numbers(year=2024) == ["13/KH-UBND"]
    assert _numbers(issuer="Sở Nội vụ") == ["13/KH-UBND"]
    assert _numbers(stubs=True) == ["59/2019/NĐ-CP"]
    assert len(_numbers(stubs=False)) == 3
    assert selectors.document_issuers(actor=SYSTEM) == ["Chính phủ", "Sở Nội vụ", "Ủy ban nhân dân tỉnh Tây Ninh"]


def test_citations_both_ways(docs):
    cites = selectors.document_cites(actor=SYSTEM, document=docs["cchc"])
    assert [(c.text, c.cited.is_stub) for c in cites] == [("12/KH-UBND", False), ("59/2019/NĐ-CP", True)]
    cited_by = selectors.document_cited_by(actor=SYSTEM, document=docs["pctn"])
    assert [c.citing_id for c in cited_by] == [docs["cchc"].pk]


def test_every_staff_role_reads_and_others_do_not(docs, org_tree, make_user):
    focal = make_user(Role.FOCAL_POINT, org_tree["commune"])
    assert selectors.document_list(actor=focal).count() == 4
    with pytest.raises(PermissionDenied):
        selectors.document_list(actor=make_user(None, None))
