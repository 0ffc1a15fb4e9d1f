"""The demo province: built through the services, idempotent, one working sign-in per role."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from liemchinh.core.models import Organization, OrgGroup, OrgKind, RoleAssignment, User
from liemchinh.core.permissions import has_perm
from liemchinh.core.roles import Role
from liemchinh.core.selectors.orgs import group_members, org_resolve_name
from liemchinh.demo import DEMO_PASSWORD, DEMO_USERS, DOCUMENTS_FILE, SEEDS_DIR, load_demo
from liemchinh.documents.models import Document

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return load_demo()


def test_load_twice_changes_nothing(demo):
    audit_before = _audit_count()
    again = load_demo()
    assert again == demo
    assert demo.organizations == 76
    assert demo.groups == 5
    assert demo.users == len(DEMO_USERS)
    assert demo.documents == 5
    # The second run imported the same file again (one "org.import" event) and wrote nothing else.
    assert _audit_count() - audit_before == 1


def _audit_count() -> int:
    from liemchinh.core.models import AuditEvent

    return AuditEvent.objects.count()


def test_province_tree_has_no_districts_after_the_reform(demo):
    root = Organization.objects.get(code="T-UBND")
    assert root.kind == OrgKind.PEOPLES_COMMITTEE_PROVINCE
    assert root.parent_id is None
    active = Organization.objects.exclude(valid_to__lt=dt.date(2025, 7, 1))
    assert active.filter(kind=OrgKind.PEOPLES_COMMITTEE_COMMUNE).count() == 40
    assert all(org.path.startswith(root.path) for org in Organization.objects.all())
    hospital = Organization.objects.get(code="T-BVDK")
    assert hospital.parent.code == "T-SYT"
    assert hospital.depth == 2


def test_closed_bodies_name_their_successors(demo):
    district = Organization.objects.get(code="H-TPTN")
    assert district.valid_to == dt.date(2025, 6, 30)
    assert district.successor.code == "P-TANNINH"
    planning = Organization.objects.get(code="T-SKHDT")
    assert planning.name == "Sở Kế hoạch và Đầu tư"
    assert planning.valid_to == dt.date(2025, 2, 28)
    assert planning.successor.code == "T-STC"
    assert Organization.objects.get(code="T-STNMT").successor.code == "T-SNNMT"


def test_names_documents_use_resolve_to_demo_bodies_and_groups(demo):
    assert org_resolve_name("UBND tỉnh") == Organization.objects.get(code="T-UBND")
    assert org_resolve_name("Sở TC") == Organization.objects.get(code="T-STC")
    assert org_resolve_name("các sở, ban, ngành tỉnh") == OrgGroup.objects.get(code="SO-BAN-NGANH")
    assert org_resolve_name("UBND cấp xã") == OrgGroup.objects.get(code="UBND-XA-PHUONG")
    assert org_resolve_name("cơ quan khối nội chính") == OrgGroup.objects.get(code="NGANH-DOC")


def test_groups_resolve_their_members(demo):
    departments = group_members(OrgGroup.objects.get(code="SO-BAN-NGANH"))
    codes = set(departments.values_list("code", flat=True))
    assert {"T-STC", "T-SNNMT", "T-VP", "T-TTR"} <= codes
    assert "T-SKHDT" not in codes  # merged into Sở Tài chính on 1 March 2025
    communes = group_members(OrgGroup.objects.get(code="UBND-XA-PHUONG"))
    assert communes.count() == 40
    vertical = set(group_members(OrgGroup.objects.get(code="NGANH-DOC")).values_list("code", flat=True))
    assert vertical == {"T-CA", "T-VKS", "T-TAND", "T-THADS"}


def test_every_demo_user_has_its_role_and_can_sign_in(demo, client):
    assert {user.role for user in DEMO_USERS} == set(Role.values)
    for demo_user in DEMO_USERS:
        user = User.objects.get(username=demo_user.username)
        assert user.full_name == demo_user.full_name
        assert user.organization.code == demo_user.organization_code
        assert RoleAssignment.objects.filter(user=user, role=demo_user.role,
                                             organization__code=demo_user.org_code).exists()
        assert client.login(username=demo_user.username, password=DEMO_PASSWORD), demo_user.username
        client.logout()


def test_officer_reaches_a_commune_and_a_focal_point_does_not(demo):
    commune = Organization.objects.get(code="X-TANBIEN")
    officer = User.objects.get(username="officer_tinh")
    assert officer.organization.code == "T-TTR"
    assert has_perm(officer, "documents.document.manage", commune)
    focal = User.objects.get(username="focal_so_tai_chinh")
    assert not has_perm(focal, "documents.document.manage", commune)


def test_the_five_seed_documents_are_stored_with_their_metadata(demo):
    by_file = {entry["file"]: entry for entry in json.loads(DOCUMENTS_FILE.read_text(encoding="utf-8"))}
    assert len(by_file) == 5
    tay_ninh = Document.objects.get(number="1238/KH-UBND")
    assert tay_ninh.issued_on == dt.date(2025, 9, 16)
    assert tay_ninh.issuer_org.code == "T-UBND"
    assert tay_ninh.signer == "Nguyễn Văn Út"
    assert Document.objects.get(number="262/KH-UBND").issued_on == dt.date(2023, 11, 8)
    assert Document.objects.get(number="678/KH-UBND").issued_on == dt.date(2024, 1, 26)
    news = Document.objects.get(doc_type="news")
    assert news.number == ""
    assert news.issued_on == dt.date(2021, 2, 5)
    unnumbered = Document.objects.get(title__startswith="Đánh giá công tác phòng, chống tham nhũng cấp tỉnh")
    assert unnumbered.number == ""
    assert unnumbered.signer == "Trương Công Thái"
    for entry in by_file.values():
        document = Document.objects.get(title=entry["title"])
        assert document.full_text == (SEEDS_DIR / entry["file"]).read_text(encoding="utf-8")
        assert "tham nhũng" in document.full_text


def test_demo_command_prints_the_logins(db):
    out = io.StringIO()
    call_command("demo", stdout=out)
    call_command("demo", stdout=out)
    text = out.getvalue()
    for demo_user in DEMO_USERS:
        assert demo_user.username in text
    assert DEMO_PASSWORD in text
    assert User.objects.count() == len(DEMO_USERS)
