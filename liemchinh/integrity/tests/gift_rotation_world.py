"""Fixtures of the gift and rotation tests: the small province of conftest.py with its people, and
a registry with positions in posts that must rotate."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from liemchinh.core.roles import Role
from liemchinh.core.text import fold
from liemchinh.integrity.models import Body, ImportRun, Official, Position

_seq = itertools.count(1)


@pytest.fixture
def people(org_tree, make_user):
    return {
        "officer": make_user(Role.INSPECTORATE_OFFICER, org_tree["province"], username="officer_tinh"),
        "viewer": make_user(Role.VIEWER, org_tree["province"], username="viewer_tinh"),
        "focal_finance": make_user(Role.FOCAL_POINT, org_tree["finance"], username="focal_so_tai_chinh"),
        "head_finance": make_user(Role.UNIT_HEAD, org_tree["finance"], username="head_so_tai_chinh"),
        "focal_justice": make_user(Role.FOCAL_POINT, org_tree["justice"], username="focal_so_tu_phap"),
        "head_justice": make_user(Role.UNIT_HEAD, org_tree["justice"], username="head_so_tu_phap"),
    }


@pytest.fixture
def registry(org_tree):
    """Registry bodies linked to the finance and justice departments, and one outside the tree."""
    run = ImportRun.objects.create(status=ImportRun.Status.DONE)

    def body(code, name, org):
        return Body.objects.create(
            org_code=code,
            name=name,
            organization=org,
            import_run=run,
            source_file="organizations.csv",
            source_row=next(_seq),
            row_hash=code,
        )

    return {
        "run": run,
        "finance": body("STC", "Sở Tài chính", org_tree["finance"]),
        "justice": body("STP", "Sở Tư pháp", org_tree["justice"]),
        "loose": body("BQL", "Ban quản lý dự án (ngoài cây)", None),
    }


@pytest.fixture
def make_position(registry):
    """make_position(body, name, role, start, title="", end=None) → Position (with a new official)."""

    def _make(
        body,
        name: str,
        role: str,
        start: dt.date,
        *,
        title: str = "",
        end: dt.date | None = None,
        official: Official | None = None,
    ) -> Position:
        n = next(_seq)
        if official is None:
            official = Official.objects.create(
                official_id=f"CB{n:04d}",
                full_name=name,
                name_folded=fold(name),
                record_key=f"officials:CB{n:04d}",
                import_run=registry["run"],
                source_file="officials.csv",
                source_row=n,
                row_hash=f"o{n}",
            )
        return Position.objects.create(
            natural_key=f"p{n}",
            official=official,
            body=body,
            title=title,
            role=role,
            start_date=start,
            end_date=end,
            import_run=registry["run"],
            source_file="positions.csv",
            source_row=n,
            row_hash=f"p{n}",
        )

    return _make
