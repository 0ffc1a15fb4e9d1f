"""Document model invariants kept by the database: a citation links two different documents once."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from liemchinh.documents.models import Document, DocumentCitation

pytestmark = pytest.mark.django_db


def test_a_document_cites_another_once_and_never_itself():
    a = Document.objects.create(title="A")
    b = Document.objects.create(title="B")
    DocumentCitation.objects.create(citing=a, cited=b, text="B", position=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentCitation.objects.create(citing=a, cited=b, text="B bis", position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentCitation.objects.create(citing=a, cited=a, text="A", position=2)


def test_a_cited_document_cannot_be_deleted_but_a_citing_one_takes_its_citations_along():
    from django.db.models import ProtectedError

    a = Document.objects.create(title="A")
    b = Document.objects.create(title="B")
    DocumentCitation.objects.create(citing=a, cited=b, text="B")
    with pytest.raises(ProtectedError):
        b.delete()
    a.delete()
    assert not DocumentCitation.objects.exists()
