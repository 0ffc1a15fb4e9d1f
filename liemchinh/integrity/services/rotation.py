"""Writes of periodic position rotation (Luật PCTN 2018 Điều 24–26; NĐ 59/2019/NĐ-CP Điều 36–39;
TT 03/2021/TT-TTCP for the inspection sector).

Who may call: holders of ROTATION_MANAGE on the registry body (its head for their own body, the
inspectorate below it; a registry body outside the organisation tree only by people who reach the
top of the tree). Each write is one transaction: permission → validation → write → audit record.

- rotation_post_create / rotation_post_update: the body's list of posts that must rotate, with the
  category and the period (checked against the range of the rule in force, rules.py);
- rotation_exemption_create / rotation_exemption_revoke: an official whose rotation is deferred (or
  who is not rotated), with the legal reason and how long it holds;
- rotation_plan_save: the body's yearly rotation plan and the positions it plans to rotate.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liemchinh.core.errors import DomainError
from liemchinh.core.services.audit import audit_record, diff, snapshot
from liemchinh.integrity import rules
from liemchinh.integrity.models import (
    Body,
    ExemptionReason,
    Official,
    RotationCategory,
    RotationExemption,
    RotationPlan,
    RotationPost,
)
from liemchinh.integrity.models.registry import PositionRole
from liemchinh.integrity.permissions import ROTATION_MANAGE
from liemchinh.integrity.selectors.rotation import require_body_perm

POST_FIELDS = ["category", "role", "title_pattern", "period_years", "basis", "active"]


def _org(body: Body):
    return body.organization_id or None


def _validate_post(
    *, category: str, role: str, title_pattern: str, period_years: int | None, basis: str, on: dt.date
) -> dict:
    if category not in RotationCategory.values:
        raise DomainError(_("Nhóm vị trí công tác không hợp lệ."), field="category")
    role = role or ""
    if role and role not in PositionRole.values:
        raise DomainError(_("Vị trí không hợp lệ."), field="role")
    if role in rules.ROTATION_EXCLUDED_ROLES:
        raise DomainError(
            _("Người giữ chức vụ lãnh đạo, quản lý không thuộc diện định kỳ chuyển đổi theo quy định này."),
            field="role",
        )
    title_pattern = " ".join((title_pattern or "").split())
    if not role and not title_pattern:
        raise DomainError(
            _("Chọn vị trí hoặc nhập một phần chức danh để xác định vị trí phải chuyển đổi."),
            field="title_pattern",
        )
    if len(title_pattern) > 200:
        raise DomainError(_("Chức danh dài quá 200 ký tự."), field="title_pattern")
    category_rule = rules.ROTATION_CATEGORY_BY_KEY[category]
    if period_years is None:
        period_years = rules.rotation_period_rule(category_rule.sector, on).default_years
    error = rules.rotation_period_error(category, period_years, on)
    if error:
        raise DomainError(error, field="period_years")
    basis = " ".join((basis or "").split())
    if len(basis) > 255:
        raise DomainError(_("Căn cứ dài quá 255 ký tự."), field="basis")
    return {
        "category": category,
        "role": role,
        "title_pattern": title_pattern,
        "period_years": period_years,
        "basis": basis,
    }


@transaction.atomic
def rotation_post_create(
    *,
    actor,
    body: Body,
    category: str,
    role: str = "",
    title_pattern: str = "",
    period_years: int | None = None,
    basis: str = "",
) -> RotationPost:
    """Register a post of `body` that must rotate. Without a period, the default of the rule in
    force for the category's sector today."""
    require_body_perm(actor, ROTATION_MANAGE, body)
    clean = _validate_post(
        category=category,
        role=role,
        title_pattern=title_pattern,
        period_years=period_years,
        basis=basis,
        on=timezone.localdate(),
    )
    post = RotationPost.objects.create(
        body=body, created_by=actor if getattr(actor, "pk", None) else None, **clean
    )
    audit_record(
        actor=actor,
        action="integrity.rotation_post.create",
        obj=post,
        organization=_org(body),
        changes=snapshot(post, POST_FIELDS),
    )
    return post


@transaction.atomic
def rotation_post_update(
    *,
    actor,
    post: RotationPost,
    category: str,
    role: str = "",
    title_pattern: str = "",
    period_years: int | None = None,
    basis: str = "",
    active: bool = True,
) -> RotationPost:
    post = RotationPost.objects.select_for_update().select_related("body").get(pk=post.pk)
    require_body_perm(actor, ROTATION_MANAGE, post.body)
    clean = _validate_post(
        category=category,
        role=role,
        title_pattern=title_pattern,
        period_years=period_years,
        basis=basis,
        on=timezone.localdate(),
    )
    before = snapshot(post, POST_FIELDS)
    for name, value in {**clean, "active": bool(active)}.items():
        setattr(post, name, value)
    post.save()
    changes = diff(before, snapshot(post, POST_FIELDS))
    if changes:
        audit_record(
            actor=actor,
            action="integrity.rotation_post.update",
            obj=post,
            organization=_org(post.body),
            changes=changes,
        )
    return post


@transaction.atomic
def rotation_exemption_create(
    *,
    actor,
    official: Official,
    body: Body,
    reason: str,
    valid_from: dt.date | None,
    valid_to: dt.date | None = None,
    detail: str = "",
) -> RotationExemption:
    """Record that `official` (holding a position in `body`) is not rotated for now, and why."""
    require_body_perm(actor, ROTATION_MANAGE, body)
    if not official.positions.filter(body=body).exists():
        raise DomainError(_("Cán bộ không có vị trí công tác tại cơ quan này."), field="official")
    if reason not in ExemptionReason.values:
        raise DomainError(_("Lý do không hợp lệ."), field="reason")
    if valid_from is None:
        raise DomainError(_("Vui lòng nhập ngày bắt đầu."), field="valid_from")
    if valid_to is not None and valid_to < valid_from:
        raise DomainError(_("Ngày kết thúc không được trước ngày bắt đầu."), field="valid_to")
    detail = (detail or "").strip()
    if not detail:
        raise DomainError(_("Vui lòng ghi nội dung hoặc văn bản xác nhận lý do."), field="detail")
    if len(detail) > 4000:
        raise DomainError(_("Nội dung dài quá 4000 ký tự."), field="detail")
    exemption = RotationExemption.objects.create(
        official=official,
        body=body,
        reason=reason,
        detail=detail,
        valid_from=valid_from,
        valid_to=valid_to,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        actor=actor,
        action="integrity.rotation_exemption.create",
        obj=exemption,
        organization=_org(body),
        changes=snapshot(exemption, ["official_id", "reason", "detail", "valid_from", "valid_to"]),
    )
    return exemption


@transaction.atomic
def rotation_exemption_revoke(*, actor, exemption: RotationExemption, reason: str) -> RotationExemption:
    """End an exemption early (the reason no longer holds); the row stays, marked revoked."""
    exemption = RotationExemption.objects.select_for_update().select_related("body").get(pk=exemption.pk)
    require_body_perm(actor, ROTATION_MANAGE, exemption.body)
    if exemption.revoked_at is not None:
        raise DomainError(_("Trường hợp này đã được hủy."), code="state")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Vui lòng nhập lý do hủy."), field="reason")
    exemption.revoked_at, exemption.revoked_reason = timezone.now(), reason[:4000]
    exemption.save(update_fields=["revoked_at", "revoked_reason"])
    audit_record(
        actor=actor,
        action="integrity.rotation_exemption.revoke",
        obj=exemption,
        organization=_org(exemption.body),
        reason=reason[:4000],
    )
    return exemption


@transaction.atomic
def rotation_plan_save(
    *, actor, body: Body, year: int, number: str = "", issued_on: dt.date | None = None, positions=()
) -> RotationPlan:
    """Create or replace `body`'s rotation plan for `year` with the given current positions of the body."""
    require_body_perm(actor, ROTATION_MANAGE, body)
    if not isinstance(year, int) or not 2019 <= year <= 2100:
        raise DomainError(_("Năm không hợp lệ."), field="year")
    positions = list(positions)
    foreign = [p for p in positions if p.body_id != body.pk or p.end_date is not None]
    if foreign:
        raise DomainError(_("Chỉ đưa vào kế hoạch vị trí công tác hiện tại của cơ quan."), field="positions")
    plan, created = RotationPlan.objects.select_for_update().get_or_create(
        body=body, year=year, defaults={"created_by": actor if getattr(actor, "pk", None) else None}
    )
    before = {
        "number": plan.number,
        "issued_on": plan.issued_on,
        "positions": sorted(plan.positions.values_list("pk", flat=True)) if not created else [],
    }
    plan.number, plan.issued_on = " ".join((number or "").split())[:100], issued_on
    plan.save()
    plan.positions.set(positions)
    after = {"number": plan.number, "issued_on": plan.issued_on, "positions": sorted(p.pk for p in positions)}
    audit_record(
        actor=actor,
        action="integrity.rotation_plan.create" if created else "integrity.rotation_plan.update",
        obj=plan,
        organization=_org(body),
        changes=diff(before, after) if not created else after,
    )
    return plan
