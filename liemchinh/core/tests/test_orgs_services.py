"""Services of the organisation tree: paths on create and move, cycles, closing with a successor,
groups; permissions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from liemchinh.core.errors import DomainError
from liemchinh.core.models import AuditEvent, Organization, OrgKind
from liemchinh.core.permissions import SYSTEM
from liemchinh.core.roles import Role
from liemchinh.core.selectors.orgs import group_members, org_history, org_subtree
from liemchinh.core.services.orgs import group_create, group_update, org_close, org_create, org_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(make_user, org_tree):
    return make_user(Role.SYSTEM_ADMIN, org_tree["inspectorate"])


def test_create_sets_path_and_depth_and_audits(admin, org_tree):
    finance = org_tree["finance"]
    unit = org_create(actor=admin, code="T-STC-01", name="Trung tâm Dịch vụ tài chính", kind="public_service_unit",
                      parent=finance, aliases=["TT DVTC", " TT DVTC "], managed_sectors="K64; K65")

    assert unit.path == f"{finance.path}{unit.pk}/"
    assert unit.depth == finance.depth + 1
    assert unit.aliases == ["TT DVTC"]
    assert unit.managed_sectors == ["K64", "K65"]
    event = AuditEvent.objects.get(action="org.create", object_id=str(unit.pk))
    assert event.changes["code"] == "T-STC-01"


def test_create_accepts_the_vietnamese_label_of_a_kind(admin):
    org = org_create(actor=SYSTEM, code="R", name="Ủy ban nhân dân tỉnh Thử", kind="UBND tỉnh")
    assert org.kind == OrgKind.PEOPLES_COMMITTEE_PROVINCE
    assert org.path == f"/{org.pk}/" and org.depth == 0


def test_create_refuses_duplicate_code_missing_name_and_bad_kind(admin, org_tree):
    with pytest.raises(DomainError) as exc:
        org_create(actor=admin, code="T-STC", name="Trùng", kind="department")
    assert exc.value.field == "code"
    with pytest.raises(DomainError) as exc:
        org_create(actor=admin, code="NEW", name="  ", kind="department")
    assert exc.value.field == "name"
    with pytest.raises(DomainError) as exc:
        org_create(actor=admin, code="NEW", name="Tên", kind="không biết")
    assert exc.value.field == "kind"


def test_focal_point_and_officer_may_not_manage_bodies(make_user, org_tree):
    focal = make_user(Role.FOCAL_POINT, org_tree["finance"])
    officer = make_user(Role.INSPECTORATE_OFFICER, org_tree["province"])
    for actor in (focal, officer):
        with pytest.raises(PermissionDenied):
            org_create(actor=actor, code="X", name="X", kind="department", parent=org_tree["finance"])
        with pytest.raises(PermissionDenied):
            org_update(actor=actor, org=org_tree["finance"], name="Khác")
    assert not Organization.objects.filter(code="X").exists()


def test_move_rewrites_the_whole_subtree(admin, org_tree):
    finance, justice = org_tree["finance"], org_tree["justice"]
    child = org_create(actor=admin, code="C1", name="Phòng 1", kind="other", parent=finance)
    grandchild = org_create(actor=admin, code="C2", name="Tổ 1", kind="other", parent=child)

    org_update(actor=admin, org=child, parent=justice)

    child.refresh_from_db()
    grandchild.refresh_from_db()
    assert child.parent == justice
    assert child.path == f"{justice.path}{child.pk}/" and child.depth == justice.depth + 1
    assert grandchild.path == f"{child.path}{grandchild.pk}/" and grandchild.depth == child.depth + 1
    assert set(org_subtree(justice)) == {justice, child, grandchild}
    assert set(org_subtree(finance)) == {finance}

    org_update(actor=admin, org=child, parent=None)
    grandchild.refresh_from_db()
    assert grandchild.path == f"/{child.pk}/{grandchild.pk}/" and grandchild.depth == 1


def test_move_under_own_descendant_is_refused(admin, org_tree):
    province, finance = org_tree["province"], org_tree["finance"]
    child = org_create(actor=admin, code="C1", name="Phòng 1", kind="other", parent=finance)
    for target in (child, finance):
        with pytest.raises(DomainError) as exc:
            org_update(actor=admin, org=finance, parent=target)
        assert exc.value.field == "parent"
    with pytest.raises(DomainError):
        org_update(actor=admin, org=province, parent=child)
    finance.refresh_from_db()
    assert finance.parent == province


def test_close_with_successor_keeps_history_and_moves_children(admin, org_tree):
    finance, justice = org_tree["finance"], org_tree["justice"]
    unit = org_create(actor=admin, code="C1", name="Phòng 1", kind="other", parent=justice)
    closed_unit = org_create(actor=admin, code="C0", name="Phòng cũ", kind="other", parent=justice,
                             valid_to=dt.date(2020, 1, 1))

    org_close(actor=admin, org=justice, valid_to=dt.date(2025, 6, 30), successor=finance,
              reason="Sáp nhập", move_children=True)

    justice.refresh_from_db()
    unit.refresh_from_db()
    closed_unit.refresh_from_db()
    assert justice.valid_to == dt.date(2025, 6, 30) and justice.successor == finance
    assert unit.parent == finance and unit.path.startswith(finance.path)
    assert closed_unit.parent == justice  # already closed bodies stay where they were
    assert org_history(finance).predecessors == [justice]
    assert org_history(justice).successors == [finance]
    event = AuditEvent.objects.get(action="org.close")
    assert event.reason == "Sáp nhập" and event.changes["moved_children"] == ["C1"]


def test_history_follows_chains_of_mergers(admin, org_tree):
    a = org_create(actor=admin, code="A", name="A", kind="department", parent=org_tree["province"])
    b = org_create(actor=admin, code="B", name="B", kind="department", parent=org_tree["province"])
    c = org_create(actor=admin, code="C", name="C", kind="department", parent=org_tree["province"])
    org_close(actor=admin, org=a, valid_to=dt.date(2024, 1, 1), successor=b)
    org_close(actor=admin, org=b, valid_to=dt.date(2025, 1, 1), successor=c)

    assert org_history(a).successors == [b, c]
    assert {o.code for o in org_history(c).predecessors} == {"A", "B"}
    with pytest.raises(DomainError):
        org_close(actor=admin, org=c, valid_to=dt.date(2026, 1, 1), successor=a)


def test_close_refuses_date_before_start_and_self_successor(admin, org_tree):
    org = org_create(actor=admin, code="N", name="N", kind="department", valid_from=dt.date(2025, 7, 1))
    with pytest.raises(DomainError) as exc:
        org_close(actor=admin, org=org, valid_to=dt.date(2025, 1, 1))
    assert exc.value.field == "valid_to"
    with pytest.raises(DomainError) as exc:
        org_close(actor=admin, org=org, valid_to=dt.date(2026, 1, 1), successor=org)
    assert exc.value.field == "successor"


def test_groups_have_explicit_members_and_kinds(make_user, org_tree):
    officer = make_user(Role.INSPECTORATE_OFFICER, org_tree["province"])
    group = group_create(actor=officer, code="SBN", name="Các sở, ban, ngành",
                         phrases=["các sở, ban, ngành", "các sở, ngành"], member_kinds=["Sở, ban, ngành"],
                         members=["T-TTR"])
    assert group.member_kinds == ["department"]
    assert set(group_members(group)) == {org_tree["finance"], org_tree["justice"], org_tree["inspectorate"]}

    org_close(actor=SYSTEM, org=org_tree["justice"], valid_to=dt.date(2020, 1, 1))
    assert org_tree["justice"] not in set(group_members(group))
    assert org_tree["justice"] in set(group_members(group, on=dt.date(2019, 6, 1)))

    group = group_update(actor=officer, group=group, members=[], member_kinds=["peoples_committee_commune"])
    assert set(group_members(group)) == {org_tree["commune"]}
    assert AuditEvent.objects.filter(action="group.update").count() == 1


def test_group_manage_is_refused_to_focal_points(make_user, org_tree):
    focal = make_user(Role.FOCAL_POINT, org_tree["finance"])
    with pytest.raises(PermissionDenied):
        group_create(actor=focal, code="G", name="G")
    with pytest.raises(DomainError):
        group_create(actor=SYSTEM, code="G", name="G", member_kinds=["không có"])
