"""Services of people and roles: permissions, validation, audit records."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from liemchinh.core.errors import DomainError
from liemchinh.core.models import AuditEvent, RoleAssignment, RoleTwoFactorRequirement, User
from liemchinh.core.permissions import SYSTEM, has_perm
from liemchinh.core.roles import Role
from liemchinh.core.services import accounts as services

PASSWORD = "mot-mat-khau-dai-2026"


@pytest.fixture
def admin(make_user, org_tree):
    return make_user(Role.SYSTEM_ADMIN, org_tree["inspectorate"], username="quantri")


def test_user_create_by_system_and_audit(org_tree):
    user = services.user_create(actor=SYSTEM, username="focal_stc", password=PASSWORD, full_name="Trần Thị Bình",
                                email="binh@stc.gov.vn", organization=org_tree["finance"], job_title="Chuyên viên")
    assert user.check_password(PASSWORD)
    assert user.organization == org_tree["finance"]
    event = AuditEvent.objects.get(action="user.create", object_id=str(user.pk))
    assert event.actor_label == "system"
    assert event.organization_id == org_tree["finance"].pk
    assert event.changes["username"] == "focal_stc"
    assert PASSWORD not in str(event.changes)


def test_user_create_without_password_is_unusable(admin, org_tree):
    user = services.user_create(actor=admin, username="moi", full_name="Lê Văn Mới", organization=org_tree["justice"])
    assert not user.has_usable_password()


def test_user_create_refuses_weak_password_and_duplicate_username(admin, org_tree):
    with pytest.raises(DomainError) as weak:
        services.user_create(actor=admin, username="yeu", password="123", full_name="Yếu")
    assert weak.value.field == "password"
    services.user_create(actor=admin, username="trung", full_name="Trùng Tên")
    with pytest.raises(DomainError) as dup:
        services.user_create(actor=admin, username="TRUNG", full_name="Trùng Tên 2")
    assert dup.value.field == "username"
    assert User.objects.filter(username__iexact="trung").count() == 1


@pytest.mark.parametrize("role", [Role.INSPECTORATE_OFFICER, Role.FOCAL_POINT, Role.UNIT_HEAD])
def test_non_admins_cannot_manage_people(make_user, org_tree, role):
    actor = make_user(role, org_tree["finance"])
    target = make_user(Role.VIEWER, org_tree["finance"])
    with pytest.raises(PermissionDenied):
        services.user_create(actor=actor, username="x", full_name="X", organization=org_tree["finance"])
    with pytest.raises(PermissionDenied):
        services.user_update(actor=actor, user=target, full_name="Đổi")
    with pytest.raises(PermissionDenied):
        services.user_deactivate(actor=actor, user=target)
    with pytest.raises(PermissionDenied):
        services.role_assign(actor=actor, user=target, role=Role.SYSTEM_ADMIN, organization=org_tree["finance"])
    with pytest.raises(PermissionDenied):
        services.twofactor_policy_set(actor=actor, role=Role.VIEWER, required=True)
    assert not RoleAssignment.objects.filter(user=target, role=Role.SYSTEM_ADMIN).exists()


def test_user_update_records_the_diff(admin, make_user, org_tree):
    target = make_user(Role.VIEWER, org_tree["finance"], full_name="Cũ")
    services.user_update(actor=admin, user=target, full_name="Mới", organization=org_tree["justice"])
    target.refresh_from_db()
    assert target.full_name == "Mới" and target.organization == org_tree["justice"]
    event = AuditEvent.objects.get(action="user.update")
    assert event.changes["full_name"] == ["Cũ", "Mới"]
    with pytest.raises(DomainError):
        services.user_update(actor=admin, user=target, is_superuser=True)


def test_user_deactivate_revokes_token_and_refuses_self(admin, make_user, org_tree):
    from rest_framework.authtoken.models import Token

    target = make_user(Role.FOCAL_POINT, org_tree["finance"])
    Token.objects.create(user=target)
    services.user_deactivate(actor=admin, user=target, reason="Nghỉ hưu")
    target.refresh_from_db()
    assert not target.is_active
    assert not Token.objects.filter(user=target).exists()
    assert AuditEvent.objects.get(action="user.deactivate").reason == "Nghỉ hưu"
    with pytest.raises(DomainError):
        services.user_deactivate(actor=admin, user=admin)
    services.user_reactivate(actor=admin, user=target)
    target.refresh_from_db()
    assert target.is_active


def test_role_assign_is_idempotent_audited_and_refreshes_permissions(admin, make_user, org_tree):
    target = make_user(None, None, organization=org_tree["finance"])
    assert not has_perm(target, "core.org.view")  # fills the roles cache
    first = services.role_assign(actor=admin, user=target, role=Role.FOCAL_POINT, organization=org_tree["finance"])
    again = services.role_assign(actor=admin, user=target, role="focal_point", organization=org_tree["finance"])
    assert first.pk == again.pk
    assert first.granted_by == admin
    assert AuditEvent.objects.filter(action="role.assign").count() == 1
    assert has_perm(target, "core.org.view", org_tree["finance"])
    services.role_revoke(actor=admin, assignment=first, reason="Chuyển công tác")
    assert not RoleAssignment.objects.filter(pk=first.pk).exists()
    assert AuditEvent.objects.get(action="role.revoke").reason == "Chuyển công tác"
    assert not has_perm(target, "core.org.view", org_tree["finance"])


def test_role_assign_rejects_unknown_role(admin, make_user, org_tree):
    target = make_user(None, None)
    with pytest.raises(DomainError):
        services.role_assign(actor=admin, user=target, role="emperor", organization=org_tree["finance"])


def test_last_system_admin_cannot_be_revoked(admin):
    assignment = admin.role_assignments.get()
    with pytest.raises(DomainError):
        services.role_revoke(actor=admin, assignment=assignment)
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_twofactor_policy_set_audits_changes_only(admin):
    services.twofactor_policy_set(actor=admin, role=Role.INSPECTORATE_OFFICER, required=True)
    services.twofactor_policy_set(actor=admin, role=Role.INSPECTORATE_OFFICER, required=True)
    assert RoleTwoFactorRequirement.objects.get(role=Role.INSPECTORATE_OFFICER).required
    services.twofactor_policy_set(actor=admin, role=Role.INSPECTORATE_OFFICER, required=False)
    events = list(AuditEvent.objects.filter(action="auth.2fa.policy").order_by("id"))
    assert [e.changes["required"] for e in events] == [[False, True], [True, False]]


def test_system_actor_assigns_roles_for_the_demo_loader(org_tree):
    user = services.user_create(actor=SYSTEM, username="officer_tinh", full_name="Cán bộ Thanh tra",
                                organization=org_tree["inspectorate"])
    assignment = services.role_assign(actor=SYSTEM, user=user, role=Role.INSPECTORATE_OFFICER,
                                      organization=org_tree["province"])
    assert assignment.granted_by is None
    assert has_perm(user, "core.user.view", org_tree["commune"])
    assert AuditEvent.objects.get(action="role.assign").actor_label == "system"
