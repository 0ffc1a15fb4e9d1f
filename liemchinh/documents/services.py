"""Writes of official documents (văn bản), their metadata and the links between them.

Who may call: holders of "documents.document.manage" (the inspectorate and system administrators);
the SYSTEM actor from commands and the demo loader.

Legal bases are links: each number (or law's name) a document cites becomes a DocumentCitation to
the stored document with that number; an unknown one becomes a *stub* Document (is_stub=True,
type guessed from the number) which `document_complete` fills in later — the same row, so the
citations stay — and which a real document of that number takes over when it is recorded.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liemchinh.core.errors import DomainError
from liemchinh.core.permissions import SystemActor, require_perm
from liemchinh.core.services.audit import audit_record, diff, snapshot
from liemchinh.core.text import collapse_spaces, fold, nfc, strip_diacritics
from liemchinh.documents.models import DocType, Document, DocumentCitation, number_key

AUDIT_FIELDS = ["number", "doc_type", "issuer", "place", "issued_on", "title", "signer", "signer_title"]
MAX_CITATION_LENGTH = DocumentCitation._meta.get_field("text").max_length

# The type code of a number ("59/2019/NĐ-CP" → "ND", "12-KH/TU" → "KH"), without diacritics.
STUB_TYPE_CODES = {
    "ND": DocType.DECREE, "CT": DocType.DIRECTIVE, "NQ": DocType.RESOLUTION, "TT": DocType.CIRCULAR,
    "TTLT": DocType.CIRCULAR, "QD": DocType.DECISION, "KH": DocType.PLAN, "BC": DocType.REPORT,
    "KL": DocType.CONCLUSION, "QDI": DocType.REGULATION,
}
# The issuing body named by a number's last part ("NĐ-CP" → the Government).
STUB_ISSUERS = {"CP": "Chính phủ", "TTG": "Thủ tướng Chính phủ", "QH": "Quốc hội"}
_LAW = re.compile(r"^(bộ\s+)?luật\b", re.IGNORECASE)


def _text(value) -> str:
    return collapse_spaces(nfc(value or "")).strip()


def _user_or_none(actor):
    return None if isinstance(actor, SystemActor) or not getattr(actor, "pk", None) else actor


def search_text_of(*, number: str, title: str, full_text: str, key: str = "") -> str:
    """The folded text that search looks into: number (as written and as its key), title and full
    text, without diacritics and in lower case."""
    return fold(" ".join(part for part in (number, key, title, full_text) if part))


def _refresh_search(document: Document) -> None:
    """Recompute the number key and the search text after a write. A law known only by its name
    keeps the key of that name, so later citations by name still find it."""
    if document.number:
        document.number_key = number_key(document.number)
    elif document.doc_type != DocType.LAW:
        document.number_key = ""
    document.search_text = search_text_of(number=document.number, title=document.title,
                                          full_text=document.full_text, key=document.number_key)


def guess_stub(text: str) -> dict:
    """What a cited number or name says of its document: {"number", "doc_type", "issuer", "title"}.
    "59/2019/NĐ-CP" → a decree of the Government; "10/CT-TTg" → a directive of the Prime Minister;
    "Luật Phòng, chống tham nhũng 2018" → a law (of the National Assembly) known by its name."""
    text = _text(text)
    if _LAW.match(text):
        return {"number": "", "doc_type": DocType.LAW, "issuer": STUB_ISSUERS["QH"], "title": text}
    plain = strip_diacritics(text).upper().replace(" ", "")
    doc_type, issuer = DocType.OTHER, ""
    party = re.match(r"^\d+-([A-Z]+)/", plain)  # Party style: "12-KH/TU"
    parts = plain.split("/")
    if party:
        code = party.group(1)
    elif len(parts) >= 2:
        pieces = parts[-1].split("-")
        code = pieces[0]
        if len(pieces) > 1:
            issuer = STUB_ISSUERS.get(pieces[-1], "")
    else:
        code = ""
    if code in STUB_TYPE_CODES:
        doc_type = STUB_TYPE_CODES[code]
    elif len(parts) == 2 and code:
        doc_type = DocType.OFFICIAL_LETTER  # "123/UBND-KT"
    label = DocType(doc_type).label if doc_type != DocType.OTHER else _("Văn bản")
    title = _("%(type)s số %(number)s") % {"type": label, "number": text}
    return {"number": text[:Document._meta.get_field("number").max_length], "doc_type": str(doc_type),
            "issuer": issuer, "title": title}


def _clean_metadata(*, number, doc_type, title, issuer, issuer_org, place, issued_on, signer, signer_title,
                    source_url) -> dict:
    """The metadata tidied (NFC, single spaces) and checked; a DomainError names the first bad field."""
    data = {
        "number": _text(number),
        "doc_type": (doc_type or "").strip(),
        "title": _text(title),
        "issuer": _text(issuer) or (issuer_org.name if issuer_org is not None else ""),
        "place": _text(place),
        "issued_on": issued_on,
        "signer": _text(signer),
        "signer_title": _text(signer_title),
    }
    if data["doc_type"] not in DocType.values:
        raise DomainError(_("Loại văn bản “%(t)s” không hợp lệ.") % {"t": data["doc_type"]}, field="doc_type")
    if not data["title"]:
        raise DomainError(_("Thiếu trích yếu của văn bản."), field="title")
    if len(data["number"]) > Document._meta.get_field("number").max_length:
        raise DomainError(_("Số hiệu văn bản quá dài."), field="number")
    if issued_on is not None and not isinstance(issued_on, dt.date):
        raise DomainError(_("Ngày ban hành không hợp lệ."), field="issued_on")
    if issued_on is not None and issued_on > timezone.localdate():
        raise DomainError(_("Ngày ban hành không thể ở tương lai."), field="issued_on")
    source_url = (source_url or "").strip()
    if source_url:
        try:
            URLValidator(schemes=["http", "https"])(source_url)
        except ValidationError as exc:
            raise DomainError(_("Địa chỉ nguồn không hợp lệ."), field="source_url") from exc
    data["source_url"] = source_url
    return data


def _duplicate_error(data: dict) -> DomainError:
    if data["number"]:
        message = _("Văn bản số “%(n)s” của “%(i)s” đã có trong hệ thống.") % {
            "n": data["number"], "i": data["issuer"] or _("(không rõ cơ quan ban hành)")}
    else:
        message = _("Văn bản “%(t)s” đã có trong hệ thống.") % {"t": data["title"][:80]}
    return DomainError(message, field="number", code="duplicate")


def _audit_changes(data: dict, issuer_org, recipients) -> dict:
    changes = {key: (value.isoformat() if isinstance(value, dt.date) else value)
               for key, value in data.items() if value not in ("", None)}
    if issuer_org is not None:
        changes["issuer_org"] = issuer_org.code
    if recipients:
        changes["recipients"] = recipients
    return changes


def document_duplicate(*, number: str, issuer: str = "", issuer_org=None, title: str = "",
                       issued_on: dt.date | None = None, exclude_pk: int | None = None) -> Document | None:
    """The stored document that the given metadata would duplicate, if any: the same number from
    the same issuer (numbers compared on their key — without diacritics, case or spaces); for a
    document without a number, the same title, issuer and date. Stubs are not documents yet and
    never count as duplicates (a real document takes them over)."""
    number = _text(number)
    issuer_key = fold(_text(issuer))
    if number:
        candidates = Document.objects.filter(number_key=number_key(number))
    else:
        candidates = Document.objects.filter(number="", issued_on=issued_on)
    candidates = candidates.filter(is_stub=False)
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    for document in candidates.order_by("id"):
        same_issuer = (
            (issuer_org is not None and document.issuer_org_id == issuer_org.pk)
            or fold(document.issuer or "") == issuer_key
        )
        if not same_issuer:
            continue
        if number or fold(document.title) == fold(_text(title)):
            return document
    return None


def _stub_keys(*, number: str, doc_type: str, title: str, issued_on: dt.date | None) -> list[str]:
    """The keys under which stubs of this document may have been recorded: its number, and for a
    law also its name as laws are cited ("Luật Phòng, chống tham nhũng" and "… 2018")."""
    keys = [number_key(number)] if number else []
    if doc_type == DocType.LAW and title:
        name = title if _LAW.match(title) else f"Luật {title}"
        keys.append(number_key(name))
        if issued_on is not None:
            keys.append(number_key(f"{name} {issued_on.year}"))
    return [key for key in keys if key]


def _stubs_of(keys: list[str], issuer: str, issuer_org, exclude_pk: int | None = None) -> list[Document]:
    """The stubs that a real document with these keys replaces: same key, and an issuer unknown
    (on either side) or the same."""
    if not keys:
        return []
    issuer_key = fold(issuer)
    stubs = Document.objects.filter(is_stub=True, number_key__in=keys).order_by("id")
    if exclude_pk is not None:
        stubs = stubs.exclude(pk=exclude_pk)
    return [stub for stub in stubs
            if not stub.issuer or not issuer_key or fold(stub.issuer) == issuer_key
            or (issuer_org is not None and stub.issuer_org_id == issuer_org.pk)]


def _merge_stub(*, stub: Document, into: Document) -> None:
    """Move what cites `stub` to `into` (a document citing both keeps one link) and delete the stub."""
    for link in DocumentCitation.objects.filter(cited=stub).order_by("id"):
        if link.citing_id == into.pk or DocumentCitation.objects.filter(citing_id=link.citing_id, cited=into).exists():
            link.delete()
        else:
            link.cited = into
            link.save(update_fields=["cited"])
    DocumentCitation.objects.filter(citing=stub).delete()
    stub.delete()


def _cited_document(*, actor, text: str, citing: Document) -> tuple[Document, bool]:
    """The document a legal basis written as `text` refers to: a stored real document with that
    number key (the citing document's issuer preferred), else an earlier citation written the same
    way, else a stub of that number — created if needed. Returns (document, created)."""
    key = number_key(text)
    candidates = list(Document.objects.filter(number_key=key).exclude(pk=citing.pk).order_by("is_stub", "id")[:20])
    if candidates:
        real = [d for d in candidates if not d.is_stub]
        same_issuer = [d for d in real if d.issuer and fold(d.issuer) == fold(citing.issuer)]
        return (same_issuer or real or candidates)[0], False
    earlier = (DocumentCitation.objects.filter(text=text).exclude(cited_id=citing.pk)
               .select_related("cited").order_by("id").first())
    if earlier is not None:
        return earlier.cited, False
    guess = guess_stub(text)
    stub = Document(number=guess["number"], doc_type=guess["doc_type"], issuer=guess["issuer"],
                    title=guess["title"], is_stub=True, created_by=_user_or_none(actor))
    stub.number_key = key
    stub.search_text = search_text_of(number=stub.number, title=stub.title, full_text="", key=key)
    stub.save()
    audit_record(actor=actor, action="document.stub_create", obj=stub,
                 changes={"number": stub.number, "doc_type": stub.doc_type, "title": stub.title,
                          "cited_by": citing.pk, "as_written": text})
    return stub, True


def _link_legal_bases(*, actor, document: Document, legal_bases: Sequence[str]) -> list[str]:
    """Create the citations of `document` to its legal bases (numbers or names as written, the
    reader's contract format), in order; repeats and the document's own number are skipped."""
    own_key = number_key(document.number) if document.number else None
    seen: set[int] = set(document.citations.values_list("cited_id", flat=True))
    position = document.citations.count()
    linked = []
    for raw in legal_bases or ():
        text = _text(raw)[:MAX_CITATION_LENGTH]
        if not text or number_key(text) == own_key:
            continue
        cited, _created = _cited_document(actor=actor, text=text, citing=document)
        if cited.pk in seen or cited.pk == document.pk:
            continue
        seen.add(cited.pk)
        DocumentCitation.objects.create(citing=document, cited=cited, text=text, position=position)
        position += 1
        linked.append(text)
    return linked


@transaction.atomic
def document_create(
    *,
    actor,
    number: str,
    doc_type: str,
    title: str,
    issuer: str = "",
    issuer_org=None,
    place: str = "",
    issued_on: dt.date | None = None,
    signer: str = "",
    signer_title: str = "",
    recipients: Iterable[str] = (),
    full_text: str = "",
    source_url: str = "",
    original=None,
    allow_duplicate: bool = False,
    legal_bases: Sequence[str] = (),
) -> Document:
    """Record an official document with its metadata (số hiệu, loại, cơ quan ban hành, ngày ban
    hành, trích yếu, người ký, nơi nhận — the parts of a document set by Nghị định 30/2020/NĐ-CP)
    and its legal bases (căn cứ) as citations, unknown ones as stubs.
    A second document with the same number from the same issuer is refused unless
    `allow_duplicate`. A stub of the same number (issuer unknown or the same) is taken over: the
    stub's row becomes this document, so what cited it now cites the real record.
    Who: documents.document.manage."""
    require_perm(actor, "documents.document.manage", issuer_org)
    data = _clean_metadata(number=number, doc_type=doc_type, title=title, issuer=issuer, issuer_org=issuer_org,
                           place=place, issued_on=issued_on, signer=signer, signer_title=signer_title,
                           source_url=source_url)
    recipients = [_text(item) for item in (recipients or ()) if _text(item)]
    if not allow_duplicate:
        existing = document_duplicate(number=data["number"], issuer=data["issuer"], issuer_org=issuer_org,
                                      title=data["title"], issued_on=issued_on)
        if existing is not None:
            raise _duplicate_error(data)
    stubs = _stubs_of(_stub_keys(number=data["number"], doc_type=data["doc_type"], title=data["title"],
                                 issued_on=issued_on), data["issuer"], issuer_org)
    stub = stubs[0] if stubs else None
    document = stub or Document()
    for key, value in data.items():
        setattr(document, key, value)
    document.issuer_org = issuer_org
    document.recipients = recipients
    document.full_text = full_text or ""
    document.original = original
    document.is_stub = False
    document.created_by = _user_or_none(actor)
    _refresh_search(document)
    document.save()
    for other in stubs[1:]:
        _merge_stub(stub=other, into=document)
    linked = _link_legal_bases(actor=actor, document=document, legal_bases=legal_bases)
    data.pop("source_url")
    changes = _audit_changes(data, issuer_org, recipients)
    if linked:
        changes["legal_bases"] = linked
    if stub is not None:
        changes["took_over_stub"] = stub.pk
    if stubs[1:]:
        changes["merged_stubs"] = [other.pk for other in stubs[1:]]
    audit_record(actor=actor, action="document.create", obj=document, organization=issuer_org, changes=changes)
    return document


def _apply_update(*, actor, document: Document, action: str, fields: dict, require_full_text: bool) -> Document:
    require_perm(actor, "documents.document.manage", document.issuer_org)
    current = {name: getattr(document, name) for name in
               ("number", "doc_type", "title", "issuer", "issuer_org", "place", "issued_on", "signer",
                "signer_title", "source_url")}
    current.update({k: v for k, v in fields.items() if k in current})
    issuer_org = current["issuer_org"]
    if "issuer_org" in fields and issuer_org is not None:
        require_perm(actor, "documents.document.manage", issuer_org)
    data = _clean_metadata(**current)
    full_text = fields.get("full_text", document.full_text) or ""
    if require_full_text and not (full_text.strip() or fields.get("original") or document.original_id):
        raise DomainError(_("Cần toàn văn hoặc tệp gốc để hoàn thiện văn bản."), field="full_text")
    if not fields.get("allow_duplicate"):
        existing = document_duplicate(number=data["number"], issuer=data["issuer"], issuer_org=issuer_org,
                                      title=data["title"], issued_on=data["issued_on"], exclude_pk=document.pk)
        if existing is not None:
            raise _duplicate_error(data)
    before = snapshot(document, AUDIT_FIELDS + ["source_url", "recipients"])
    before_org = document.issuer_org.code if document.issuer_org_id else None
    for key, value in data.items():
        setattr(document, key, value)
    document.issuer_org = issuer_org
    if "recipients" in fields:
        document.recipients = [_text(item) for item in (fields["recipients"] or ()) if _text(item)]
    document.full_text = full_text
    if fields.get("original") is not None:
        document.original = fields["original"]
    was_stub = document.is_stub
    if require_full_text:
        document.is_stub = False
    _refresh_search(document)
    document.save()
    merged = _stubs_of(_stub_keys(number=document.number, doc_type=document.doc_type, title=document.title,
                                  issued_on=document.issued_on), document.issuer, issuer_org, exclude_pk=document.pk)
    merged_ids = [stub.pk for stub in merged]
    for stub in merged:
        _merge_stub(stub=stub, into=document)
    changes = diff(before, snapshot(document, AUDIT_FIELDS + ["source_url", "recipients"]))
    changes = {key: [v.isoformat() if isinstance(v, dt.date) else v for v in pair] for key, pair in changes.items()}
    after_org = issuer_org.code if issuer_org is not None else None
    if after_org != before_org:
        changes["issuer_org"] = [before_org, after_org]
    if "full_text" in fields:
        changes["full_text_length"] = len(full_text)
    if was_stub and not document.is_stub:
        changes["is_stub"] = [True, False]
    if merged_ids:
        changes["merged_stubs"] = merged_ids
    audit_record(actor=actor, action=action, obj=document, organization=issuer_org, changes=changes)
    return document


_UPDATABLE = {"number", "doc_type", "title", "issuer", "issuer_org", "place", "issued_on", "signer", "signer_title",
              "source_url", "recipients", "full_text", "allow_duplicate"}


@transaction.atomic
def document_update(*, actor, document: Document, **fields) -> Document:
    """Correct a document's metadata (any of number, doc_type, title, issuer, issuer_org, place,
    issued_on, signer, signer_title, source_url, recipients, full_text). The row and its citations
    stay; the search text follows. Who: documents.document.manage (on the issuing body, when known)."""
    unknown = set(fields) - _UPDATABLE
    if unknown:
        raise TypeError(f"document_update: unknown fields {sorted(unknown)}")
    document = Document.objects.select_for_update().get(pk=document.pk)
    return _apply_update(actor=actor, document=document, action="document.update", fields=fields,
                         require_full_text=False)


@transaction.atomic
def document_complete(*, actor, document: Document, original=None, **fields) -> Document:
    """Turn a stub (a document known only because another cites it) into a full record: its
    metadata checked as for a new document, and its full text or original file. Same row, so the
    citations to it stay. Who: documents.document.manage."""
    unknown = set(fields) - _UPDATABLE
    if unknown:
        raise TypeError(f"document_complete: unknown fields {sorted(unknown)}")
    document = Document.objects.select_for_update().get(pk=document.pk)
    if not document.is_stub:
        raise DomainError(_("Văn bản này đã có đầy đủ thông tin."), field="document")
    if original is not None:
        fields["original"] = original
    return _apply_update(actor=actor, document=document, action="document.complete", fields=fields,
                         require_full_text=True)
