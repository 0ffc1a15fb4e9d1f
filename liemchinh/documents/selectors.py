from __future__ import annotations

from django.db.models import QuerySet

from liemchinh.core.permissions import require_perm
from liemchinh.documents.models import Document


def document_list(*, actor) -> QuerySet[Document]:
    require_perm(actor, "documents.document.view")
    return Document.objects.select_related("issuer_org").order_by("-issued_on", "-id")
