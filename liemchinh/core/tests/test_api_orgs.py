"""REST API of organisations and groups: scoped list and search, admin writes through services,
403 for those who may not manage."""

from __future__ import annotations

import datetime as dt

import pytest

from liemchinh.core.models import Organization
from liemchinh.core.permissions import SYSTEM
from liemchinh.core.roles import Role
from liemchinh.core.services.orgs import group_create, org_close

pytestmark = pytest.mark.django_db

URL = "/api/v1/organizations/"


def login(client, make_user, role, org):
    client.force_login(make_user(role, org))
    return client


def codes(response) -> list[str]:
    return [row["code"] for row in response.json()["results"]]


def test_list_search_and_filters(client, make_user, org_tree):
    api = login(client, make_user, Role.INSPECTORATE_OFFICER, org_tree["province"])
    assert set(codes(api.get(URL))) == {"T-UBND", "T-TTR", "T-STC", "T-STP", "X-001"}
    assert codes(api.get(URL, {"q": "so tai chinh"})) == ["T-STC"]
    assert codes(api.get(URL, {"q": "Sở TC"})) == ["T-STC"]
    assert set(codes(api.get(URL, {"kind": "department"}))) == {"T-STC", "T-STP"}
    assert set(codes(api.get(URL, {"parent": org_tree["province"].pk}))) == {"T-TTR", "T-STC", "T-STP", "X-001"}
    org_close(actor=SYSTEM, org=org_tree["justice"], valid_to=dt.date(2020, 1, 1))
    assert "T-STP" not in codes(api.get(URL))
    assert "T-STP" in codes(api.get(URL, {"closed": "1"}))
    detail = api.get(f"{URL}{org_tree['finance'].pk}/").json()
    assert detail["parent_code"] == "T-UBND" and detail["aliases"] == ["Sở TC"] and detail["kind_label"]


def test_focal_point_sees_own_body_and_may_not_write(client, make_user, org_tree):
    api = login(client, make_user, Role.FOCAL_POINT, org_tree["finance"])
    assert codes(api.get(URL)) == ["T-STC"]
    assert api.get(f"{URL}{org_tree['justice'].pk}/").status_code == 404
    response = api.post(URL, {"code": "N", "name": "Mới", "kind": "department"}, content_type="application/json")
    assert response.status_code == 403
    response = api.patch(f"{URL}{org_tree['finance'].pk}/", {"name": "Đổi"}, content_type="application/json")
    assert response.status_code == 403
    response = api.post(f"{URL}{org_tree['finance'].pk}/close/", {"valid_to": "2026-01-01"},
                        content_type="application/json")
    assert response.status_code == 403
    assert not Organization.objects.filter(code="N").exists()
    assert Organization.objects.get(code="T-STC").valid_to is None


def test_admin_creates_moves_and_closes(client, make_user, org_tree):
    api = login(client, make_user, Role.SYSTEM_ADMIN, org_tree["inspectorate"])
    response = api.post(URL, {"code": "T-SXD", "name": "Sở Xây dựng", "kind": "department",
                              "parent": org_tree["province"].pk, "aliases": ["SXD"]}, content_type="application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["path"] == f"{org_tree['province'].path}{created['id']}/"

    response = api.patch(f"{URL}{created['id']}/", {"parent": org_tree["finance"].pk}, content_type="application/json")
    assert response.status_code == 200 and response.json()["depth"] == 2

    response = api.patch(f"{URL}{org_tree['province'].pk}/", {"parent": created["id"]},
                         content_type="application/json")
    assert response.status_code == 400 and response.json()["field"] == "parent"

    response = api.post(URL, {"code": "T-SXD", "name": "Trùng", "kind": "department"},
                        content_type="application/json")
    assert response.status_code == 400 and response.json()["field"] == "code"

    response = api.post(f"{URL}{created['id']}/close/", {"valid_to": "2026-06-30", "successor": org_tree["justice"].pk},
                        content_type="application/json")
    assert response.status_code == 200 and response.json()["successor_code"] == "T-STP"


def test_groups_and_members(client, make_user, org_tree):
    group = group_create(actor=SYSTEM, code="SBN", name="Các sở, ban, ngành", phrases=["các sở, ngành"],
                         member_kinds=["department"])
    api = login(client, make_user, Role.INSPECTORATE_OFFICER, org_tree["province"])
    rows = api.get("/api/v1/groups/").json()["results"]
    assert [row["code"] for row in rows] == ["SBN"]
    assert api.get(f"/api/v1/groups/{group.pk}/").json()["phrases"] == ["các sở, ngành"]
    members = api.get(f"/api/v1/groups/{group.pk}/members/").json()["results"]
    assert {row["code"] for row in members} == {"T-STC", "T-STP"}
    org_close(actor=SYSTEM, org=org_tree["justice"], valid_to=dt.date(2020, 1, 1))
    members = api.get(f"/api/v1/groups/{group.pk}/members/").json()["results"]
    assert {row["code"] for row in members} == {"T-STC"}
    members = api.get(f"/api/v1/groups/{group.pk}/members/", {"on": "2019-05-01"}).json()["results"]
    assert {row["code"] for row in members} == {"T-STC", "T-STP"}


def test_anonymous_is_refused(client):
    assert client.get(URL).status_code in {401, 403}
