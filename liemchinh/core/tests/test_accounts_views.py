"""Pages of people and roles: who may open them, scoping, and that they write through the services."""

from __future__ import annotations

import pytest
from django.urls import reverse

from liemchinh.core.models import AuditEvent, RoleAssignment, User
from liemchinh.core.roles import Role


@pytest.fixture
def admin(make_user, org_tree):
    return make_user(Role.SYSTEM_ADMIN, org_tree["inspectorate"], username="quantri")


@pytest.mark.parametrize("role", [Role.FOCAL_POINT, Role.UNIT_HEAD, Role.APPRAISER, Role.VIEWER])
def test_pages_are_forbidden_to_non_admins(client, make_user, org_tree, role):
    actor = make_user(role, org_tree["finance"], organization=org_tree["finance"])
    target = make_user(Role.VIEWER, org_tree["finance"], organization=org_tree["finance"])
    client.force_login(actor)
    assert client.get(reverse("core:user_list")).status_code == 403
    assert client.get(reverse("core:user_detail", args=[target.pk])).status_code == 403
    assert client.get(reverse("core:user_create")).status_code == 403
    assert client.post(reverse("core:user_deactivate", args=[target.pk])).status_code == 403
    assert client.post(reverse("core:role_assign", args=[target.pk]),
                       {"role": "system_admin", "organization": org_tree["finance"].pk}).status_code == 403
    target.refresh_from_db()
    assert target.is_active
    assert not RoleAssignment.objects.filter(role="system_admin").exists()


def test_officer_may_view_but_not_manage(client, make_user, org_tree):
    officer = make_user(Role.INSPECTORATE_OFFICER, org_tree["province"], organization=org_tree["inspectorate"])
    target = make_user(Role.FOCAL_POINT, org_tree["finance"], organization=org_tree["finance"])
    client.force_login(officer)
    assert client.get(reverse("core:user_list")).status_code == 200
    assert client.get(reverse("core:user_detail", args=[target.pk])).status_code == 200
    assert client.get(reverse("core:user_edit", args=[target.pk])).status_code == 403
    assert client.post(reverse("core:user_create"), {"username": "x", "full_name": "X"}).status_code == 403


def test_list_is_scoped_searched_and_filtered(client, make_user, org_tree):
    officer = make_user(Role.INSPECTORATE_OFFICER, org_tree["finance"], organization=org_tree["finance"])
    inside = make_user(Role.FOCAL_POINT, org_tree["finance"], organization=org_tree["finance"],
                       username="trong_stc", full_name="Phạm Thị Hồng")
    outside = make_user(Role.FOCAL_POINT, org_tree["justice"], organization=org_tree["justice"],
                        username="ngoai_stp", full_name="Đỗ Văn Hùng")
    client.force_login(officer)
    body = client.get(reverse("core:user_list")).content.decode()
    assert inside.username in body and outside.username not in body
    assert client.get(reverse("core:user_detail", args=[outside.pk])).status_code == 404
    found = client.get(reverse("core:user_list"), {"q": "pham thi hong"}).content.decode()
    assert inside.username in found and officer.username not in found
    by_role = client.get(reverse("core:user_list"), {"role": Role.INSPECTORATE_OFFICER}).content.decode()
    assert officer.username in by_role and inside.username not in by_role


def test_admin_creates_edits_assigns_and_deactivates(client, admin, org_tree):
    client.force_login(admin)
    response = client.post(reverse("core:user_create"), {
        "username": "focal_stp", "full_name": "Vũ Thị Lan", "email": "lan@stp.gov.vn",
        "organization": org_tree["justice"].pk, "job_title": "Chuyên viên", "phone": "", "password": ""})
    assert response.status_code == 302
    person = User.objects.get(username="focal_stp")
    detail = client.get(response.url)
    assert "Vũ Thị Lan" in detail.content.decode() and "Phân quyền" in detail.content.decode()

    client.post(reverse("core:user_edit", args=[person.pk]), {
        "full_name": "Vũ Thị Lan Anh", "email": "lan@stp.gov.vn", "organization": org_tree["justice"].pk,
        "job_title": "Phó phòng", "phone": "0901234567"})
    person.refresh_from_db()
    assert person.full_name == "Vũ Thị Lan Anh" and person.job_title == "Phó phòng"

    client.post(reverse("core:role_assign", args=[person.pk]),
                {"role": Role.FOCAL_POINT, "organization": org_tree["justice"].pk})
    assignment = RoleAssignment.objects.get(user=person)
    assert assignment.role == Role.FOCAL_POINT and assignment.organization == org_tree["justice"]
    client.post(reverse("core:role_revoke", args=[person.pk, assignment.pk]))
    assert not RoleAssignment.objects.filter(user=person).exists()

    client.post(reverse("core:user_deactivate", args=[person.pk]), {"reason": "Nghỉ việc"})
    person.refresh_from_db()
    assert not person.is_active
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"user.create", "user.update", "role.assign", "role.revoke", "user.deactivate"} <= actions


def test_create_shows_domain_errors_on_the_form(client, admin):
    client.force_login(admin)
    response = client.post(reverse("core:user_create"), {"username": "a", "full_name": "A", "password": "123"})
    assert response.status_code == 200
    assert not User.objects.filter(username="a").exists()
    assert "errorlist" in response.content.decode()


def test_own_detail_links_to_two_factor_and_password(client, admin):
    client.force_login(admin)
    body = client.get(reverse("core:user_detail", args=[admin.pk])).content.decode()
    assert reverse("core:otp_manage") in body and reverse("core:password_change") in body
