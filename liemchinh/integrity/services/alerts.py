"""Officers' decisions on conflict-of-interest alerts and their same/not-same judgements on person
links ("machines propose, people decide", CONVENTIONS 8).

An alert's decision history is kept row by row (AlertDecision) and the alert's status follows the
last decision. Alerts are identified by `Alert.key` (keys.alert_key): a re-scan upserts the alert by
key and leaves its status alone, so a decision survives re-scans.

The measures an officer records when a conflict is confirmed are those of Nghị định 59/2019/NĐ-CP,
Điều 31–35 (giám sát; tạm đình chỉ, đình chỉ; tạm thời chuyển vị trí công tác; không giao, thay đổi
người thực hiện nhiệm vụ), as the province's plan asks (kiểm soát xung đột lợi ích).

A judgement is keyed by the two mentions' record keys (stable across re-imports), ordered so that
left_key < right_key; the resolver obeys it on every following scan.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from liemchinh.core.errors import DomainError
from liemchinh.core.permissions import require_perm
from liemchinh.core.services.audit import audit_record
from liemchinh.integrity.models import (
    Alert,
    AlertDecision,
    EnterprisePerson,
    MatchJudgement,
    Official,
    Relative,
)
from liemchinh.integrity.permissions import DECIDE, JUDGE

REASON_MAX_CHARS = 4000
# The record-key prefixes (keys.py) and the registry holding the mentions of each.
MENTION_MODELS = {"officials": Official, "relatives": Relative, "enterprise_people": EnterprisePerson}

Decision = AlertDecision.Decision
Measure = AlertDecision.Measure
Verdict = MatchJudgement.Verdict

# Which decision may follow which status: a pending alert is confirmed or dismissed; a decided one
# may be reopened (with a reason), which makes it pending again.
_ALLOWED = {
    Alert.Status.PENDING: {Decision.CONFIRMED, Decision.DISMISSED},
    Alert.Status.CONFIRMED: {Decision.REOPENED},
    Alert.Status.DISMISSED: {Decision.REOPENED},
}
_STATUS_AFTER = {
    Decision.CONFIRMED: Alert.Status.CONFIRMED,
    Decision.DISMISSED: Alert.Status.DISMISSED,
    Decision.REOPENED: Alert.Status.PENDING,
}


def alert_org(alert: Alert):
    """The organisation-tree body an alert belongs to, or None (a registry body outside the tree is
    the province's: checked on the actor's reach anywhere, integrity/permissions.py)."""
    body = alert.body
    return body.organization_id if body is not None and body.organization_id else None


def _clean(text: str) -> str:
    return (text or "").strip()


def alert_decide(*, actor, alert: Alert, decision: str, measure: str = "", reason: str = "") -> AlertDecision:
    """Record an officer's decision on an alert (integrity.alert.decide on the alert's body).

    - "confirmed": a conflict of interest exists; `measure` (NĐ 59/2019 Đ31–35) is required,
      `reason` is an optional note;
    - "dismissed": no conflict (e.g. not the same person, relation ended); `reason` is required;
    - "reopened": back to pending for another look; `reason` is required.
    """
    require_perm(actor, DECIDE, alert_org(alert))
    decision, measure, reason = _clean(decision), _clean(measure), _clean(reason)
    if decision not in Decision.values:
        raise DomainError(
            _("Vui lòng chọn quyết định: xác định có xung đột lợi ích, bác bỏ hoặc mở lại."), field="decision"
        )
    if decision == Decision.CONFIRMED:
        if not measure:
            raise DomainError(
                _("Khi xác định có xung đột lợi ích, vui lòng chọn biện pháp kiểm soát đã áp dụng."),
                field="measure",
            )
        if measure not in Measure.values:
            raise DomainError(_("Biện pháp kiểm soát không hợp lệ."), field="measure")
    elif measure:
        raise DomainError(_("Chỉ ghi biện pháp kiểm soát khi xác định có xung đột lợi ích."), field="measure")
    if decision in (Decision.DISMISSED, Decision.REOPENED) and not reason:
        message = (
            _("Vui lòng nêu lý do bác bỏ cảnh báo.")
            if decision == Decision.DISMISSED
            else _("Vui lòng nêu lý do mở lại cảnh báo.")
        )
        raise DomainError(message, field="reason")
    if len(reason) > REASON_MAX_CHARS:
        raise DomainError(_("Lý do quá dài (tối đa %(n)s ký tự).") % {"n": REASON_MAX_CHARS}, field="reason")
    with transaction.atomic():
        alert = Alert.objects.select_for_update(of=("self",)).select_related("body").get(pk=alert.pk)
        if decision not in _ALLOWED[alert.status]:
            if decision == Decision.REOPENED:
                message = _("Cảnh báo đang chờ xem xét, không cần mở lại.")
            else:
                message = _("Cảnh báo đã có quyết định; hãy mở lại trước khi quyết định khác.")
            raise DomainError(message, field="decision")
        old_status = alert.status
        row = AlertDecision.objects.create(
            alert=alert,
            decision=decision,
            measure=measure,
            reason=reason,
            decided_by=actor if getattr(actor, "pk", None) else None,
        )
        alert.status = _STATUS_AFTER[Decision(decision)]
        alert.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="integrity.alert.decide",
            obj=alert,
            organization=alert_org(alert),
            changes={
                "status": [old_status, alert.status],
                "decision": decision,
                "measure": measure,
                "rule": alert.rule,
                "official_id": alert.official_id,
            },
            reason=reason,
        )
    return row


def mention_exists(key: str) -> bool:
    prefix, _sep, _rest = key.partition(":")
    model = MENTION_MODELS.get(prefix)
    return model is not None and model.objects.filter(record_key=key).exists()


def match_judge(*, actor, left_key: str, right_key: str, verdict: str, reason: str = "") -> MatchJudgement:
    """An officer's judgement on whether two person mentions are the same person
    (integrity.match.judge): "same", "not_same" or "unsure". One judgement per pair, whatever the
    order the keys are given in; judging again replaces it (the audit trail keeps every verdict)."""
    require_perm(actor, JUDGE)
    left_key, right_key, verdict, reason = (
        _clean(left_key),
        _clean(right_key),
        _clean(verdict),
        _clean(reason),
    )
    if verdict not in Verdict.values:
        raise DomainError(
            _("Vui lòng chọn: cùng một người, không phải cùng một người hoặc chưa chắc chắn."),
            field="verdict",
        )
    if not left_key or not right_key or left_key == right_key:
        raise DomainError(_("Cần hai bản ghi khác nhau để đánh giá trùng người."), field="right_key")
    for field, key in (("left_key", left_key), ("right_key", right_key)):
        if not mention_exists(key):
            raise DomainError(_("Không tìm thấy bản ghi %(key)s trong sổ liệu.") % {"key": key}, field=field)
    if len(reason) > REASON_MAX_CHARS:
        raise DomainError(_("Lý do quá dài (tối đa %(n)s ký tự).") % {"n": REASON_MAX_CHARS}, field="reason")
    left_key, right_key = sorted((left_key, right_key))
    with transaction.atomic():
        previous = (
            MatchJudgement.objects.select_for_update().filter(left_key=left_key, right_key=right_key).first()
        )
        old = previous.verdict if previous else ""
        judgement, _created = MatchJudgement.objects.update_or_create(
            left_key=left_key,
            right_key=right_key,
            defaults={
                "verdict": verdict,
                "reason": reason,
                "decided_by": actor if getattr(actor, "pk", None) else None,
            },
        )
        audit_record(
            actor=actor,
            action="integrity.match.judge",
            obj=judgement,
            changes={"left_key": left_key, "right_key": right_key, "verdict": [old, verdict]},
            reason=reason,
        )
    return judgement
