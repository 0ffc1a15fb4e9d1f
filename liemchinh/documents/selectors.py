"""Reads of official documents. Every staff role may see every document (documents.document.view):
documents are public acts of the State, not scoped by body.

Search is insensitive to diacritics and case: the services keep `Document.search_text` (the folded
number, number key, title and full text) and a query is folded the same way and split into terms,
all of which must occur (AND). A number typed in any spelling ("59/2019/ND-CP", "59/2019/NĐ-CP")
also matches exactly on the indexed `number_key`.

Performance: the term match is a `LIKE '%term%'` over `search_text`, a sequential scan (measured on
SQLite: 30,000 documents of ~3 KB text, count and first page in 0.1–0.2 s). Beyond that,
PostgreSQL can index it with pg_trgm (a GIN index `gin_trgm_ops` on search_text serves these LIKE
queries unchanged). The text is already lower case, so the match uses `contains` rather than
`icontains`, which would wrap the column in UPPER() and defeat such an index.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from liemchinh.core.permissions import require_perm
from liemchinh.core.text import fold
from liemchinh.documents.models import Document, DocumentCitation, number_key

VIEW = "documents.document.view"
MAX_TERMS = 8


def search_q(query: str) -> Q:
    """The condition matching documents whose folded number, title or full text contain every term
    of `query` (or whose number key is exactly the query's)."""
    folded = fold(query or "")
    if not folded:
        return Q()
    terms = folded.split(" ")[:MAX_TERMS]
    q = Q()
    for term in terms:
        q &= Q(search_text__contains=term)
    key = number_key(query)
    return q | Q(number_key=key) if key else q


def document_list(*, actor, q: str | None = None, doc_type: str | None = None, issuer: str | None = None,
                  year: int | None = None, stubs: bool | None = None) -> QuerySet[Document]:
    """Documents, newest first, filtered: folded search `q`, type, issuer (as written), year of issue,
    and `stubs` (True: only stubs; False: only full records; None: both)."""
    require_perm(actor, VIEW)
    qs = Document.objects.select_related("issuer_org")
    if q:
        qs = qs.filter(search_q(q))
    if doc_type:
        qs = qs.filter(doc_type=doc_type)
    if issuer:
        qs = qs.filter(issuer=issuer)
    if year:
        qs = qs.filter(issued_on__year=year)
    if stubs is not None:
        qs = qs.filter(is_stub=stubs)
    return qs.order_by("-issued_on", "-id")


def document_get(*, actor, pk: int) -> Document:
    """One document (Document.DoesNotExist when there is none)."""
    require_perm(actor, VIEW)
    return Document.objects.select_related("issuer_org", "original", "created_by").get(pk=pk)


def document_cites(*, actor, document: Document) -> QuerySet[DocumentCitation]:
    """What `document` cites (its legal bases), in the order it lists them, with the cited documents."""
    require_perm(actor, VIEW)
    return DocumentCitation.objects.filter(citing=document).select_related("cited").order_by("position", "id")


def document_cited_by(*, actor, document: Document) -> QuerySet[DocumentCitation]:
    """What cites `document`, newest citing document first."""
    require_perm(actor, VIEW)
    return (DocumentCitation.objects.filter(cited=document).select_related("citing")
            .order_by("-citing__issued_on", "-citing_id"))


def document_issuers(*, actor) -> list[str]:
    """The issuers written on the stored documents, for the filter's choices."""
    require_perm(actor, VIEW)
    return list(Document.objects.exclude(issuer="").order_by("issuer").values_list("issuer", flat=True).distinct())
