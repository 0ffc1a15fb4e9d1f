"""Writes of the petitions app. Each service: check permission → validate → write → audit →
side effects on commit. Public services (submit, track, the petitioner's message and rating) take
actor=None or an anonymous user and check nothing but their own inputs.

No audit record carries the petitioner's identity; identity is read only through
`identity_reveal`, which records every reveal with its reason.
"""

from __future__ import annotations

import datetime as dt
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from liemchinh.core.errors import DomainError
from liemchinh.core.models import Organization, OrgKind, RoleAssignment
from liemchinh.core.permissions import SystemActor, has_perm, require_perm
from liemchinh.core.roles import Role
from liemchinh.core.services.audit import audit_record
from liemchinh.core.text import fold
from liemchinh.petitions import crypto, rules
from liemchinh.petitions.models import (
    HandlerExclusion,
    Petition,
    PetitionExtension,
    PetitionFile,
    PetitionIdentity,
    PetitionMessage,
    PetitionSuspension,
    TrackFailure,
)
from liemchinh.petitions.permissions import HANDLE, IDENTITY_REVEAL, PUBLISH, RETENTION_RUN

IDENTITY_FIELDS = ("name", "id_number", "phone", "email", "address")

# Tracking code: 16 digits shown in groups of four, like a phone number (GlobaLeaks' receipt).
TRACKING_CODE_DIGITS = 16
# Secret: 20 characters of Crockford's base32 (no I, L, O, U): 100 bits, shown in groups of four.
SECRET_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # noqa: S105  (an alphabet, not a password)
SECRET_LENGTH = 20

_sleep = time.sleep  # replaced in tests


def _today() -> dt.date:
    return timezone.localdate()


def _is_public(actor) -> bool:
    return actor is None or (not getattr(actor, "is_authenticated", False) and not isinstance(actor, SystemActor))


# --- codes and secrets -----------------------------------------------------------------------


def new_tracking_code() -> str:
    while True:
        code = "".join(secrets.choice("0123456789") for _i in range(TRACKING_CODE_DIGITS))
        if code[0] != "0" and not Petition.objects.filter(tracking_code=code).exists():
            return code


def new_secret() -> str:
    raw = "".join(secrets.choice(SECRET_ALPHABET) for _i in range(SECRET_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, SECRET_LENGTH, 4))


def normalise_tracking_code(code: str) -> str:
    return "".join(ch for ch in (code or "") if ch.isdigit())


def normalise_secret(secret: str) -> str:
    """Upper case, without separators; the look-alikes O→0, I/L→1 read as Crockford does."""
    cleaned = "".join(ch for ch in (secret or "").upper() if ch.isalnum())
    return cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


class _SecretHasher(Argon2PasswordHasher):
    """Argon2id with the costs of settings.PETITION_SECRET_ARGON2 (Django's defaults otherwise)."""

    def __init__(self) -> None:
        for name, value in getattr(settings, "PETITION_SECRET_ARGON2", {}).items():
            setattr(self, name, value)


def _hash_secret(secret: str) -> str:
    hasher = _SecretHasher()
    return hasher.encode(normalise_secret(secret), hasher.salt())


def _check_secret(secret: str, encoded: str) -> bool:
    try:
        return _SecretHasher().verify(normalise_secret(secret), encoded)
    except ValueError:
        return False


# --- submit ----------------------------------------------------------------------------------


@dataclass
class _Upload:
    name: str
    content: bytes
    content_type: str
    is_identifying: bool


def _read_upload(item) -> _Upload:
    """A file given as (name, bytes[, is_identifying]) or a Django UploadedFile (optionally with
    an `is_identifying` attribute)."""
    if isinstance(item, tuple | list):
        name, content, *rest = item
        return _Upload(str(name), bytes(content), "", bool(rest[0]) if rest else False)
    content = item.read()
    return _Upload(getattr(item, "name", "tệp"), content, getattr(item, "content_type", "") or "",
                   bool(getattr(item, "is_identifying", False)))


def _default_receiver() -> Organization:
    body = Organization.objects.filter(kind=OrgKind.INSPECTORATE, valid_to__isnull=True).order_by("depth", "pk").first()
    if body is None:
        raise DomainError(_("Chưa có cơ quan thanh tra để tiếp nhận đơn."), field="org_code")
    return body


def petition_submit(*, actor, kind: str, content: str, anonymous: bool, name: str = "", id_number: str = "",
                    phone: str = "", email: str = "", address: str = "", org_code: str | None = None,
                    field: str | None = None, channel: str = "web", files=(), accused_name: str = "",
                    procedure_name: str = "", dossier_code: str = "", supplement_requests: int | None = None,
                    received_on: dt.date | None = None) -> tuple[Petition, str, str]:
    """Record a petition. Returns (petition, tracking code, secret); the secret is shown once and
    only its Argon2 hash is kept. Public: `actor` is None or the anonymous user for citizens, a
    staff user when an officer records a petition received by mail, hotline or at a reception."""
    # validate
    if kind not in rules.Kind.__members__.values():
        raise DomainError(_("Loại đơn không hợp lệ."), field="kind")
    if channel not in rules.Channel.__members__.values():
        raise DomainError(_("Kênh tiếp nhận không hợp lệ."), field="channel")
    content = (content or "").strip()
    if not content:
        raise DomainError(_("Vui lòng nhập nội dung đơn."), field="content")
    max_chars = settings.PETITION_CONTENT_MAX_CHARS
    if len(content) > max_chars:
        raise DomainError(_("Nội dung đơn dài quá %(n)s ký tự.") % {"n": f"{max_chars:,}".replace(",", ".")},
                          field="content")
    identity = {k: (v or "").strip() for k, v in zip(IDENTITY_FIELDS, (name, id_number, phone, email, address),
                                                     strict=True)}
    anon_rule = rules.ANONYMITY[rules.Kind(kind)]
    if anonymous:
        if anon_rule.mode == rules.ANON_REFUSED:
            raise DomainError(anon_rule.explanation, field="anonymous")
        identity = dict.fromkeys(IDENTITY_FIELDS, "")
    elif not identity["name"]:
        raise DomainError(_("Vui lòng nhập họ và tên, hoặc chọn gửi không ghi danh tính."), field="name")
    if kind == rules.Kind.COMPLAINT and not identity["address"]:
        raise DomainError(_("Đơn khiếu nại phải ghi địa chỉ của người khiếu nại."), field="address")
    if org_code:
        organization = Organization.objects.filter(code=org_code).first()
        if organization is None:
            raise DomainError(_("Không tìm thấy cơ quan có mã “%(code)s”.") % {"code": org_code}, field="org_code")
    else:
        organization = _default_receiver()
    uploads = [_read_upload(f) for f in files]
    if len(uploads) > settings.PETITION_MAX_FILES:
        raise DomainError(_("Chỉ được gửi kèm tối đa %(n)s tệp.") % {"n": settings.PETITION_MAX_FILES},
                          field="files")
    for up in uploads:
        if len(up.content) > settings.PETITION_FILE_MAX_BYTES:
            raise DomainError(_("Tệp “%(name)s” vượt quá dung lượng cho phép.") % {"name": up.name}, field="files")
    if supplement_requests is not None and supplement_requests < 0:
        raise DomainError(_("Số lần yêu cầu bổ sung hồ sơ không hợp lệ."), field="supplement_requests")

    secret = new_secret()
    with transaction.atomic():
        petition = Petition.objects.create(
            kind=kind, channel=channel, content=content, field=(field or "")[:100], anonymous=anonymous,
            organization=organization, received_by=organization, tracking_code=new_tracking_code(),
            secret_hash=_hash_secret(secret), accused_name=accused_name.strip()[:255],
            procedure_name=procedure_name.strip()[:255], dossier_code=dossier_code.strip()[:64],
            supplement_requests=supplement_requests, supplement_breach=rules.supplement_breach(supplement_requests),
            received_on=received_on or _today(),
        )
        if any(identity.values()):
            _store_identity(petition, identity)
        for up in uploads:
            _store_file(petition, up)
        audit_record(
            actor=None if _is_public(actor) else actor, action="petition.submit", obj=petition,
            changes={"kind": kind, "channel": channel, "anonymous": anonymous, "files": len(uploads),
                     "identity_given": any(identity.values()), "supplement_breach": petition.supplement_breach},
        )
    return petition, petition.tracking_code, secret


def _store_identity(petition: Petition, identity: dict) -> PetitionIdentity:
    return PetitionIdentity.objects.create(
        petition=petition, ciphertext=crypto.encrypt_json(identity),
        id_number_index=crypto.blind_index("id_number", identity.get("id_number", "")),
        phone_index=crypto.blind_index("phone", identity.get("phone", "")),
        email_index=crypto.blind_index("email", identity.get("email", "")),
    )


def _store_file(petition: Petition, up: _Upload) -> PetitionFile:
    record = PetitionFile(petition=petition, size=len(up.content), content_type=up.content_type[:100],
                          is_identifying=up.is_identifying, encrypted=up.is_identifying)
    if up.is_identifying:
        record.original_name = crypto.encrypt_bytes(up.name.encode()).decode()
        data = crypto.encrypt_bytes(up.content)
    else:
        record.original_name = up.name[:255]
        data = up.content
    record.file.save("f", ContentFile(data), save=False)
    record.save()
    return record


def petition_file_read(*, actor, record: PetitionFile) -> tuple[str, bytes]:
    """(name, content) of a file; an identifying file is opened only like an identity reveal."""
    require_perm(actor, HANDLE, record.petition.organization_id)
    with record.file.open("rb") as fh:
        data = fh.read()
    if not record.encrypted:
        return record.original_name, data
    _require_reveal(actor, record.petition)
    audit_record(actor=actor, action="petition.identity_file_open", obj=record.petition,
                 changes={"file": str(record.uuid)})
    return crypto.decrypt_bytes(record.original_name.encode()).decode(), crypto.decrypt_bytes(data)


# --- tracking --------------------------------------------------------------------------------


def _failures(key_hash: str, since: dt.datetime) -> int:
    return TrackFailure.objects.filter(key_hash=key_hash, at__gte=since).count()


_DUMMY_HASH: dict[str, str] = {}


def _dummy_hash() -> str:
    key = repr(sorted(getattr(settings, "PETITION_SECRET_ARGON2", {}).items()))
    if key not in _DUMMY_HASH:
        _DUMMY_HASH[key] = _hash_secret("dummy-secret")
    return _DUMMY_HASH[key]


def petition_track(*, tracking_code: str, secret: str, caller_key: str) -> Petition | None:
    """The petition whose code and secret match, else None ("not found" — never saying whether the
    code exists). Wrong pairs are counted per code and per `caller_key` (the view's choice, e.g. a
    session or client key; it is stored only as a keyed hash): after
    PETITION_TRACK_SLOW_AFTER failures each answer is delayed, after PETITION_TRACK_LOCK_AFTER the
    code or the caller is locked for PETITION_TRACK_LOCK_MINUTES, even with the right secret."""
    code = normalise_tracking_code(tracking_code)
    lock_after = getattr(settings, "PETITION_TRACK_LOCK_AFTER", 10)
    slow_after = getattr(settings, "PETITION_TRACK_SLOW_AFTER", 3)
    window = dt.timedelta(minutes=getattr(settings, "PETITION_TRACK_LOCK_MINUTES", 30))
    since = timezone.now() - window
    code_key = crypto.keyed_hash("track-code", code)
    caller = crypto.keyed_hash("track-caller", caller_key or "")
    failures = max(_failures(code_key, since), _failures(caller, since))
    if failures >= lock_after:
        return None
    petition = Petition.objects.filter(tracking_code=code).first() if code else None
    if petition is not None:
        ok = _check_secret(secret, petition.secret_hash)
    else:
        # Spend the same time as a real check, so the answer's timing does not tell the code exists.
        _check_secret(secret, _dummy_hash())
        ok = False
    if ok:
        return petition
    TrackFailure.objects.bulk_create([TrackFailure(key_hash=code_key), TrackFailure(key_hash=caller)])
    failures += 1
    if failures >= slow_after:
        base = getattr(settings, "PETITION_TRACK_DELAY_SECONDS", 0.5)
        _sleep(min(base * 2 ** (failures - slow_after), 8.0))
    return None


def track_failures_prune(*, older_than: dt.timedelta = dt.timedelta(days=1)) -> int:
    return TrackFailure.objects.filter(at__lt=timezone.now() - older_than).delete()[0]


# --- helpers for staff services ----------------------------------------------------------------


def _lock(petition: Petition) -> Petition:
    return Petition.objects.select_for_update().get(pk=petition.pk)


def _require_handle(actor, petition: Petition) -> None:
    require_perm(actor, HANDLE, petition.organization_id)


def _move(petition: Petition, target: rules.Status) -> None:
    if not rules.can_transition(petition.status, target):
        raise DomainError(
            _("Không thể chuyển đơn từ trạng thái “%(a)s” sang “%(b)s”.")
            % {"a": rules.STATUS_LABELS[rules.Status(petition.status)], "b": rules.STATUS_LABELS[target]},
            field="status")
    petition.status = target
    petition.status_changed_at = timezone.now()


def _date(on: dt.date | None) -> dt.date:
    return on or _today()


# --- workflow --------------------------------------------------------------------------------


def petition_classify(*, actor, petition: Petition, kind: str | None = None, field: str = "",
                      competent: bool, several_places: bool = False, remote_area: bool = False,
                      complexity: str | None = None, accused_name: str | None = None, accused_user=None,
                      accused_org=None, supplement_requests: int | None = None,
                      on: dt.date | None = None) -> Petition:
    """Log and classify (kind, field, competence) — Luật Tố cáo Điều 24, NĐ 20/2008. For a
    harassment report, `supplement_requests` records how many times the dossier was sent back for
    documents as found by the officer (more than once is a breach of Chỉ thị 10/CT-TTg)."""
    _require_handle(actor, petition)
    with transaction.atomic():
        petition = _lock(petition)
        if kind is not None and kind not in rules.Kind.__members__.values():
            raise DomainError(_("Loại đơn không hợp lệ."), field="kind")
        if complexity is not None and complexity not in rules.Complexity.__members__.values():
            raise DomainError(_("Mức độ phức tạp không hợp lệ."), field="complexity")
        _move(petition, rules.Status.CLASSIFIED)
        before = {"kind": petition.kind, "field": petition.field}
        petition.kind = kind or petition.kind
        petition.field = field[:100] if field else petition.field
        petition.competent = competent
        petition.several_places = several_places
        petition.remote_area = remote_area
        petition.complexity = complexity or petition.complexity
        if accused_name is not None:
            petition.accused_name = accused_name.strip()[:255]
        if accused_user is not None:
            petition.accused_user = accused_user
        if accused_org is not None:
            petition.accused_org = accused_org
        if supplement_requests is not None:
            if supplement_requests < 0:
                raise DomainError(_("Số lần yêu cầu bổ sung hồ sơ không hợp lệ."), field="supplement_requests")
            petition.supplement_requests = supplement_requests
            petition.supplement_breach = rules.supplement_breach(supplement_requests)
        petition.classified_on = _date(on)
        petition.save()
        audit_record(actor=actor, action="petition.classify", obj=petition,
                     changes={"kind": [before["kind"], petition.kind], "field": [before["field"], petition.field],
                              "competent": competent, "several_places": several_places,
                              "complexity": petition.complexity, "supplement_breach": petition.supplement_breach})
    return petition


def petition_accept(*, actor, petition: Petition, on: dt.date | None = None, concrete: bool = False) -> Petition:
    """Accept the case (thụ lý). An anonymous denunciation is not accepted as a denunciation
    (Luật Tố cáo Điều 25): it may be taken up for checking only when its content is concrete
    (`concrete=True`), without the Điều 30 clock."""
    _require_handle(actor, petition)
    with transaction.atomic():
        petition = _lock(petition)
        if petition.competent is False:
            raise DomainError(_("Đơn không thuộc thẩm quyền: hãy chuyển đơn hoặc trả lại đơn."), field="competent")
        basis = ""
        if petition.kind == rules.Kind.DENUNCIATION and petition.anonymous:
            if not concrete:
                raise DomainError(rules.ANONYMITY[rules.Kind.DENUNCIATION].explanation, field="concrete")
            basis = _("Kiểm tra, xác minh tố cáo nặc danh có nội dung cụ thể (Luật Tố cáo 2018 Điều 25)")
        _move(petition, rules.Status.ACCEPTED)
        petition.accepted_on = _date(on)
        petition.handling_basis = basis
        if petition.accepted_on < petition.received_on:
            raise DomainError(_("Ngày thụ lý không được trước ngày nhận đơn."), field="on")
        petition.save()
        audit_record(actor=actor, action="petition.accept", obj=petition,
                     changes={"accepted_on": petition.accepted_on, "basis": basis})
    return petition


def petition_forward(*, actor, petition: Petition, to_org: Organization, reason: str = "",
                     on: dt.date | None = None) -> Petition:
    """Forward to the competent body (Luật Tố cáo Điều 24 khoản 3; NĐ 20/2008). A denunciation is
    forwarded only once for the same content (TT 05/2021/TT-TTCP)."""
    _require_handle(actor, petition)
    with transaction.atomic():
        petition = _lock(petition)
        if to_org.pk == petition.organization_id:
            raise DomainError(_("Cơ quan nhận phải khác cơ quan đang xử lý."), field="to_org")
        if petition.kind == rules.Kind.DENUNCIATION and petition.forwarded_on is not None:
            raise DomainError(_("Đơn tố cáo chỉ được chuyển một lần (Thông tư 05/2021/TT-TTCP)."), field="to_org")
        _move(petition, rules.Status.FORWARDED)
        before = petition.organization_id
        petition.organization = to_org
        petition.forwarded_on = _date(on)
        petition.competent = False
        petition.save()
        audit_record(actor=actor, action="petition.forward", obj=petition, reason=reason,
                     changes={"organization": [before, to_org.pk]})
    return petition


def petition_return(*, actor, petition: Petition, reason: str, on: dt.date | None = None) -> Petition:
    """Return the petition with its reasons (not accepted)."""
    _require_handle(actor, petition)
    if not (reason or "").strip():
        raise DomainError(_("Vui lòng nêu lý do trả lại đơn."), field="reason")
    with transaction.atomic():
        petition = _lock(petition)
        _move(petition, rules.Status.RETURNED)
        petition.returned_on = _date(on)
        petition.return_reason = reason.strip()
        petition.save()
        audit_record(actor=actor, action="petition.return", obj=petition, reason=reason.strip())
    return petition


def petition_extend(*, actor, petition: Petition, days: int, reason: str, complexity: str | None = None,
                    on: dt.date | None = None) -> PetitionExtension:
    """Extend the resolution limit, within the number of extensions the case's complexity allows
    (Luật Tố cáo Điều 30; Luật Khiếu nại Điều 28)."""
    _require_handle(actor, petition)
    if not (reason or "").strip():
        raise DomainError(_("Vui lòng nêu lý do gia hạn."), field="reason")
    with transaction.atomic():
        petition = _lock(petition)
        if petition.status not in (rules.Status.ACCEPTED, rules.Status.INVESTIGATING):
            raise DomainError(_("Chỉ gia hạn được vụ việc đã thụ lý, chưa giải quyết xong."), field="status")
        if complexity is not None:
            if complexity not in rules.Complexity.__members__.values():
                raise DomainError(_("Mức độ phức tạp không hợp lệ."), field="complexity")
            petition.complexity = complexity
        existing = petition.extensions.count()
        problem = rules.check_extension(petition.kind, petition.complexity, existing, days,
                                        on=petition.accepted_on or _today(), remote_area=petition.remote_area)
        if problem:
            raise DomainError(problem, field="days")
        petition.save()
        ext = PetitionExtension.objects.create(petition=petition, days=days, reason=reason.strip(),
                                               decided_on=_date(on),
                                               decided_by=actor if getattr(actor, "pk", None) else None)
        audit_record(actor=actor, action="petition.extend", obj=petition, reason=reason.strip(),
                     changes={"days": days, "complexity": petition.complexity, "number": existing + 1})
    return ext


def petition_suspend(*, actor, petition: Petition, reason: str, on: dt.date | None = None) -> PetitionSuspension:
    """Suspend the resolution (time suspended is not counted)."""
    _require_handle(actor, petition)
    if not (reason or "").strip():
        raise DomainError(_("Vui lòng nêu lý do tạm đình chỉ."), field="reason")
    with transaction.atomic():
        petition = _lock(petition)
        if petition.status not in (rules.Status.ACCEPTED, rules.Status.INVESTIGATING):
            raise DomainError(_("Chỉ tạm đình chỉ được vụ việc đang giải quyết."), field="status")
        if petition.suspensions.filter(end__isnull=True).exists():
            raise DomainError(_("Vụ việc đang tạm đình chỉ."), field="status")
        s = PetitionSuspension.objects.create(petition=petition, start=_date(on), reason=reason.strip())
        audit_record(actor=actor, action="petition.suspend", obj=petition, reason=reason.strip(),
                     changes={"start": s.start})
    return s


def petition_resume(*, actor, petition: Petition, on: dt.date | None = None) -> PetitionSuspension:
    _require_handle(actor, petition)
    with transaction.atomic():
        s = petition.suspensions.select_for_update().filter(end__isnull=True).first()
        if s is None:
            raise DomainError(_("Vụ việc không ở trạng thái tạm đình chỉ."), field="status")
        s.end = _date(on)
        if s.end < s.start:
            raise DomainError(_("Ngày tiếp tục không được trước ngày tạm đình chỉ."), field="on")
        s.save()
        audit_record(actor=actor, action="petition.resume", obj=petition, changes={"end": s.end})
    return s


def petition_resolve(*, actor, petition: Petition, result: str, conclusion: str = "", apology: bool = False,
                     apology_text: str = "", on: dt.date | None = None) -> Petition:
    """Record the result; a denunciation needs its conclusion (Luật Tố cáo Điều 35). When the
    administration was at fault, `apology` with its text (Chỉ thị 10/CT-TTg)."""
    _require_handle(actor, petition)
    if not (result or "").strip():
        raise DomainError(_("Vui lòng nhập kết quả giải quyết."), field="result")
    is_denunciation = petition.kind == rules.Kind.DENUNCIATION and not petition.anonymous
    if is_denunciation and not (conclusion or "").strip():
        raise DomainError(_("Giải quyết tố cáo phải có kết luận nội dung tố cáo."), field="conclusion")
    if apology and not (apology_text or "").strip():
        raise DomainError(_("Vui lòng nhập nội dung lời xin lỗi."), field="apology_text")
    with transaction.atomic():
        petition = _lock(petition)
        if petition.suspensions.filter(end__isnull=True).exists():
            raise DomainError(_("Vụ việc đang tạm đình chỉ."), field="status")
        _move(petition, rules.Status.RESOLVED)
        petition.result = result.strip()
        petition.conclusion = (conclusion or "").strip()
        petition.apology = apology
        petition.apology_text = (apology_text or "").strip() if apology else ""
        petition.resolved_on = _date(on)
        petition.save()
        audit_record(actor=actor, action="petition.resolve", obj=petition,
                     changes={"resolved_on": petition.resolved_on, "apology": apology})
    return petition


def _identity_values(petition: Petition) -> list[str]:
    token = PetitionIdentity.objects.filter(petition_id=petition.pk).values_list("ciphertext", flat=True).first()
    if token is None:
        return []
    identity = crypto.decrypt_json(token)
    return [v for v in identity.values() if v and len(v) >= 3]


def petition_publish(*, actor, petition: Petition, summary: str, on: dt.date | None = None) -> Petition:
    """Publish the result without personal data (Luật Tố cáo Điều 40: without revealing the
    denouncer). The summary is refused if it contains any part of the petitioner's identity."""
    require_perm(actor, PUBLISH, petition.organization_id)
    summary = (summary or "").strip()
    if not summary:
        raise DomainError(_("Vui lòng nhập nội dung công khai."), field="summary")
    folded = fold(summary)
    if any(fold(v) in folded for v in _identity_values(petition)):
        raise DomainError(_("Nội dung công khai chứa thông tin nhận diện người gửi đơn."), field="summary")
    with transaction.atomic():
        petition = _lock(petition)
        _move(petition, rules.Status.PUBLISHED)
        petition.public_summary = summary
        petition.published_on = _date(on)
        petition.save()
        audit_record(actor=actor, action="petition.publish", obj=petition, changes={"published_on": petition.published_on})
    return petition


def petition_close(*, actor, petition: Petition, on: dt.date | None = None) -> Petition:
    _require_handle(actor, petition)
    with transaction.atomic():
        petition = _lock(petition)
        _move(petition, rules.Status.CLOSED)
        petition.closed_on = _date(on)
        petition.save()
        audit_record(actor=actor, action="petition.close", obj=petition, changes={"closed_on": petition.closed_on})
    return petition


# --- messages and rating (both the petitioner and the handler) --------------------------------


def petition_message_post(*, actor, petition: Petition, body: str) -> PetitionMessage:
    """A message on the case. Staff (petitions.handle on the body) write to the petitioner; a
    public caller (actor None/anonymous, after petition_track succeeded) answers."""
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Vui lòng nhập nội dung tin nhắn."), field="body")
    if len(body) > settings.PETITION_CONTENT_MAX_CHARS:
        raise DomainError(_("Tin nhắn quá dài."), field="body")
    if _is_public(actor):
        direction, author = PetitionMessage.FROM_PETITIONER, None
        if petition.status in rules.FINAL_STATUSES:
            raise DomainError(_("Vụ việc đã kết thúc."), field="body")
    else:
        _require_handle(actor, petition)
        direction, author = PetitionMessage.TO_PETITIONER, actor if getattr(actor, "pk", None) else None
    with transaction.atomic():
        msg = PetitionMessage.objects.create(petition=petition, direction=direction, body=body, author=author)
        audit_record(actor=None if _is_public(actor) else actor, action="petition.message", obj=petition,
                     changes={"direction": direction})
    return msg


def petition_rate(*, actor, petition: Petition, rating: int, comment: str = "") -> Petition:
    """The petitioner's satisfaction (1–5) after resolution, once. Public (after petition_track)."""
    if not isinstance(rating, int) or not rules.RATING_MIN <= rating <= rules.RATING_MAX:
        raise DomainError(_("Mức độ hài lòng phải từ 1 đến 5."), field="rating")
    with transaction.atomic():
        petition = _lock(petition)
        if petition.status not in rules.RATABLE_STATUSES:
            raise DomainError(_("Chỉ đánh giá được khi vụ việc đã có kết quả giải quyết."), field="rating")
        if petition.satisfaction is not None:
            raise DomainError(_("Bạn đã đánh giá vụ việc này."), field="rating")
        petition.satisfaction = rating
        petition.satisfaction_comment = (comment or "").strip()[:2000]
        petition.rated_at = timezone.now()
        petition.save()
        audit_record(actor=None if _is_public(actor) else actor, action="petition.rate", obj=petition,
                     changes={"rating": rating})
    return petition


# --- merge -----------------------------------------------------------------------------------


def petition_merge(*, actor, petition: Petition, into: Petition, reason: str = "") -> Petition:
    """Merge a petition into another about the same matter (sent many times or to many bodies).
    The merged petition keeps its own tracking code; its status becomes "merged"."""
    _require_handle(actor, petition)
    _require_handle(actor, into)
    if petition.pk == into.pk:
        raise DomainError(_("Không thể gộp đơn vào chính nó."), field="into")
    with transaction.atomic():
        petition = _lock(petition)
        into = _lock(into)
        if into.status == rules.Status.MERGED:
            raise DomainError(_("Đơn đích đã được gộp vào đơn khác."), field="into")
        _move(petition, rules.Status.MERGED)
        petition.merged_into = into
        petition.closed_on = _today()
        petition.save()
        Petition.objects.filter(merged_into=petition).update(merged_into=into)
        audit_record(actor=actor, action="petition.merge", obj=petition, reason=reason,
                     changes={"merged_into": into.pk})
    return petition


# --- handler and conflicts -------------------------------------------------------------------


def handler_conflicts(petition: Petition, user) -> list[str]:
    """Why `user` may not handle `petition` (empty: no conflict)."""
    reasons = []
    if petition.accused_user_id and petition.accused_user_id == user.pk:
        reasons.append(_("là người bị tố cáo, bị phản ánh"))
    elif petition.accused_name and fold(petition.accused_name) in {fold(user.full_name), fold(user.get_full_name())} - {""}:
        reasons.append(_("trùng họ tên với người bị tố cáo, bị phản ánh"))
    heads_of = {petition.accused_org_id}
    if petition.accused_user_id and petition.accused_user.organization_id:
        heads_of.add(petition.accused_user.organization_id)
    heads_of.discard(None)
    if heads_of and RoleAssignment.objects.filter(user=user, role=Role.UNIT_HEAD,
                                                  organization_id__in=heads_of).exists():
        reasons.append(_("là thủ trưởng cơ quan của người bị tố cáo, bị phản ánh"))
    exclusion = HandlerExclusion.objects.filter(petition=petition, user=user).first()
    if exclusion is not None:
        reasons.append(_("thuộc danh sách không được giao xử lý") + (f" ({exclusion.reason})" if exclusion.reason else ""))
    return reasons


def petition_exclude_handler(*, actor, petition: Petition, user, reason: str = "") -> HandlerExclusion:
    _require_handle(actor, petition)
    with transaction.atomic():
        exclusion, _created = HandlerExclusion.objects.get_or_create(petition=petition, user=user,
                                                                     defaults={"reason": reason.strip()})
        if petition.handler_id == user.pk:
            Petition.objects.filter(pk=petition.pk).update(handler=None)
        audit_record(actor=actor, action="petition.exclude_handler", obj=petition, reason=reason,
                     changes={"user": user.pk})
    return exclusion


def petition_assign_handler(*, actor, petition: Petition, handler) -> Petition:
    """Assign the handler. Refused for the accused, the head of the accused's body, anyone on the
    case's exclusion list, and anyone without petitions.handle on the case's body. Assigning a
    handler to an accepted case starts the investigation."""
    _require_handle(actor, petition)
    reasons = handler_conflicts(petition, handler)
    if reasons:
        raise DomainError(
            _("Không thể giao %(who)s xử lý đơn này vì xung đột lợi ích: %(why)s.")
            % {"who": handler.get_full_name() or handler.get_username(), "why": "; ".join(reasons)},
            field="handler")
    if not has_perm(handler, HANDLE, petition.organization_id):
        raise DomainError(_("Người được giao không có quyền xử lý đơn của cơ quan này."), field="handler")
    with transaction.atomic():
        petition = _lock(petition)
        if petition.status in rules.FINAL_STATUSES:
            raise DomainError(_("Vụ việc đã kết thúc."), field="handler")
        before = petition.handler_id
        petition.handler = handler
        if petition.status == rules.Status.ACCEPTED:
            _move(petition, rules.Status.INVESTIGATING)
        petition.save()
        audit_record(actor=actor, action="petition.assign_handler", obj=petition,
                     changes={"handler": [before, handler.pk]})
    return petition


# --- identity --------------------------------------------------------------------------------


def may_reveal(actor, petition: Petition) -> bool:
    if isinstance(actor, SystemActor):
        return False  # a reveal always has a person behind it
    if not getattr(actor, "is_authenticated", False):
        return False
    if petition.handler_id == actor.pk and has_perm(actor, HANDLE, petition.organization_id):
        return True
    return has_perm(actor, IDENTITY_REVEAL, petition.organization_id)


def _require_reveal(actor, petition: Petition) -> None:
    if not may_reveal(actor, petition):
        raise PermissionDenied(_("Chỉ người xử lý vụ việc và lãnh đạo Thanh tra được xem danh tính người gửi đơn."))


def identity_reveal(*, actor, petition: Petition, reason: str) -> dict:
    """Decrypt the petitioner's identity for the case's handler or a role granted
    petitions.identity.reveal, with a reason; every reveal is audited (Luật Tố cáo Điều 8, 56)."""
    _require_reveal(actor, petition)
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise DomainError(_("Vui lòng nêu lý do xem danh tính người gửi đơn."), field="reason")
    with transaction.atomic():
        token = PetitionIdentity.objects.filter(petition_id=petition.pk).values_list("ciphertext", flat=True).first()
        if token is None:
            raise DomainError(_("Đơn này không có thông tin danh tính (nặc danh hoặc đã xóa theo thời hạn lưu giữ)."),
                              field="identity")
        identity = crypto.decrypt_json(token)
        audit_record(actor=actor, action="petition.identity_reveal", obj=petition, reason=reason,
                     changes={"fields": sorted(k for k, v in identity.items() if v)})
    return identity


# --- key rotation and retention ----------------------------------------------------------------


def rotate(*, batch_size: int = 500, progress=None) -> int:
    """Re-encrypt every identity and encrypted file under the newest key of IDENTITY_KEYS.
    Returns the number of records re-encrypted. Idempotent; run after adding a key in front."""
    done = 0
    last = 0
    while True:
        with transaction.atomic():
            rows = list(PetitionIdentity.objects.select_for_update().filter(pk__gt=last).order_by("pk")[:batch_size])
            for row in rows:
                row.ciphertext = crypto.rotate_token(row.ciphertext).decode()
            PetitionIdentity.objects.bulk_update(rows, ["ciphertext"])
        if not rows:
            break
        last = rows[-1].pk
        done += len(rows)
        if progress:
            progress(done)
    last = 0
    while True:
        with transaction.atomic():
            files = list(PetitionFile.objects.select_for_update().filter(pk__gt=last, encrypted=True)
                         .order_by("pk")[:batch_size])
            for record in files:
                with record.file.open("rb") as fh:
                    data = fh.read()
                storage, old_name = record.file.storage, record.file.name
                record.original_name = crypto.rotate_token(record.original_name).decode()
                record.file.save("f", ContentFile(crypto.rotate_token(data)), save=False)
                record.save(update_fields=["file", "original_name"])
                transaction.on_commit(lambda s=storage, n=old_name: s.delete(n))
        if not files:
            break
        last = files[-1].pk
        done += len(files)
        if progress:
            progress(done)
    return done


def retention_purge(*, actor, today: dt.date | None = None) -> int:
    """Delete the personal data (encrypted identity, identifying files) of cases that have stayed
    in a status longer than settings.PETITION_RETENTION_DAYS allows; the anonymised case stays.
    Returns the number of cases purged."""
    require_perm(actor, RETENTION_RUN)
    now = timezone.now() if today is None else timezone.make_aware(dt.datetime.combine(today, dt.time.max))
    q = Q()
    for status, days in settings.PETITION_RETENTION_DAYS.items():
        q |= Q(status=status, status_changed_at__lt=now - dt.timedelta(days=days))
    if not q:
        return 0
    purged = 0
    candidates = (Petition.objects.filter(q, identity_purged_at__isnull=True)
                  .filter(Q(identity__isnull=False) | Q(files__is_identifying=True)).distinct())
    for petition in candidates.iterator():
        with transaction.atomic():
            files = list(petition.files.filter(is_identifying=True))
            had_identity = PetitionIdentity.objects.filter(petition=petition).delete()[0] > 0
            for record in files:
                storage, name = record.file.storage, record.file.name
                record.delete()
                transaction.on_commit(lambda s=storage, n=name: s.delete(n))
            Petition.objects.filter(pk=petition.pk).update(identity_purged_at=timezone.now())
            audit_record(actor=actor, action="petition.retention_purge", obj=petition,
                         changes={"identity": had_identity, "files": len(files), "status": petition.status})
        purged += 1
    return purged

