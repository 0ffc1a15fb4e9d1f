"""document_create: permission, validation, duplicates, audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from liemchinh.core.errors import DomainError
from liemchinh.core.models import AuditEvent
from liemchinh.core.permissions import SYSTEM
from liemchinh.core.roles import Role
from liemchinh.documents.models import Document
from liemchinh.documents.services import document_create

pytestmark = pytest.mark.django_db


def _create(actor, **fields):
    data = {"number": "12/KH-UBND", "doc_type": "plan", "title": "Kế hoạch phòng, chống tham nhũng năm 2026",
            "issuer": "Ủy ban nhân dân tỉnh Tây Ninh", "issued_on": dt.date(2026, 1, 5),
            "recipients": ["Các sở, ban, ngành tỉnh", "  "]}
    data.update(fields)
    return document_create(actor=actor, **data)


def test_an_officer_records_a_document_and_it_is_audited(org_tree, make_user):
    officer = make_user(Role.INSPECTORATE_OFFICER, org_tree["province"])
    document = _create(officer, issuer_org=org_tree["province"])
    assert document.created_by == officer
    assert document.recipients == ["Các sở, ban, ngành tỉnh"]
    event = AuditEvent.objects.get(action="document.create")
    assert event.object_id == str(document.pk)
    assert event.changes["number"] == "12/KH-UBND"


def test_a_duplicate_number_from_the_same_issuer_is_refused(org_tree):
    _create(SYSTEM)
    with pytest.raises(DomainError) as error:
        _create(SYSTEM, issuer="UY BAN NHAN DAN TINH TAY NINH", title="Khác")
    assert error.value.field == "number"
    assert "12/KH-UBND" in error.value.message
    assert Document.objects.count() == 1
    _create(SYSTEM, allow_duplicate=True)
    _create(SYSTEM, issuer="Ủy ban nhân dân tỉnh Sơn La")
    assert Document.objects.count() == 3


def test_an_unnumbered_document_is_a_duplicate_only_with_the_same_title_and_date(db):
    _create(SYSTEM, number="", doc_type="news", issuer="")
    _create(SYSTEM, number="", doc_type="news", issuer="", title="Bài khác")
    with pytest.raises(DomainError):
        _create(SYSTEM, number="", doc_type="news", issuer="")
    assert Document.objects.count() == 2


@pytest.mark.parametrize(("fields", "field"), [
    ({"doc_type": "poem"}, "doc_type"),
    ({"title": "   "}, "title"),
    ({"issued_on": dt.date.today() + dt.timedelta(days=2)}, "issued_on"),
    ({"source_url": "javascript:alert(1)"}, "source_url"),
])
def test_invalid_metadata_is_refused(db, fields, field):
    with pytest.raises(DomainError) as error:
        _create(SYSTEM, **fields)
    assert error.value.field == field
    assert not Document.objects.exists()


def test_a_focal_point_may_not_record_documents(org_tree, make_user):
    focal = make_user(Role.FOCAL_POINT, org_tree["finance"])
    with pytest.raises(PermissionDenied):
        _create(focal, issuer_org=org_tree["finance"])
    assert not Document.objects.exists()
