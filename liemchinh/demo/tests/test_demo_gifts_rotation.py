"""The demo's gift register and rotation data: built through the services, idempotent."""

from __future__ import annotations

import io

import pytest

from liemchinh.demo import load_demo
from liemchinh.demo.gifts_rotation import load_demo_gifts_rotation
from liemchinh.integrity.models import GiftReport, GiftStatus, RotationExemption, RotationPlan, RotationPost

pytestmark = pytest.mark.django_db


def test_demo_gifts_and_rotation_are_built_once():
    load_demo(stdout=io.StringIO())
    load_demo_gifts_rotation(stdout=io.StringIO())
    statuses = sorted(GiftReport.objects.values_list("status", flat=True))
    assert statuses == sorted(
        [GiftStatus.HANDLED, GiftStatus.SOLD, GiftStatus.HANDLED, GiftStatus.REPORTED, GiftStatus.HANDED_OVER]
    )
    assert GiftReport.objects.filter(organization__code="T-STC").count() == 4
    assert RotationPost.objects.count() >= 8 and RotationExemption.objects.count() == 1
    plan = RotationPlan.objects.get(body__org_code="T-STC")
    assert plan.positions.exists()
    counts = (GiftReport.objects.count(), RotationPost.objects.count(), RotationPlan.objects.count())
    assert load_demo_gifts_rotation(stdout=io.StringIO()) == {
        "gifts": 0,
        "posts": 0,
        "exemptions": 0,
        "plans": 0,
    }
    assert (GiftReport.objects.count(), RotationPost.objects.count(), RotationPlan.objects.count()) == counts
