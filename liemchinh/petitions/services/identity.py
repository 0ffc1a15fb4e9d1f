"""The petitioner's identity: the one audited way to read it, key rotation, and the retention
purge of personal data."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from liemchinh.core.errors import DomainError
from liemchinh.core.permissions import SystemActor, has_perm, require_perm
from liemchinh.core.services.audit import audit_record
from liemchinh.petitions import crypto
from liemchinh.petitions.models import Petition, PetitionFile, PetitionIdentity
from liemchinh.petitions.permissions import HANDLE, IDENTITY_REVEAL, RETENTION_RUN


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


def _identity_values(petition: Petition) -> list[str]:
    token = PetitionIdentity.objects.filter(petition_id=petition.pk).values_list("ciphertext", flat=True).first()
    if token is None:
        return []
    identity = crypto.decrypt_json(token)
    return [v for v in identity.values() if v and len(v) >= 3]


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
