"""Public services of petitions: submission with a tracking code and a one-time secret, tracking
with lock-out, and the petitioner's rating. They take actor=None or an anonymous user (a staff
user when an officer records a petition received by mail, hotline or at a reception) and check
nothing but their own inputs."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import io
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liemchinh.core.errors import DomainError
from liemchinh.core.models import Organization, OrgKind
from liemchinh.core.services.audit import audit_record
from liemchinh.core.services.files import detect_type, strip_metadata_bytes
from liemchinh.petitions import crypto, rules
from liemchinh.petitions.models import Petition, PetitionFile, PetitionIdentity, TrackFailure
from liemchinh.petitions.services._common import IDENTITY_FIELDS, _is_public, _lock, _today

# Tracking code: 16 digits shown in groups of four, like a phone number (GlobaLeaks' receipt).
TRACKING_CODE_DIGITS = 16
# Secret: 20 characters of Crockford's base32 (no I, L, O, U): 100 bits, shown in groups of four.
SECRET_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # noqa: S105  (an alphabet, not a password)
SECRET_LENGTH = 20

_sleep = time.sleep  # replaced in tests


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


# The secret is kept as HMAC-SHA256 under settings.PETITION_SECRET_KEYS (newest first), stored as
# "hmac-sha256$<hex>". It is 100 bits chosen by the server, not a password: no dictionary to slow
# down, so no memory-hard hash is needed (docs/petitions-identity.md, "The tracking secret").
# Hashes written before were Argon2id ("argon2$argon2id$..."); they still verify, and are
# replaced by an HMAC the first time their petitioner tracks the case successfully.
SECRET_HMAC_PREFIX = "hmac-sha256$"  # noqa: S105  (a scheme name, not a password)
_ARGON2_PREFIX = "argon2$"


class _SecretHasher(Argon2PasswordHasher):
    """Argon2id for the legacy hashes, with the costs of settings.PETITION_SECRET_ARGON2 for the
    dummy check (Django's defaults otherwise, those the legacy hashes were written with)."""

    def __init__(self) -> None:
        for name, value in getattr(settings, "PETITION_SECRET_ARGON2", {}).items():
            setattr(self, name, value)


def _secret_keys() -> list[str]:
    keys = [k for k in getattr(settings, "PETITION_SECRET_KEYS", []) if k]
    if not keys:
        raise ImproperlyConfigured("PETITION_SECRET_KEYS must hold at least one key.")
    return keys


def _hmac(key: str, normalised: str) -> str:
    return SECRET_HMAC_PREFIX + hmac.new(key.encode(), f"petition-secret:{normalised}".encode(),
                                         hashlib.sha256).hexdigest()


def _hash_secret(secret: str) -> str:
    """The stored form of a new secret: HMAC-SHA256 under the newest key."""
    return _hmac(_secret_keys()[0], normalise_secret(secret))


def _hash_secret_argon2(secret: str) -> str:
    """The former stored form (Argon2id); kept for the dummy check and the tests of old hashes."""
    hasher = _SecretHasher()
    return hasher.encode(normalise_secret(secret), hasher.salt())


def _check_hmac(normalised: str, encoded: str) -> bool:
    # Every key is tried, whatever matches, so the time does not depend on which key wrote it.
    results = [hmac.compare_digest(_hmac(key, normalised), encoded) for key in _secret_keys()]
    return any(results)


def _check_argon2(normalised: str, encoded: str) -> bool:
    try:
        return _SecretHasher().verify(normalised, encoded)
    except ValueError:
        return False


def _check_secret(secret: str, encoded: str) -> bool:
    """Whether `secret` matches the stored hash, of either scheme. The work is the same whatever
    the scheme and whether the code exists (given a dummy): one HMAC per key and, while
    settings.PETITION_SECRET_LEGACY_ARGON2 is on, one Argon2 verification (of the stored legacy
    hash, or of a dummy one), so the answer's timing tells neither."""
    normalised = normalise_secret(secret)
    legacy = encoded.startswith(_ARGON2_PREFIX)
    ok_hmac = _check_hmac(normalised, SECRET_HMAC_PREFIX if legacy else encoded)
    ok_argon2 = False
    if legacy:
        ok_argon2 = _check_argon2(normalised, encoded)
    elif getattr(settings, "PETITION_SECRET_LEGACY_ARGON2", True):
        _check_argon2(normalised, _dummy_argon2())
    return ok_argon2 if legacy else ok_hmac


@dataclass
class _Upload:
    name: str
    content: bytes
    content_type: str
    is_identifying: bool
    strip_metadata: bool = False


def _read_upload(item) -> _Upload:
    """A file given as (name, bytes[, is_identifying[, strip_metadata]]) or a Django UploadedFile
    (optionally with `is_identifying` and `strip_metadata` attributes)."""
    if isinstance(item, tuple | list):
        name, content, *rest = item
        return _Upload(str(name), bytes(content), "", bool(rest[0]) if rest else False,
                       bool(rest[1]) if len(rest) > 1 else False)
    content = item.read()
    return _Upload(getattr(item, "name", "tệp"), content, getattr(item, "content_type", "") or "",
                   bool(getattr(item, "is_identifying", False)), bool(getattr(item, "strip_metadata", False)))


def _without_metadata(up: _Upload) -> bytes | None:
    """The file without its hidden metadata (EXIF and GPS of photos, author of Office files, PDF
    info) by core's stripper, or None when its type cannot be cleaned."""
    detected = detect_type(io.BytesIO(up.content), up.name)
    return strip_metadata_bytes(detected.key, up.content) if detected is not None else None


def _default_receiver() -> Organization:
    body = Organization.objects.filter(kind=OrgKind.INSPECTORATE, valid_to__isnull=True).order_by("depth", "pk").first()
    if body is None:
        raise DomainError(_("Chưa có cơ quan thanh tra để tiếp nhận đơn."), field="org_code")
    return body


def petition_submit(*, actor, kind: str, content: str, anonymous: bool, name: str = "", id_number: str = "",
                    phone: str = "", email: str = "", address: str = "", org_code: str | None = None,
                    field: str | None = None, channel: str = "web", files=(), accused_name: str = "",
                    procedure_name: str = "", dossier_code: str = "", supplement_requests: int | None = None,
                    received_on: dt.date | None = None, strip_metadata: bool = False) -> tuple[Petition, str, str]:
    """Record a petition. Returns (petition, tracking code, secret); the secret is shown once and
    only its keyed hash (HMAC-SHA256) is kept. Public: `actor` is None or the anonymous user for
    citizens, a staff user when an officer records a petition received by mail, hotline or at a
    reception."""
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
    if strip_metadata:  # the petitioner ticked "Xóa thông tin ẩn trong tệp" for all the files
        for up in uploads:
            up.strip_metadata = True
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
        stored = [_store_file(petition, up) for up in uploads]
        audit_record(
            actor=None if _is_public(actor) else actor, action="petition.submit", obj=petition,
            changes={"kind": kind, "channel": channel, "anonymous": anonymous, "files": len(uploads),
                     "files_metadata_stripped": sum(f.metadata_stripped for f in stored),
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
    """Store one file; its metadata removed first when asked, then encrypted if identifying."""
    stripped = False
    if up.strip_metadata:
        cleaned = _without_metadata(up)
        if cleaned is not None:
            up = _Upload(up.name, cleaned, up.content_type, up.is_identifying, True)
            stripped = True
    record = PetitionFile(petition=petition, size=len(up.content), content_type=up.content_type[:100],
                          is_identifying=up.is_identifying, encrypted=up.is_identifying,
                          metadata_stripped=stripped)
    if up.is_identifying:
        record.original_name = crypto.encrypt_bytes(up.name.encode()).decode()
        data = crypto.encrypt_bytes(up.content)
    else:
        record.original_name = up.name[:255]
        data = up.content
    record.file.save("f", ContentFile(data), save=False)
    record.save()
    return record


def _failures(key_hash: str, since: dt.datetime) -> int:
    return TrackFailure.objects.filter(key_hash=key_hash, at__gte=since).count()


_DUMMY_ARGON2: dict[str, str] = {}


def _dummy_argon2() -> str:
    key = repr(sorted(getattr(settings, "PETITION_SECRET_ARGON2", {}).items()))
    if key not in _DUMMY_ARGON2:
        _DUMMY_ARGON2[key] = _hash_secret_argon2("dummy-secret")
    return _DUMMY_ARGON2[key]


def _dummy_hash() -> str:
    """A hash no secret matches (the HMAC scheme), checked when the code does not exist."""
    return SECRET_HMAC_PREFIX + "0" * 64


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
        if not petition.secret_hash.startswith(SECRET_HMAC_PREFIX):
            # A legacy Argon2 hash: replace it by the current scheme now that the secret is known.
            petition.secret_hash = _hash_secret(secret)
            Petition.objects.filter(pk=petition.pk).update(secret_hash=petition.secret_hash)
        return petition
    TrackFailure.objects.bulk_create([TrackFailure(key_hash=code_key), TrackFailure(key_hash=caller)])
    failures += 1
    if failures >= slow_after:
        base = getattr(settings, "PETITION_TRACK_DELAY_SECONDS", 0.5)
        _sleep(min(base * 2 ** (failures - slow_after), 8.0))
    return None


def track_failures_prune(*, older_than: dt.timedelta = dt.timedelta(days=1)) -> int:
    return TrackFailure.objects.filter(at__lt=timezone.now() - older_than).delete()[0]


def petition_rate(*, actor, petition: Petition, rating: int, comment: str = "") -> Petition:
    """The petitioner's satisfaction (1–5) after resolution, once. Public (after petition_track)."""
    if not isinstance(rating, int) or not rules.RATING_MIN <= rating <= rules.RATING_MAX:
        raise DomainError(_("Mức độ hài lòng phải từ 1 đến 5."), field="rating")
    with transaction.atomic():
        petition = _lock(petition)
        if petition.status not in rules.RATABLE_STATUSES:
            raise DomainError(_("Chỉ đánh giá được khi vụ việc đã có kết quả giải quyết."), field="rating")
        if petition.satisfaction is not None:
            raise DomainError(_("Bạn đã đánh giá vụ việc này (%(n)s/5); mỗi vụ việc chỉ được đánh giá một lần.")
                              % {"n": petition.satisfaction}, field="rating")
        petition.satisfaction = rating
        petition.satisfaction_comment = (comment or "").strip()[:2000]
        petition.rated_at = timezone.now()
        petition.save()
        audit_record(actor=None if _is_public(actor) else actor, action="petition.rate", obj=petition,
                     changes={"rating": rating})
    return petition
