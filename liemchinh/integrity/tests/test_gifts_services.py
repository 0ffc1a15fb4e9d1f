"""The gift register's services and selectors: deadlines in working days, the hand-over and
handling flow, permissions per body, lateness and the yearly summary."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from liemchinh.core.errors import DomainError
from liemchinh.core.models import AuditEvent, CalendarException
from liemchinh.integrity.models import GiftReport, GiftStatus
from liemchinh.integrity.selectors import gifts as selectors
from liemchinh.integrity.services.gifts import (
    gift_hand_over,
    gift_handle,
    gift_report_create,
    gift_report_update,
)
from liemchinh.integrity.tests.gift_rotation_world import people  # noqa: F401

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 6, 1)


def _report(actor, org, **over):
    data = {
        "recipient_name": "Lê Văn Cường",
        "recipient_position": "Chuyên viên phòng Quản lý giá",
        "giver_name": "Phạm Thị Dung",
        "giver_position": "Giám đốc",
        "giver_organization": "Công ty TNHH Dung Phát",
        "relation_to_work": "Doanh nghiệp đang đề nghị thẩm định giá",
        "kind": "goods",
        "description": "Một giỏ quà Tết",
        "value_vnd": 2_500_000,
        "received_on": dt.date(2026, 2, 12),
        "reported_on": dt.date(2026, 2, 26),
    }
    data.update(over)
    return gift_report_create(actor=actor, organization=org, **data)


def test_report_due_five_working_days_after_receipt_across_tet(org_tree, people):  # noqa: F811
    # Received Thursday 12/02/2026; Tết holidays 16–20/02/2026: the fifth working day is 26/02, not 19/02.
    on_time = _report(people["focal_finance"], org_tree["finance"])
    assert on_time.report_due_on == dt.date(2026, 2, 26) == on_time.handover_due_on
    assert not on_time.report_late
    late = _report(people["focal_finance"], org_tree["finance"], reported_on=dt.date(2026, 2, 27))
    assert late.report_late
    assert (on_time.register_year, on_time.register_no, late.register_no) == (2026, 1, 2)
    assert on_time.rule_code == "ND59-2019" and on_time.status == GiftStatus.REPORTED


def test_government_day_off_moves_the_deadline(org_tree, people):  # noqa: F811
    CalendarException.objects.create(date=dt.date(2026, 2, 23), kind="day_off", name="Nghỉ Tết bổ sung")
    gift = _report(people["focal_finance"], org_tree["finance"])
    assert gift.report_due_on == dt.date(2026, 2, 27)
    assert not gift.report_late


def test_gift_before_decree_59_has_no_deadline(org_tree, people):  # noqa: F811
    gift = _report(
        people["officer"],
        org_tree["finance"],
        received_on=dt.date(2019, 1, 10),
        reported_on=dt.date(2019, 3, 1),
    )
    assert gift.report_due_on is None and not gift.report_late and gift.rule_code == ""


def test_create_records_audit_and_validates(org_tree, people):  # noqa: F811
    gift = _report(people["focal_finance"], org_tree["finance"])
    event = AuditEvent.objects.get(action="integrity.gift.create", object_id=str(gift.pk))
    assert event.organization_id == org_tree["finance"].pk
    with pytest.raises(DomainError) as err:
        _report(people["focal_finance"], org_tree["finance"], reported_on=dt.date(2026, 2, 1))
    assert err.value.field == "reported_on"
    with pytest.raises(DomainError) as err:
        _report(people["focal_finance"], org_tree["finance"], giver_name="  ")
    assert err.value.field == "giver_name"
    with pytest.raises(DomainError) as err:
        _report(people["focal_finance"], org_tree["finance"], value_vnd=-1)
    assert err.value.field == "value_vnd"
    with pytest.raises(DomainError):
        _report(
            people["focal_finance"],
            org_tree["finance"],
            received_on=dt.date(2099, 1, 1),
            reported_on=dt.date(2099, 1, 2),
        )
    assert GiftReport.objects.count() == 1


def test_focal_point_records_only_for_own_body(org_tree, people):  # noqa: F811
    with pytest.raises(PermissionDenied):
        _report(people["focal_finance"], org_tree["justice"])
    with pytest.raises(PermissionDenied):
        _report(people["viewer"], org_tree["finance"])
    gift = _report(people["focal_finance"], org_tree["finance"])
    with pytest.raises(PermissionDenied):
        gift_hand_over(
            actor=people["focal_justice"],
            gift=gift,
            handed_over_on=dt.date(2026, 2, 26),
            handed_over_to="Phòng Kế hoạch - Tài chính",
        )
    assert _report(people["officer"], org_tree["justice"]).organization == org_tree["justice"]


def test_hand_over_sale_and_proceeds(org_tree, people):  # noqa: F811
    actor = people["head_finance"]
    gift = _report(actor, org_tree["finance"])
    with pytest.raises(DomainError):
        gift_handle(actor=actor, gift=gift, handling="public_sale", handled_on=dt.date(2026, 3, 2))
    gift = gift_hand_over(
        actor=actor,
        gift=gift,
        handed_over_on=dt.date(2026, 2, 27),
        handed_over_to="Phòng Kế hoạch - Tài chính",
    )
    assert gift.status == GiftStatus.HANDED_OVER and gift.handover_late
    with pytest.raises(DomainError) as err:
        gift_handle(actor=actor, gift=gift, handling="budget", handled_on=dt.date(2026, 3, 2))
    assert err.value.field == "handling"  # goods are sold, not paid in
    with pytest.raises(DomainError) as err:
        gift_handle(actor=actor, gift=gift, handling="public_sale", handled_on=dt.date(2026, 3, 2))
    assert err.value.field == "sold_on"
    gift = gift_handle(
        actor=actor,
        gift=gift,
        handling="public_sale",
        handled_on=dt.date(2026, 3, 2),
        handling_decision="15/QĐ-STC",
        sold_on=dt.date(2026, 3, 20),
        proceeds_vnd=2_000_000,
    )
    # 30 days after 20/03/2026 is Sunday 19/04/2026: the limit moves to Monday 20/04.
    assert gift.status == GiftStatus.SOLD and gift.proceeds_due_on == dt.date(2026, 4, 20)
    gift = gift_handle(
        actor=actor,
        gift=gift,
        handling="public_sale",
        handled_on=dt.date(2026, 3, 2),
        handling_decision="15/QĐ-STC",
        sold_on=dt.date(2026, 3, 20),
        proceeds_vnd=2_000_000,
        proceeds_paid_on=dt.date(2026, 4, 21),
    )
    assert gift.status == GiftStatus.HANDLED and gift.proceeds_late
    with pytest.raises(DomainError):
        gift_handle(
            actor=actor,
            gift=gift,
            handling="public_sale",
            handled_on=dt.date(2026, 3, 2),
            sold_on=dt.date(2026, 3, 20),
        )
    actions = list(AuditEvent.objects.filter(object_id=str(gift.pk)).values_list("action", flat=True))
    assert actions.count("integrity.gift.handle") == 2 and "integrity.gift.hand_over" in actions


def test_cash_goes_to_the_budget_and_update_recomputes(org_tree, people):  # noqa: F811
    actor = people["focal_finance"]
    gift = _report(
        actor,
        org_tree["finance"],
        kind="cash",
        description="Phong bì 5.000.000 đồng",
        value_vnd=5_000_000,
        handed_over_on=dt.date(2026, 2, 13),
        handed_over_to="Kế toán cơ quan",
    )
    assert gift.status == GiftStatus.HANDED_OVER
    gift = gift_handle(
        actor=actor,
        gift=gift,
        handling="budget",
        handled_on=dt.date(2026, 2, 20),
        sold_on=dt.date(2026, 2, 21),
        proceeds_vnd=1,
    )
    assert gift.status == GiftStatus.HANDLED and gift.sold_on is None and gift.proceeds_vnd is None
    data = {
        f: getattr(gift, f)
        for f in (
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
            "circumstances",
            "notes",
        )
    }
    gift = gift_report_update(
        actor=actor,
        gift=gift,
        **{**data, "received_on": dt.date(2026, 2, 11), "reported_on": dt.date(2026, 2, 12)},
    )
    assert gift.report_due_on == dt.date(2026, 2, 25)
    with pytest.raises(DomainError) as err:
        gift_report_update(
            actor=actor,
            gift=gift,
            **{
                **data,
                "kind": "goods",
                "received_on": dt.date(2026, 2, 11),
                "reported_on": dt.date(2026, 2, 12),
            },
        )
    assert err.value.field == "kind"


def test_selectors_scope_lateness_and_summary(org_tree, people):  # noqa: F811
    _report(people["focal_finance"], org_tree["finance"])  # on time, not handed over: hand-over late by AS_OF
    _report(
        people["focal_finance"],
        org_tree["finance"],
        kind="cash",
        value_vnd=None,
        description="Tiền",
        reported_on=dt.date(2026, 2, 13),
        handed_over_on=dt.date(2026, 2, 13),
        handed_over_to="Kế toán",
    )
    _report(
        people["focal_justice"],
        org_tree["justice"],
        value_vnd=1_000_000,
        received_on=dt.date(2025, 12, 1),
        reported_on=dt.date(2025, 12, 2),
        handed_over_on=dt.date(2025, 12, 2),
        handed_over_to="Văn phòng",
    )
    assert selectors.gift_reports_for(people["focal_finance"], as_of=AS_OF).count() == 2
    assert selectors.gift_reports_for(people["officer"], as_of=AS_OF).count() == 3
    late = selectors.gift_reports_for(people["officer"], as_of=AS_OF, late=True)
    assert [g.late_handover for g in late] == [True]
    assert selectors.gift_reports_for(people["officer"], as_of=AS_OF, year=2025).count() == 1
    assert selectors.gift_reports_for(people["officer"], as_of=AS_OF, q="Dung Phát").count() == 3
    assert selectors.gift_years(people["officer"]) == [2026, 2025]
    rows, total = selectors.gift_summary(people["officer"], year=2026, as_of=AS_OF)
    assert [(r.organization_name, r.count, r.value_vnd, r.unvalued, r.late) for r in rows] == [
        ("Sở Tài chính", 2, 2_500_000, 1, 1)
    ]
    assert (total.count, total.value_vnd) == (2, 2_500_000)
    rows, _total = selectors.gift_summary(people["focal_justice"], year=2026, as_of=AS_OF)
    assert rows == []
