"""The demo province: the new tỉnh Tây Ninh after the 1 July 2025 reform (two-level local government,
no districts), its bodies and groups, one person per role and the five seed documents.

Everything is built through the services with the SYSTEM actor, so the demo obeys the same rules
as real data. `load_demo()` is idempotent: running it again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from liemchinh.core.roles import Role

DATA_DIR = Path(__file__).resolve().parent
ORGANIZATIONS_FILE = DATA_DIR / "organizations.csv"
GROUPS_FILE = DATA_DIR / "groups.json"
DOCUMENTS_FILE = DATA_DIR / "seed_documents.json"
SEEDS_DIR = DATA_DIR / "seeds"

PROVINCE_CODE = "T-UBND"
DEMO_PASSWORD = "LiemChinh@2026"


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: str
    org_code: str
    full_name: str
    job_title: str
    # The body the person works in, when it differs from the body the role is held on.
    home_org_code: str = ""

    @property
    def organization_code(self) -> str:
        return self.home_org_code or self.org_code


DEMO_USERS: list[DemoUser] = [
    DemoUser("admin", DEMO_PASSWORD, Role.SYSTEM_ADMIN.value, PROVINCE_CODE, "Trần Minh Quân",
             "Quản trị hệ thống", "T-VP"),
    DemoUser("lanhdao_thanhtra", DEMO_PASSWORD, Role.INSPECTORATE_LEADER.value, PROVINCE_CODE,
             "Lê Văn Hùng", "Chánh Thanh tra tỉnh", "T-TTR"),
    DemoUser("officer_tinh", DEMO_PASSWORD, Role.INSPECTORATE_OFFICER.value, PROVINCE_CODE,
             "Nguyễn Thị Thu Hà", "Thanh tra viên chính", "T-TTR"),
    DemoUser("focal_so_tai_chinh", DEMO_PASSWORD, Role.FOCAL_POINT.value, "T-STC", "Phạm Văn Đức",
             "Chuyên viên Văn phòng Sở, cán bộ đầu mối phòng, chống tham nhũng"),
    DemoUser("head_so_tai_chinh", DEMO_PASSWORD, Role.UNIT_HEAD.value, "T-STC", "Võ Thanh Tùng",
             "Giám đốc Sở Tài chính"),
    DemoUser("focal_xa_tan_bien", DEMO_PASSWORD, Role.FOCAL_POINT.value, "X-TANBIEN", "Huỳnh Thị Kim Ngân",
             "Công chức Văn phòng - Thống kê, cán bộ đầu mối"),
    DemoUser("appraiser_tinh", DEMO_PASSWORD, Role.APPRAISER.value, PROVINCE_CODE, "Đặng Quốc Bảo",
             "Thành viên Tổ thẩm định chỉ số phòng, chống tham nhũng", "T-TTR"),
    DemoUser("asset_officer", DEMO_PASSWORD, Role.ASSET_CONTROL_OFFICER.value, PROVINCE_CODE,
             "Bùi Thị Mai Anh", "Thanh tra viên, kiểm soát tài sản, thu nhập", "T-TTR"),
    DemoUser("viewer_ubnd", DEMO_PASSWORD, Role.VIEWER.value, PROVINCE_CODE, "Trương Hoàng Phúc",
             "Chuyên viên Văn phòng UBND tỉnh, theo dõi cho Chủ tịch UBND tỉnh", "T-VP"),
]


@dataclass(frozen=True)
class DemoCounts:
    organizations: int
    groups: int
    users: int
    role_assignments: int
    documents: int


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message + ("" if message.endswith("\n") else "\n"))


def demo_counts() -> DemoCounts:
    from liemchinh.core.models import Organization, OrgGroup, RoleAssignment, User
    from liemchinh.documents.models import Document

    return DemoCounts(
        organizations=Organization.objects.count(), groups=OrgGroup.objects.count(), users=User.objects.count(),
        role_assignments=RoleAssignment.objects.count(), documents=Document.objects.filter(is_stub=False).count(),
    )


def _load_orgs(actor, stdout) -> None:
    from liemchinh.core.services.orgs import org_import_file

    with ORGANIZATIONS_FILE.open("rb") as handle:
        result = org_import_file(actor=actor, file=handle, filename=ORGANIZATIONS_FILE.name)
    _say(stdout, f"Cơ quan, đơn vị: {result.created} mới, {result.updated} cập nhật, {result.unchanged} giữ nguyên.")


def _load_groups(actor, stdout) -> None:
    from liemchinh.core.models import OrgGroup
    from liemchinh.core.services.orgs import group_create

    created = 0
    groups = json.loads(GROUPS_FILE.read_text(encoding="utf-8"))
    for group in groups:
        if OrgGroup.objects.filter(code=group["code"]).exists():
            continue
        group_create(actor=actor, code=group["code"], name=group["name"], phrases=group.get("phrases", ()),
                     member_kinds=group.get("member_kinds", ()), members=group.get("members", ()),
                     description=group.get("description", ""))
        created += 1
    _say(stdout, f"Nhóm cơ quan: {created} mới, {len(groups) - created} đã có.")


def _load_users(actor, stdout) -> None:
    from liemchinh.core.models import Organization, User
    from liemchinh.core.services.accounts import role_assign, user_create

    created = 0
    for demo in DEMO_USERS:
        user = User.objects.filter(username__iexact=demo.username).first()
        if user is None:
            user = user_create(actor=actor, username=demo.username, password=demo.password,
                               full_name=demo.full_name, job_title=demo.job_title,
                               email=f"{demo.username}@example.com",
                               organization=Organization.objects.get(code=demo.organization_code))
            created += 1
        role_assign(actor=actor, user=user, role=demo.role, organization=Organization.objects.get(code=demo.org_code))
    _say(stdout, f"Tài khoản: {created} mới, {len(DEMO_USERS) - created} đã có.")


def _load_documents(actor, stdout) -> None:
    from liemchinh.core.models import Organization
    from liemchinh.documents.services import document_create, document_duplicate

    created = 0
    entries = json.loads(DOCUMENTS_FILE.read_text(encoding="utf-8"))
    for entry in entries:
        issued_on = dt.date.fromisoformat(entry["issued_on"]) if entry.get("issued_on") else None
        issuer_org = Organization.objects.filter(code=entry["issuer_code"]).first() if entry.get("issuer_code") else None
        if document_duplicate(number=entry["number"], issuer=entry["issuer"], issuer_org=issuer_org,
                              title=entry["title"], issued_on=issued_on) is not None:
            continue
        document_create(
            actor=actor, number=entry["number"], doc_type=entry["doc_type"], title=entry["title"],
            issuer=entry["issuer"], issuer_org=issuer_org, place=entry["place"], issued_on=issued_on,
            signer=entry["signer"], signer_title=entry["signer_title"], recipients=entry["recipients"],
            full_text=(SEEDS_DIR / entry["file"]).read_text(encoding="utf-8"),
            legal_bases=entry.get("legal_bases", []),
        )
        created += 1
    _say(stdout, f"Văn bản mẫu: {created} mới, {len(entries) - created} đã có.")


def demo_logins_table() -> str:
    """The demo sign-ins as a text table: username, password, role, body."""
    from liemchinh.core.models import Organization

    names = dict(Organization.objects.filter(code__in={u.org_code for u in DEMO_USERS})
                 .values_list("code", "name"))
    rows = [("Tên đăng nhập", "Mật khẩu", "Vai trò", "Cơ quan")]
    rows += [(u.username, u.password, str(Role(u.role).label), names.get(u.org_code, u.org_code)) for u in DEMO_USERS]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def load_demo(stdout=None) -> DemoCounts:
    """Build (or complete) the demo province in one transaction and return the resulting counts."""
    from liemchinh.core.permissions import SYSTEM
    from liemchinh.demo.gifts_rotation import load_demo_gifts_rotation
    from liemchinh.demo.integrity import load_demo_integrity
    from liemchinh.demo.integrity_scan import scan_demo_registries
    from liemchinh.demo.petitions import load_demo_petitions
    from liemchinh.demo.plans import load_demo_plans

    with transaction.atomic():
        _load_orgs(SYSTEM, stdout)
        _load_groups(SYSTEM, stdout)
        _load_users(SYSTEM, stdout)
        _load_documents(SYSTEM, stdout)
        load_demo_plans(stdout)
        load_demo_petitions(stdout)
        load_demo_integrity(stdout)
        scan_demo_registries(stdout)
        load_demo_gifts_rotation(stdout)
    _say(stdout, "\nTài khoản dùng thử:\n" + demo_logins_table())
    return demo_counts()
