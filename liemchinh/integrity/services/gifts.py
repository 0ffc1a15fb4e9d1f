"""Writes of the gift register (Luật PCTN 2018 Điều 22; NĐ 59/2019/NĐ-CP Điều 24–28).

Who may call: holders of GIFTS_RECORD on the reporting body — its focal point or head for their own
body, the inspectorate for the bodies below it. Each write is one transaction: permission →
validation → write → audit record.

Deadlines are computed when a row is written, with the rule in force on the day of receipt
(rules.gift_rule_on) and the working-day calendar with the Government's yearly exceptions: the
written report and the handing over are due 5 working days after receipt, the proceeds of a public
sale 30 days after the sale (a limit ending on a day off moves to the next working day, Bộ luật Dân
sự 2015 Điều 148 khoản 5).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from liemchinh.core.errors import DomainError
from liemchinh.core.models import Organization
from liemchinh.core.permissions import require_perm
from liemchinh.core.selectors.calendar import working_calendar
from liemchinh.core.services.audit import audit_record, diff, snapshot
from liemchinh.core.services.files import evidence_upload
from liemchinh.integrity import rules
from liemchinh.integrity.models import GiftHandling, GiftKind, GiftReport, GiftStatus, Official
from liemchinh.integrity.permissions import GIFTS_RECORD

TEXT_MAX = 4000
MAX_VALUE_VND = 10**15

REPORT_FIELDS = [
    "recipient_name",
    "recipient_position",
    "recipient_official",
    "giver_name",
    "giver_position",
    "giver_organization",
    "relation_to_work",
    "kind",
    "description",
    "value_vnd",
    "received_on",
    "circumstances",
    "reported_on",
    "notes",
]
HANDOVER_FIELDS = ["handed_over_on", "handed_over_to"]
HANDLING_FIELDS = [
    "handling",
    "handled_on",
    "handling_decision",
    "sold_on",
    "proceeds_vnd",
    "proceeds_paid_on",
    "giver_notified_on",
]


def _clean(value, field: str, *, required: bool = False, limit: int = TEXT_MAX) -> str:
    text = " ".join(str(value or "").split()) if limit <= 255 else str(value or "").strip()
    if required and not text:
        raise DomainError(
            _("Vui lòng nhập %(field)s.") % {"field": GiftReport._meta.get_field(field).verbose_name},
            field=field,
        )
    if len(text) > limit:
        raise DomainError(
            _("“%(field)s” dài quá %(n)s ký tự.")
            % {"field": GiftReport._meta.get_field(field).verbose_name, "n": limit},
            field=field,
        )
    return text


def _not_future(day: dt.date | None, field: str, today: dt.date) -> None:
    if day is not None and day > today:
        raise DomainError(
            _("Ngày không được sau hôm nay (%(today)s).") % {"today": today.strftime("%d/%m/%Y")}, field=field
        )


def _money(value, field: str) -> int | None:
    if value in (None, ""):
        return None
    if not isinstance(value, int) or value < 0 or value > MAX_VALUE_VND:
        raise DomainError(_("Số tiền phải là số nguyên không âm (đồng)."), field=field)
    return value


def _deadlines(gift: GiftReport) -> None:
    """Store the report and hand-over deadlines of the rule in force on the day of receipt."""
    rule = rules.gift_rule_on(gift.received_on)
    if rule is None:
        gift.rule_code, gift.report_due_on, gift.handover_due_on = "", None, None
        return
    calendar = working_calendar()
    gift.rule_code = rule.code
    gift.report_due_on = calendar.add_working_days(gift.received_on, rule.report_working_days)
    gift.handover_due_on = calendar.add_working_days(gift.received_on, rule.handover_working_days)


def _proceeds_due(gift: GiftReport) -> None:
    rule = rules.gift_rule_on(gift.received_on)
    if gift.sold_on is None or rule is None:
        gift.proceeds_due_on = None
        return
    calendar = working_calendar()
    gift.proceeds_due_on = calendar.next_working_day_if_off(
        calendar.add_calendar_days(gift.sold_on, rule.proceeds_days)
    )


def _recipient_official(data: dict) -> Official | None:
    """The registry official the recipient is, from `recipient_official` or from the official's
    code typed on the form (`recipient_official_code`); None when neither is given."""
    code = " ".join(str(data.get("recipient_official_code") or "").split())
    if not code:
        return data.get("recipient_official")
    official = Official.objects.filter(official_id=code).first()
    if official is None:
        raise DomainError(
            _("Không có cán bộ mã “%(code)s” trong sổ liệu.") % {"code": code},
            field="recipient_official_code",
        )
    return official


def _validate_report(data: dict, today: dt.date) -> dict:
    clean = {
        "recipient_name": _clean(data.get("recipient_name"), "recipient_name", required=True, limit=200),
        "recipient_position": _clean(data.get("recipient_position"), "recipient_position", limit=200),
        "recipient_official": _recipient_official(data),
        "giver_name": _clean(data.get("giver_name"), "giver_name", required=True, limit=200),
        "giver_position": _clean(data.get("giver_position"), "giver_position", limit=200),
        "giver_organization": _clean(data.get("giver_organization"), "giver_organization", limit=255),
        "relation_to_work": _clean(data.get("relation_to_work"), "relation_to_work"),
        "description": _clean(data.get("description"), "description", required=True),
        "circumstances": _clean(data.get("circumstances"), "circumstances"),
        "notes": _clean(data.get("notes"), "notes"),
        "value_vnd": _money(data.get("value_vnd"), "value_vnd"),
    }
    kind = data.get("kind")
    if kind not in GiftKind.values:
        raise DomainError(_("Loại quà tặng không hợp lệ."), field="kind")
    clean["kind"] = kind
    received_on, reported_on = data.get("received_on"), data.get("reported_on")
    if received_on is None:
        raise DomainError(_("Vui lòng nhập ngày nhận quà."), field="received_on")
    if reported_on is None:
        raise DomainError(_("Vui lòng nhập ngày báo cáo."), field="reported_on")
    _not_future(received_on, "received_on", today)
    _not_future(reported_on, "reported_on", today)
    if reported_on < received_on:
        raise DomainError(_("Ngày báo cáo không được trước ngày nhận quà."), field="reported_on")
    clean["received_on"], clean["reported_on"] = received_on, reported_on
    return clean


def _validate_handover(gift: GiftReport, handed_over_on: dt.date | None, handed_over_to: str, today: dt.date):
    if handed_over_on is None:
        raise DomainError(_("Vui lòng nhập ngày nộp lại quà tặng."), field="handed_over_on")
    _not_future(handed_over_on, "handed_over_on", today)
    if handed_over_on < gift.received_on:
        raise DomainError(_("Ngày nộp lại không được trước ngày nhận quà."), field="handed_over_on")
    return handed_over_on, _clean(handed_over_to, "handed_over_to", required=True, limit=255)


@transaction.atomic
def gift_report_create(*, actor, organization, files=(), **data) -> GiftReport:
    """Enter a gift in the register of `organization` (the recipient's body), from the recipient's
    written report. Optionally with the hand-over already done (`handed_over_on`, `handed_over_to`)
    and with evidence files (the report, the hand-over minutes)."""
    require_perm(actor, GIFTS_RECORD, organization)
    today = timezone.localdate()
    clean = _validate_report(data, today)
    gift = GiftReport(
        organization=organization, created_by=actor if getattr(actor, "pk", None) else None, **clean
    )
    if data.get("handed_over_on") is not None or (data.get("handed_over_to") or "").strip():
        gift.handed_over_on, gift.handed_over_to = _validate_handover(
            gift, data.get("handed_over_on"), data.get("handed_over_to"), today
        )
        gift.status = GiftStatus.HANDED_OVER
    _deadlines(gift)
    gift.register_year = gift.received_on.year
    # The register's running number within the body and year: the body's row is locked so that two
    # reports of one body are numbered one after the other (PostgreSQL refuses FOR UPDATE with an
    # aggregate); the unique constraint is the last guard.
    Organization.objects.select_for_update().filter(pk=organization.pk).exists()
    last = GiftReport.objects.filter(organization=organization, register_year=gift.register_year).aggregate(
        n=Max("register_no")
    )["n"]
    gift.register_no = (last or 0) + 1
    gift.save()
    for file in files:
        gift.attachments.add(
            evidence_upload(
                actor=actor,
                file=file,
                organization=organization,
                description=_("Quà tặng số %(no)s") % {"no": str(gift)},
            )
        )
    audit_record(
        actor=actor,
        action="integrity.gift.create",
        obj=gift,
        organization=organization,
        changes=snapshot(gift, REPORT_FIELDS + HANDOVER_FIELDS + ["report_due_on", "status"]),
    )
    return gift


@transaction.atomic
def gift_report_update(*, actor, gift: GiftReport, **data) -> GiftReport:
    """Correct the facts of a registered gift (not its body, number or handling)."""
    gift = GiftReport.objects.select_for_update().get(pk=gift.pk)
    require_perm(actor, GIFTS_RECORD, gift.organization_id)
    today = timezone.localdate()
    clean = _validate_report(data, today)
    if gift.handed_over_on is not None and gift.handed_over_on < clean["received_on"]:
        raise DomainError(_("Ngày nhận quà không được sau ngày đã nộp lại."), field="received_on")
    if gift.handling and not rules.gift_handling_allowed(clean["kind"], gift.handling):
        raise DomainError(_("Loại quà không phù hợp với hình thức xử lý đã ghi nhận."), field="kind")
    before = snapshot(gift, REPORT_FIELDS + ["report_due_on"])
    for name, value in clean.items():
        setattr(gift, name, value)
    _deadlines(gift)
    _proceeds_due(gift)
    gift.save()
    changes = diff(before, snapshot(gift, REPORT_FIELDS + ["report_due_on"]))
    if changes:
        audit_record(
            actor=actor,
            action="integrity.gift.update",
            obj=gift,
            organization=gift.organization_id,
            changes=changes,
        )
    return gift


@transaction.atomic
def gift_hand_over(
    *, actor, gift: GiftReport, handed_over_on: dt.date | None, handed_over_to: str
) -> GiftReport:
    """Record that the gift was handed over to the body (to whom, on which day)."""
    gift = GiftReport.objects.select_for_update().get(pk=gift.pk)
    require_perm(actor, GIFTS_RECORD, gift.organization_id)
    if gift.status != GiftStatus.REPORTED:
        raise DomainError(_("Quà tặng này đã được ghi nhận nộp lại."), field="handed_over_on", code="state")
    gift.handed_over_on, gift.handed_over_to = _validate_handover(
        gift, handed_over_on, handed_over_to, timezone.localdate()
    )
    gift.status = GiftStatus.HANDED_OVER
    gift.save(update_fields=["handed_over_on", "handed_over_to", "status", "updated_at"])
    audit_record(
        actor=actor,
        action="integrity.gift.hand_over",
        obj=gift,
        organization=gift.organization_id,
        changes=snapshot(gift, HANDOVER_FIELDS),
    )
    return gift


@transaction.atomic
def gift_handle(
    *,
    actor,
    gift: GiftReport,
    handling: str,
    handled_on: dt.date | None,
    handling_decision: str = "",
    sold_on: dt.date | None = None,
    proceeds_vnd: int | None = None,
    proceeds_paid_on: dt.date | None = None,
    giver_notified_on: dt.date | None = None,
) -> GiftReport:
    """Record how the body handled a handed-over gift (NĐ 59/2019: budget, public sale, service
    declined, exhibit rules, return). A public sale stays "sold, awaiting payment" until the
    proceeds are paid to the budget; calling this again records the payment."""
    gift = GiftReport.objects.select_for_update().get(pk=gift.pk)
    require_perm(actor, GIFTS_RECORD, gift.organization_id)
    if gift.status not in (GiftStatus.HANDED_OVER, GiftStatus.SOLD):
        raise DomainError(
            _("Chỉ xử lý được quà tặng đã nộp lại và chưa xử lý xong."), field="handling", code="state"
        )
    if handling not in GiftHandling.values:
        raise DomainError(_("Hình thức xử lý không hợp lệ."), field="handling")
    if not rules.gift_handling_allowed(gift.kind, handling):
        raise DomainError(
            _("Hình thức “%(handling)s” không áp dụng cho quà tặng loại “%(kind)s”.")
            % {"handling": GiftHandling(handling).label, "kind": gift.get_kind_display()},
            field="handling",
        )
    today = timezone.localdate()
    if handled_on is None:
        raise DomainError(_("Vui lòng nhập ngày xử lý."), field="handled_on")
    for day, field in (
        (handled_on, "handled_on"),
        (sold_on, "sold_on"),
        (proceeds_paid_on, "proceeds_paid_on"),
        (giver_notified_on, "giver_notified_on"),
    ):
        _not_future(day, field, today)
        if day is not None and day < gift.handed_over_on:
            raise DomainError(
                _("Ngày không được trước ngày nộp lại quà tặng (%(day)s).")
                % {"day": gift.handed_over_on.strftime("%d/%m/%Y")},
                field=field,
            )
    sale = rules.GIFT_HANDLING_BY_KEY[handling].sale
    proceeds_vnd = _money(proceeds_vnd, "proceeds_vnd")
    if sale:
        if sold_on is None:
            raise DomainError(_("Vui lòng nhập ngày bán quà tặng."), field="sold_on")
        if proceeds_paid_on is not None and proceeds_paid_on < sold_on:
            raise DomainError(_("Ngày nộp tiền không được trước ngày bán."), field="proceeds_paid_on")
        if proceeds_paid_on is not None and proceeds_vnd is None:
            raise DomainError(_("Vui lòng nhập số tiền thu được."), field="proceeds_vnd")
    else:
        sold_on = proceeds_vnd = proceeds_paid_on = None
    before = snapshot(gift, HANDLING_FIELDS + ["status"])
    gift.handling, gift.handled_on, gift.sold_on = handling, handled_on, sold_on
    gift.handling_decision = _clean(handling_decision, "handling_decision", limit=255)
    gift.proceeds_vnd, gift.proceeds_paid_on, gift.giver_notified_on = (
        proceeds_vnd,
        proceeds_paid_on,
        giver_notified_on,
    )
    _proceeds_due(gift)
    gift.status = GiftStatus.SOLD if sale and proceeds_paid_on is None else GiftStatus.HANDLED
    gift.save()
    audit_record(
        actor=actor,
        action="integrity.gift.handle",
        obj=gift,
        organization=gift.organization_id,
        changes=diff(before, snapshot(gift, HANDLING_FIELDS + ["status"])),
    )
    return gift
