"""Importing a document through the reader: read the uploaded file, keep the proposal for the
officer's review, then record the confirmed document, its plan and its tasks.

Who may call: holders of both "documents.document.manage" and "plans.plan.manage" (the
inspectorate). The pending review (a *draft*) is a plain dictionary kept in the person's session
as JSON: the reader's proposal, the normalised text shown, the spans, and the uuid of the
original stored through evidence_upload. Nothing is written to the documents or plans tables
before the officer confirms.
"""

from __future__ import annotations

import datetime as dt
import inspect
import secrets
import tempfile
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from liemchinh.core.errors import DomainError
from liemchinh.core.models import EvidenceFile, Organization
from liemchinh.core.permissions import require_perm
from liemchinh.core.rules import evidence_limit_mb
from liemchinh.core.selectors.orgs import NameIndex
from liemchinh.core.services.files import evidence_upload, max_bytes
from liemchinh.documents import services as document_services
from liemchinh.documents.extraction import ExtractionError
from liemchinh.documents.extraction.readers import read_text
from liemchinh.documents.extraction.spans import extract_with_spans
from liemchinh.plans import services as plan_services
from liemchinh.plans.permissions import PLAN_MANAGE

DOCUMENT_MANAGE = "documents.document.manage"
READABLE = (".docx", ".pdf", ".txt", ".html", ".htm")
SESSION_KEY = "documents_review_drafts"
MAX_DRAFTS = 3


def require_importer(actor) -> None:
    """An officer who may record documents and plans."""
    require_perm(actor, DOCUMENT_MANAGE)
    require_perm(actor, PLAN_MANAGE)


def _read_upload(upload) -> str:
    name = Path(getattr(upload, "name", "") or "tep").name
    suffix = Path(name).suffix.lower()
    if suffix not in READABLE:
        raise DomainError(
            _("Tệp %(name)s: loại tệp không được hỗ trợ (chỉ đọc .docx, .pdf, .txt, .html).") % {"name": name},
            field="file", code="unsupported")
    limit = max_bytes()
    if (getattr(upload, "size", None) or 0) > limit:
        raise DomainError(_("Tệp vượt quá dung lượng cho phép (tối đa %(mb)s MB).") % {"mb": evidence_limit_mb(limit)},
                          field="file", code="too_large")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        with open(path, "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            return read_text(path)
        except ExtractionError as exc:
            raise DomainError(str(exc), field="file", code="unreadable") from exc
        finally:
            if hasattr(upload, "seek"):
                upload.seek(0)


def draft_prepare(*, actor, upload) -> dict:
    """Read `upload` (.docx, .pdf, .txt, .html) and return the draft of its review. The reader runs
    before anything is stored: a file it cannot read (corrupt, empty, password-protected, of
    another type) raises DomainError with the reader's message and stores nothing. A readable
    file is then stored as evidence of the actor's body (an .html page, not an accepted evidence
    type, is kept only as its text)."""
    require_importer(actor)
    raw = _read_upload(upload)
    located = extract_with_spans(raw)
    stored = None
    if Path(upload.name).suffix.lower() not in (".html", ".htm"):
        stored = evidence_upload(actor=actor, file=upload, organization=getattr(actor, "organization", None),
                                 description=_("Tệp gốc văn bản nhập qua bộ đọc"))
    return {
        "id": secrets.token_urlsafe(9),
        "file_name": Path(upload.name).name,
        "file_uuid": str(stored.uuid) if stored is not None else "",
        "text": located.text,
        "proposal": located.result,
        "spans": located.spans,
    }


# --- keeping drafts between requests ----------------------------------------------------------

def draft_store(session, draft: dict) -> None:
    drafts = dict(session.get(SESSION_KEY) or {})
    drafts[draft["id"]] = draft
    while len(drafts) > MAX_DRAFTS:
        drafts.pop(next(iter(drafts)))
    session[SESSION_KEY] = drafts


def draft_load(session, draft_id: str) -> dict | None:
    return (session.get(SESSION_KEY) or {}).get(draft_id)


def draft_discard(session, draft_id: str) -> None:
    drafts = dict(session.get(SESSION_KEY) or {})
    if drafts.pop(draft_id, None) is not None:
        session[SESSION_KEY] = drafts


# --- confirming ---------------------------------------------------------------------------------

def _issuer_org(name: str, on: dt.date | None) -> Organization | None:
    found = NameIndex(on).resolve(name) if name else None
    return found if isinstance(found, Organization) else None


def draft_confirm(*, actor, draft: dict, document: dict, tasks: list[dict], allow_duplicate: bool = False):
    """Record the confirmed document, a plan for it and its tasks, in one transaction; any error
    (a duplicate without `allow_duplicate`, a task's unknown body, a bad date) leaves nothing
    saved. `document` holds the metadata (number, doc_type, issuer, place, issued_on, title,
    signer, signer_title, legal_bases, recipients); `tasks` the rows of plan_tasks_import.
    Returns the plan."""
    require_importer(actor)
    original = None
    if draft.get("file_uuid"):
        original = EvidenceFile.objects.filter(uuid=draft["file_uuid"]).first()
    issued_on = document.get("issued_on")
    issuer_org = _issuer_org(document.get("issuer") or "", issued_on)
    kwargs = {
        "actor": actor, "number": document.get("number") or "", "doc_type": document.get("doc_type") or "other",
        "title": document.get("title") or "", "issuer": document.get("issuer") or "", "issuer_org": issuer_org,
        "place": document.get("place") or "", "issued_on": issued_on, "signer": document.get("signer") or "",
        "signer_title": document.get("signer_title") or "", "recipients": document.get("recipients") or [],
        "full_text": draft.get("text") or "", "original": original, "allow_duplicate": allow_duplicate,
    }
    if "legal_bases" in inspect.signature(document_services.document_create).parameters:
        kwargs["legal_bases"] = document.get("legal_bases") or []
    with transaction.atomic():
        record = document_services.document_create(**kwargs)
        plan = plan_services.plan_create(actor=actor, title=record.title, issuer=issuer_org, document=record,
                                         number=record.number, issued_on=issued_on)
        plan_services.plan_tasks_import(actor=actor, plan=plan, tasks=tasks)
    return plan
