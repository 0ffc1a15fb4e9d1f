"""Selectors of the organisation tree: scoped tree and search, name resolution for documents."""

from __future__ import annotations

import datetime as dt

import pytest

from liemchinh.core.models import OrgGroup
from liemchinh.core.permissions import SYSTEM
from liemchinh.core.roles import Role
from liemchinh.core.selectors.orgs import org_resolve_name, org_search, org_tree
from liemchinh.core.services.orgs import group_create, org_close, org_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def province(org_tree):
    org_tree["education"] = org_create(actor=SYSTEM, code="T-SGDDT", name="Sở Giáo dục và Đào tạo",
                                       kind="department", parent=org_tree["province"])
    org_tree["front"] = org_create(actor=SYSTEM, code="T-MTTQ", name="Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
                                   kind="fatherland_front", parent=org_tree["province"])
    org_tree["old_planning"] = org_create(actor=SYSTEM, code="T-SKHDT", name="Sở Kế hoạch và Đầu tư",
                                          kind="department", parent=org_tree["province"],
                                          valid_from=dt.date(2008, 1, 1))
    org_close(actor=SYSTEM, org=org_tree["old_planning"], valid_to=dt.date(2025, 2, 28),
              successor=org_tree["finance"])
    org_tree["departments"] = group_create(actor=SYSTEM, code="SBN", name="Các sở, ban, ngành tỉnh",
                                           phrases=["các sở, ban, ngành", "các sở, ngành"],
                                           member_kinds=["department"])
    org_tree["communes"] = group_create(actor=SYSTEM, code="UBND-XA", name="UBND các xã, phường, đặc khu",
                                        phrases=["UBND các xã, phường", "Ủy ban nhân dân các xã, phường, đặc khu"],
                                        member_kinds=["peoples_committee_commune"])
    return org_tree


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Sở Tài chính", "finance"),
        ("  sở  tài   chính. ", "finance"),
        ("so tai chinh", "finance"),
        ("Sở TC", "finance"),
        ("STC", "finance"),
        ("T-STC", "finance"),
        ("Sở GDĐT", "education"),
        ("SGDĐT", "education"),
        ("Sở Giáo dục - Đào tạo", "education"),
        ("UBND tỉnh", "province"),
        ("Ủy ban nhân dân tỉnh", "province"),
        ("Uỷ ban nhân dân tỉnh", "province"),
        ("Ủy ban MTTQ Việt Nam tỉnh", "front"),
        ("UBMTTQVN tỉnh", None),
        ("Thanh tra tinh", "inspectorate"),
        ("Sở Tài chín", "finance"),  # fuzzy: a typing slip
        ("Sở Ngoại vụ", None),  # close to no body: "Sở Nội vụ" does not exist here either
        ("các sở, ban, ngành", "departments"),
        ("Các sở ban ngành", "departments"),
        ("UBND các xã, phường", "communes"),
        ("Ủy ban nhân dân các xã, phường", "communes"),
        ("Bộ Quốc phòng", None),
        ("", None),
    ],
)
def test_resolve_name(province, text, key):
    expected = province[key] if key else None
    assert org_resolve_name(text) == expected


def test_resolve_ignores_closed_bodies_unless_asked_for_their_time(province):
    assert org_resolve_name("Sở Kế hoạch và Đầu tư") is None
    assert org_resolve_name("Sở KHĐT", on=dt.date(2024, 5, 1)) == province["old_planning"]
    assert org_resolve_name("Sở Tài chính", on=dt.date(2024, 5, 1)) == province["finance"]


def test_resolve_full_province_name_for_generic_ubnd_tinh(org_tree):
    province = org_tree["province"]
    province.name, province.short_name = "Ủy ban nhân dân tỉnh Quảng Trị", ""
    province.save()
    assert org_resolve_name("UBND tỉnh") == province
    assert isinstance(org_resolve_name("các sở, ngành"), OrgGroup | type(None))


def test_search_is_diacritics_insensitive_and_covers_aliases_and_codes(province, make_user):
    officer = make_user(Role.INSPECTORATE_OFFICER, province["province"])
    assert list(org_search(officer, "tai chinh")) == [province["finance"]]
    assert list(org_search(officer, "SỞ TC")) == [province["finance"]]
    assert list(org_search(officer, "t-sgddt")) == [province["education"]]
    assert province["old_planning"] in org_search(officer, "ke hoach")
    assert province["old_planning"] not in org_search(officer, "ke hoach", include_closed=False)


def test_focal_point_sees_only_own_body(province, make_user):
    focal = make_user(Role.FOCAL_POINT, province["finance"])
    assert list(org_search(focal, "so")) == [province["finance"]]
    roots = org_tree(focal)
    assert [node.org for node in roots] == [province["finance"]]


def test_tree_nests_children_and_hides_closed_bodies(province, make_user):
    officer = make_user(Role.INSPECTORATE_OFFICER, province["province"])
    roots = org_tree(officer)
    assert [node.org for node in roots] == [province["province"]]
    children = {node.org for node in roots[0].children}
    assert province["finance"] in children and province["old_planning"] not in children
    assert roots[0].child_count == len(roots[0].children)
    with_closed = org_tree(officer, include_closed=True)
    assert province["old_planning"] in {node.org for node in with_closed[0].children}


def test_fuzzy_matching_does_not_confuse_close_department_names(province):
    home = org_create(actor=SYSTEM, code="T-SNV", name="Sở Nội vụ", kind="department", parent=province["province"])
    assert org_resolve_name("Sở Ngoại vụ") is None
    assert org_resolve_name("Sở NV") == home


def test_one_name_index_resolves_a_whole_recipient_list(province, django_assert_num_queries):
    from liemchinh.core.selectors.orgs import NameIndex

    index = NameIndex()
    with django_assert_num_queries(0):
        resolved = [index.resolve(name) for name in ("Sở TC", "Thanh tra tỉnh", "các sở, ngành", "Bộ Công an")]
    assert resolved == [province["finance"], province["inspectorate"], province["departments"], None]


def test_tree_lists_siblings_by_kind_then_name(province, make_user):
    officer = make_user(Role.INSPECTORATE_OFFICER, province["province"])
    codes = [node.org.code for node in org_tree(officer)[0].children]
    assert codes == ["T-TTR", "T-SGDDT", "T-STC", "T-STP", "X-001", "T-MTTQ"]


def test_ancestors_come_from_the_path(province):
    from liemchinh.core.selectors.orgs import org_ancestors

    unit = org_create(actor=SYSTEM, code="U", name="Phòng", kind="other", parent=province["finance"])
    assert org_ancestors(unit) == [province["province"], province["finance"]]
    assert org_ancestors(province["province"]) == []
