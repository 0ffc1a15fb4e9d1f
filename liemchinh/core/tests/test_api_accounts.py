"""API of people and roles, and the token endpoint."""

from __future__ import annotations

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from liemchinh.core.models import AuditEvent, RoleAssignment, User
from liemchinh.core.roles import Role

PASSWORD = "mat-khau-thu-nghiem-1"
TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def admin(make_user, org_tree):
    return make_user(Role.SYSTEM_ADMIN, org_tree["inspectorate"], username="quantri",
                     organization=org_tree["inspectorate"])


def test_token_flow(api, admin):
    response = api.post(TOKEN_URL, {"username": "quantri", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    listing = api.get("/api/v1/users/")
    assert listing.status_code == 200
    assert [u["username"] for u in listing.json()["results"]] == ["quantri"]
    bad = APIClient().post(TOKEN_URL, {"username": "quantri", "password": "sai"}, format="json")
    assert bad.status_code in (401, 403)


def test_token_respects_lockout(api, admin, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    for _i in range(2):
        api.post(TOKEN_URL, {"username": "quantri", "password": "sai"}, format="json")
    response = api.post(TOKEN_URL, {"username": "quantri", "password": PASSWORD}, format="json")
    assert response.status_code == 403
    assert "tạm khóa" in response.json()["detail"]
    assert AuditEvent.objects.filter(action="auth.lockout").exists()


def test_token_asks_for_the_second_factor(api, admin):
    device = TOTPDevice.objects.create(user=admin, name="app", confirmed=True)
    assert api.post(TOKEN_URL, {"username": "quantri", "password": PASSWORD}, format="json").status_code in (401, 403)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    response = api.post(TOKEN_URL, {"username": "quantri", "password": PASSWORD, "otp": code}, format="json")
    assert response.status_code == 200 and response.json()["token"]


@pytest.mark.parametrize("role", [Role.FOCAL_POINT, Role.VIEWER, Role.APPRAISER])
def test_api_is_forbidden_to_non_admins(api, make_user, org_tree, role):
    actor = make_user(role, org_tree["finance"], organization=org_tree["finance"])
    api.force_authenticate(actor)
    assert api.get("/api/v1/users/").status_code == 403
    assert api.get("/api/v1/role-assignments/").status_code == 403
    assert api.post("/api/v1/users/", {"username": "x", "full_name": "X"}, format="json").status_code == 403
    assert api.post("/api/v1/role-assignments/", {"user": actor.pk, "role": "system_admin",
                                                  "organization": org_tree["finance"].pk},
                    format="json").status_code == 403
    assert not RoleAssignment.objects.filter(role="system_admin").exists()


def test_officer_reads_but_cannot_write(api, make_user, org_tree):
    officer = make_user(Role.INSPECTORATE_OFFICER, org_tree["province"], organization=org_tree["inspectorate"])
    api.force_authenticate(officer)
    assert api.get("/api/v1/users/").status_code == 200
    assert api.patch(f"/api/v1/users/{officer.pk}/", {"full_name": "Khác"}, format="json").status_code == 403


def test_admin_creates_updates_and_assigns_through_services(api, admin, org_tree):
    api.force_authenticate(admin)
    created = api.post("/api/v1/users/", {"username": "focal_stc", "full_name": "Ngô Thị Mai",
                                          "organization": org_tree["finance"].pk}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert AuditEvent.objects.filter(action="user.create", object_id=str(pk)).exists()
    updated = api.patch(f"/api/v1/users/{pk}/", {"job_title": "Chuyên viên"}, format="json")
    assert updated.status_code == 200 and updated.json()["job_title"] == "Chuyên viên"

    assigned = api.post("/api/v1/role-assignments/", {"user": pk, "role": "focal_point",
                                                      "organization": org_tree["finance"].pk}, format="json")
    assert assigned.status_code == 201
    listing = api.get("/api/v1/role-assignments/", {"user": pk}).json()["results"]
    assert [(a["role"], a["organization_code"]) for a in listing] == [("focal_point", "T-STC")]
    assert api.get(f"/api/v1/users/{pk}/").json()["roles"][0]["role"] == "focal_point"
    assert api.delete(f"/api/v1/role-assignments/{assigned.json()['id']}/").status_code == 204
    assert not RoleAssignment.objects.filter(user_id=pk).exists()
    duplicate = api.post("/api/v1/users/", {"username": "FOCAL_STC", "full_name": "X"}, format="json")
    assert duplicate.status_code == 400 and duplicate.json()["field"] == "username"
    assert User.objects.filter(username__iexact="focal_stc").count() == 1


def test_schema_lists_the_accounts_endpoints(client, admin):
    client.force_login(admin)
    schema = client.get("/api/schema/").content.decode()
    assert "/api/v1/users/" in schema and "/api/v1/role-assignments/" in schema and TOKEN_URL in schema
