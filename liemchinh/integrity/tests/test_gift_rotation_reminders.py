"""Reminders of late gifts and of positions due for rotation: who hears, once only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from liemchinh.core.models import Notification
from liemchinh.core.permissions import SYSTEM
from liemchinh.integrity.services.gifts import gift_hand_over, gift_handle, gift_report_create
from liemchinh.integrity.services.reminders import gift_reminders_run, rotation_reminders_run
from liemchinh.integrity.services.rotation import rotation_post_create
from liemchinh.integrity.tests.gift_rotation_world import make_position, people, registry  # noqa: F401

pytestmark = pytest.mark.django_db


def _gift(org, **over):
    data = {
        "recipient_name": "Lê Văn Cường",
        "giver_name": "Phạm Thị Dung",
        "kind": "goods",
        "description": "Giỏ quà",
        "value_vnd": 1_000_000,
        "received_on": dt.date(2026, 2, 12),
        "reported_on": dt.date(2026, 2, 13),
    }
    return gift_report_create(actor=SYSTEM, organization=org, **{**data, **over})


def test_late_gifts_are_reminded_once_to_the_body(org_tree, people):  # noqa: F811
    late = _gift(org_tree["finance"])  # hand-over due 26/02/2026, not done
    _gift(
        org_tree["justice"], handed_over_on=dt.date(2026, 2, 13), handed_over_to="Văn phòng"
    )  # done in time
    sold = _gift(org_tree["justice"], handed_over_on=dt.date(2026, 2, 13), handed_over_to="Văn phòng")
    gift_handle(
        actor=SYSTEM,
        gift=sold,
        handling="public_sale",
        handled_on=dt.date(2026, 2, 20),
        sold_on=dt.date(2026, 3, 2),
        proceeds_vnd=900_000,
    )  # proceeds due 01/04/2026
    assert gift_reminders_run(today=dt.date(2026, 2, 26)) == {"late_gifts": 0, "notifications": 0}
    result = gift_reminders_run(today=dt.date(2026, 4, 2))
    assert result == {"late_gifts": 2, "notifications": 4}
    finance = {n.recipient.username for n in Notification.objects.filter(url__endswith=f"/gifts/{late.pk}/")}
    assert finance == {"focal_so_tai_chinh", "head_so_tai_chinh"}
    justice = Notification.objects.filter(url__endswith=f"/gifts/{sold.pk}/")
    assert {n.recipient.username for n in justice} == {"focal_so_tu_phap", "head_so_tu_phap"}
    assert "chưa nộp ngân sách" in justice.first().title
    assert gift_reminders_run(today=dt.date(2026, 4, 3))["notifications"] == 0
    gift_hand_over(actor=SYSTEM, gift=late, handed_over_on=dt.date(2026, 4, 3), handed_over_to="Kế toán")
    assert gift_reminders_run(today=dt.date(2026, 4, 4))["late_gifts"] == 1


def test_rotation_digest_on_the_first_of_the_month(registry, make_position, people):  # noqa: F811
    rotation_post_create(
        actor=SYSTEM, body=registry["finance"], category="public_finance", role="accounting", period_years=2
    )
    make_position(registry["finance"], "Nguyễn Thị Hoa", "accounting", dt.date(2020, 1, 1))
    make_position(registry["finance"], "Trần Văn Nam", "accounting", dt.date(2024, 9, 1))
    make_position(registry["loose"], "Không thuộc cây", "accounting", dt.date(2010, 1, 1))
    assert rotation_reminders_run(today=dt.date(2026, 6, 2)) == {"bodies": 0, "notifications": 0}
    assert rotation_reminders_run(today=dt.date(2026, 6, 1)) == {"bodies": 1, "notifications": 1}
    note = Notification.objects.get()
    assert note.recipient.username == "head_so_tai_chinh"
    assert note.title == "Tháng 06/2026: 1 vị trí quá thời hạn chuyển đổi, 1 vị trí sắp đến hạn"
    assert rotation_reminders_run(today=dt.date(2026, 6, 1))["notifications"] == 0
    assert rotation_reminders_run(today=dt.date(2026, 7, 1))["notifications"] == 1


def test_only_the_system_or_the_inspectorate_runs_reminders(people):  # noqa: F811
    with pytest.raises(PermissionDenied):
        gift_reminders_run(actor=people["viewer"])
    with pytest.raises(PermissionDenied):
        rotation_reminders_run(actor=people["focal_finance"])


def test_the_daily_job_runs_both(org_tree, people):  # noqa: F811
    from liemchinh.integrity.gift_rotation_tasks import send_gift_rotation_reminders

    _gift(org_tree["finance"])
    result = send_gift_rotation_reminders.enqueue("2026-04-01")
    assert result.return_value["gifts"]["notifications"] == 2
    assert result.return_value["rotation"] == {"bodies": 0, "notifications": 0}
