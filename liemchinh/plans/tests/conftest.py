"""Fixtures of the plans tests: the small province of conftest.py, its people, a group of
departments, and a helper that builds an active plan with one task."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from liemchinh.core.models import OrgGroup, OrgKind
from liemchinh.core.permissions import SYSTEM
from liemchinh.core.roles import Role


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def people(org_tree, make_user):
    return {
        "officer": make_user(Role.INSPECTORATE_OFFICER, org_tree["province"], username="officer_tinh"),
        "focal_finance": make_user(Role.FOCAL_POINT, org_tree["finance"], username="focal_so_tai_chinh"),
        "head_finance": make_user(Role.UNIT_HEAD, org_tree["finance"], username="head_so_tai_chinh"),
        "focal_justice": make_user(Role.FOCAL_POINT, org_tree["justice"], username="focal_so_tu_phap"),
        "head_justice": make_user(Role.UNIT_HEAD, org_tree["justice"], username="head_so_tu_phap"),
        "focal_commune": make_user(Role.FOCAL_POINT, org_tree["commune"], username="focal_xa"),
    }


@pytest.fixture
def departments(org_tree):
    return OrgGroup.objects.create(code="SBN", name="Các sở, ban, ngành", phrases=["các sở, ban, ngành"],
                                   member_kinds=[OrgKind.DEPARTMENT])


@pytest.fixture
def make_plan(org_tree):
    """make_plan(tasks=[{...task_create kwargs}], issued_on=..., activate=True) → (plan, [tasks])."""
    from liemchinh.plans.services import plan_activate, plan_create, task_create

    def _make(tasks, *, issued_on: dt.date | None = None, activate: bool = True, year_from=None, year_to=None):
        plan = plan_create(actor=SYSTEM, title="Kế hoạch công tác phòng, chống tham nhũng", number="12/KH-UBND",
                           issuer=org_tree["province"], issued_on=issued_on, year_from=year_from, year_to=year_to)
        made = [task_create(actor=SYSTEM, plan=plan, **kwargs) for kwargs in tasks]
        if activate:
            plan = plan_activate(actor=SYSTEM, plan=plan)
        return plan, made

    return _make
