"""Fixtures shared by every test: a small province tree and a way to make a user with a role."""

from __future__ import annotations

import pytest

from liemchinh.core.models import OrgKind
from liemchinh.core.roles import Role


@pytest.fixture
def org_tree(db):
    """Province → {inspectorate, two departments, a commune}. Returns a dict of bodies by key."""
    from liemchinh.core.tests.factories import OrganizationFactory

    province = OrganizationFactory(code="T-UBND", name="Ủy ban nhân dân tỉnh", short_name="UBND tỉnh",
                                   kind=OrgKind.PEOPLES_COMMITTEE_PROVINCE)
    return {
        "province": province,
        "inspectorate": OrganizationFactory(code="T-TTR", name="Thanh tra tỉnh", kind=OrgKind.INSPECTORATE,
                                            parent=province),
        "finance": OrganizationFactory(code="T-STC", name="Sở Tài chính", short_name="STC",
                                       aliases=["Sở TC"], kind=OrgKind.DEPARTMENT, parent=province),
        "justice": OrganizationFactory(code="T-STP", name="Sở Tư pháp", kind=OrgKind.DEPARTMENT, parent=province),
        "commune": OrganizationFactory(code="X-001", name="Ủy ban nhân dân xã Tân Thành",
                                       kind=OrgKind.PEOPLES_COMMITTEE_COMMUNE, parent=province),
    }


@pytest.fixture
def make_user(db):
    """make_user(Role.FOCAL_POINT, org) → a user holding that role on that body."""
    from liemchinh.core.tests.factories import RoleAssignmentFactory, UserFactory

    def _make(role: Role | str | None = None, org=None, **fields):
        user = UserFactory(**fields)
        if role is not None:
            RoleAssignmentFactory(user=user, role=str(role), organization=org)
        return user

    return _make
