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


_TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback"}


@pytest.fixture(autouse=True)
def _audit_log_flushable(request):
    """Tests that commit (transactional_db, live_server) end with a flush of every table; the
    audit log's append-only triggers would refuse it, so they are removed just before the flush.
    Tests of the triggers themselves reinstall them (migrations 0002 install_triggers)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(_TRANSACTIONAL_FIXTURES & set(request.fixturenames)) or bool(
        marker and marker.kwargs.get("transaction"))
    if not transactional:
        yield
        return
    request.getfixturevalue("_django_db_helper")  # set up first, so its flush comes after our teardown
    yield
    import importlib

    from django.db import connections

    triggers = importlib.import_module("liemchinh.core.migrations.0002_audit_append_only")
    for alias in connections:
        triggers.remove_triggers(connections[alias])
