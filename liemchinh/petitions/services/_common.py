"""Helpers shared by the petitions services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from liemchinh.core.errors import DomainError
from liemchinh.core.permissions import SystemActor, require_perm
from liemchinh.petitions import rules
from liemchinh.petitions.models import Petition
from liemchinh.petitions.permissions import HANDLE

IDENTITY_FIELDS = ("name", "id_number", "phone", "email", "address")


def _today() -> dt.date:
    return timezone.localdate()


def _is_public(actor) -> bool:
    return actor is None or (not getattr(actor, "is_authenticated", False) and not isinstance(actor, SystemActor))


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
