"""Writes of official documents (văn bản) and their metadata.

Who may call: holders of "documents.document.manage" (the inspectorate and system administrators);
the SYSTEM actor from commands and the demo loader.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liemchinh.core.errors import DomainError
from liemchinh.core.permissions import SystemActor, require_perm
from liemchinh.core.services.audit import audit_record
from liemchinh.core.text import collapse_spaces, fold, nfc
from liemchinh.documents.models import DocType, Document

AUDIT_FIELDS = ["number", "doc_type", "issuer", "place", "issued_on", "title", "signer", "signer_title"]


def _text(value) -> str:
    return collapse_spaces(nfc(value or "")).strip()


def document_duplicate(*, number: str, issuer: str = "", issuer_org=None, title: str = "",
                       issued_on: dt.date | None = None) -> Document | None:
    """The stored document that the given metadata would duplicate, if any: the same number from
    the same issuer (compared without diacritics or case); for a document without a number, the
    same title, issuer and date."""
    number = _text(number)
    issuer_key = fold(_text(issuer))
    if number:
        candidates = Document.objects.filter(number__iexact=number)
    else:
        candidates = Document.objects.filter(number="", issued_on=issued_on)
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
) -> Document:
    """Record an official document with its metadata (số hiệu, loại, cơ quan ban hành, ngày ban
    hành, trích yếu, người ký, nơi nhận — the parts of a document set by Nghị định 30/2020/NĐ-CP).
    A second document with the same number from the same issuer is refused unless
    `allow_duplicate`. Who: documents.document.manage."""
    require_perm(actor, "documents.document.manage", issuer_org)
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
    recipients = [_text(item) for item in (recipients or ()) if _text(item)]
    if not allow_duplicate:
        existing = document_duplicate(number=data["number"], issuer=data["issuer"], issuer_org=issuer_org,
                                      title=data["title"], issued_on=issued_on)
        if existing is not None:
            if data["number"]:
                message = _("Văn bản số “%(n)s” của “%(i)s” đã có trong hệ thống.") % {
                    "n": data["number"], "i": data["issuer"] or _("(không rõ cơ quan ban hành)")}
            else:
                message = _("Văn bản “%(t)s” đã có trong hệ thống.") % {"t": data["title"][:80]}
            raise DomainError(message, field="number", code="duplicate")
    document = Document.objects.create(
        **data, issuer_org=issuer_org, recipients=recipients, full_text=full_text or "",
        source_url=source_url, original=original,
        created_by=None if isinstance(actor, SystemActor) or not getattr(actor, "pk", None) else actor,
    )
    changes = {key: (value.isoformat() if isinstance(value, dt.date) else value)
               for key, value in data.items() if value not in ("", None)}
    if issuer_org is not None:
        changes["issuer_org"] = issuer_org.code
    if recipients:
        changes["recipients"] = recipients
    audit_record(actor=actor, action="document.create", obj=document, organization=issuer_org, changes=changes)
    return document
