"""Pages of the organisation tree and groups: browsing, HTMX search and expansion, admin forms,
import page, and 403 for those who may not manage."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from liemchinh.core.models import AuditEvent, Organization, OrgGroup
from liemchinh.core.permissions import SYSTEM
from liemchinh.core.roles import Role
from liemchinh.core.services.orgs import COLUMNS, group_create, org_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, make_user, org_tree):
    client.force_login(make_user(Role.SYSTEM_ADMIN, org_tree["inspectorate"]))
    return client


@pytest.fixture
def focal_client(client, make_user, org_tree):
    client.force_login(make_user(Role.FOCAL_POINT, org_tree["finance"]))
    return client


@pytest.fixture
def officer_client(client, make_user, org_tree):
    client.force_login(make_user(Role.INSPECTORATE_OFFICER, org_tree["province"]))
    return client


def test_list_shows_the_tree_and_expands_nodes_with_htmx(officer_client, org_tree):
    unit = org_create(actor=SYSTEM, code="U1", name="Trung tâm Dịch vụ tài chính công", kind="public_service_unit",
                      parent=org_tree["finance"])
    response = officer_client.get(reverse("core:org_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sở Tài chính" in html and "Ủy ban nhân dân xã Tân Thành" in html
    assert unit.name not in html  # two levels down: loaded on demand
    assert reverse("core:org_children", args=[org_tree["finance"].pk]) in html

    partial = officer_client.get(reverse("core:org_children", args=[org_tree["finance"].pk]), HTTP_HX_REQUEST="true")
    assert unit.name in partial.content.decode()
    assert "<html" not in partial.content.decode()


def test_search_box_answers_htmx_with_results_only(officer_client, org_tree):
    response = officer_client.get(reverse("core:org_list"), {"q": "tu phap"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Sở Tư pháp" in html and "Sở Tài chính" not in html and "<html" not in html


def test_closed_bodies_are_hidden_unless_asked(officer_client, org_tree):
    Organization.objects.filter(pk=org_tree["justice"].pk).update(valid_to=dt.date(2020, 1, 1))
    assert "Sở Tư pháp" not in officer_client.get(reverse("core:org_list")).content.decode()
    assert "Sở Tư pháp" in officer_client.get(reverse("core:org_list"), {"closed": "1"}).content.decode()


def test_focal_point_sees_own_body_only_and_gets_403_on_manage_pages(focal_client, org_tree):
    html = focal_client.get(reverse("core:org_list")).content.decode()
    assert "Sở Tài chính" in html and "Sở Tư pháp" not in html
    assert focal_client.get(reverse("core:org_detail", args=[org_tree["justice"].pk])).status_code == 404
    finance = org_tree["finance"].pk
    for url in (reverse("core:org_create"), reverse("core:org_import"), reverse("core:org_edit", args=[finance]),
                reverse("core:org_close", args=[finance]), reverse("core:group_create")):
        assert focal_client.get(url).status_code == 403, url
    response = focal_client.post(reverse("core:org_edit", args=[finance]), {"code": "X", "name": "X",
                                                                            "kind": "department"})
    assert response.status_code == 403
    assert Organization.objects.get(pk=finance).name == "Sở Tài chính"


def test_detail_shows_aliases_history_and_groups(officer_client, org_tree):
    old = org_create(actor=SYSTEM, code="OLD", name="Sở Kế hoạch và Đầu tư", kind="department",
                     parent=org_tree["province"])
    from liemchinh.core.services.orgs import org_close

    org_close(actor=SYSTEM, org=old, valid_to=dt.date(2025, 2, 28), successor=org_tree["finance"])
    group_create(actor=SYSTEM, code="SBN", name="Các sở, ban, ngành", member_kinds=["department"])
    html = officer_client.get(reverse("core:org_detail", args=[org_tree["finance"].pk])).content.decode()
    assert "Sở TC" in html and "Sở Kế hoạch và Đầu tư" in html and "28/02/2025" in html
    assert "Các sở, ban, ngành" in html


def test_admin_creates_edits_and_closes_a_body(admin_client, org_tree):
    response = admin_client.post(reverse("core:org_create"), {
        "code": "T-SXD", "name": "Sở Xây dựng", "kind": "department", "parent": org_tree["province"].pk,
        "aliases": "SXD\nSở XD", "valid_from": "01/07/2025",
    })
    org = Organization.objects.get(code="T-SXD")
    assert response.status_code == 302 and org.aliases == ["SXD", "Sở XD"]
    assert org.path == f"{org_tree['province'].path}{org.pk}/"

    response = admin_client.post(reverse("core:org_edit", args=[org.pk]), {
        "code": "T-SXD", "name": "Sở Xây dựng", "kind": "department", "parent": org_tree["finance"].pk,
    })
    org.refresh_from_db()
    assert response.status_code == 302 and org.parent == org_tree["finance"]

    response = admin_client.post(reverse("core:org_create"), {"code": "T-SXD", "name": "Trùng", "kind": "department"})
    assert response.status_code == 400 and "đã có" in response.content.decode()

    response = admin_client.post(reverse("core:org_close", args=[org.pk]), {
        "valid_to": "30/06/2026", "successor": org_tree["justice"].pk, "reason": "Sáp nhập",
    })
    org.refresh_from_db()
    assert response.status_code == 302 and org.successor == org_tree["justice"]
    assert org.valid_to == dt.date(2026, 6, 30)


def test_import_page_shows_every_row_error_then_counts(admin_client):
    bad = ("\ufeff" + ",".join(COLUMNS) + "\nA,Cơ quan A,,department,NOPE,,,,,,,,\nB,,,department,,,,,,,,,\n")
    response = admin_client.post(reverse("core:org_import"),
                                 {"file": SimpleUploadedFile("co-quan.csv", bad.encode("utf-8"))})
    html = response.content.decode()
    assert response.status_code == 400
    assert "parent_code" in html and "name" in html and "NOPE" in html
    assert not Organization.objects.filter(code__in=["A", "B"]).exists()

    good = ",".join(COLUMNS) + "\nA,Cơ quan A,,department,T-UBND,,,,,,,,\n"
    response = admin_client.post(reverse("core:org_import"),
                                 {"file": SimpleUploadedFile("co-quan.csv", good.encode("utf-8"))})
    assert response.status_code == 200 and "thêm mới" in response.content.decode()
    assert Organization.objects.get(code="A").parent.code == "T-UBND"


def test_export_buttons_download_files(officer_client):
    response = officer_client.get(reverse("core:org_export_csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "Sở Tài chính" in response.content.decode("utf-8-sig")
    response = officer_client.get(reverse("core:org_export_xlsx"))
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_groups_pages(officer_client, org_tree):
    response = officer_client.post(reverse("core:group_create"), {
        "code": "SBN", "name": "Các sở, ban, ngành", "phrases": "các sở, ban, ngành\ncác sở, ngành",
        "member_kinds": ["department"],
    })
    group = OrgGroup.objects.get(code="SBN")
    assert response.status_code == 302 and group.phrases == ["các sở, ban, ngành", "các sở, ngành"]
    assert AuditEvent.objects.filter(action="group.create").exists()
    html = officer_client.get(reverse("core:group_detail", args=[group.pk])).content.decode()
    assert "Sở Tư pháp" in html and "Sở Tài chính" in html
    assert "Các sở, ban, ngành" in officer_client.get(reverse("core:group_list")).content.decode()
    response = officer_client.post(reverse("core:group_edit", args=[group.pk]), {
        "code": "SBN", "name": "Các sở, ngành", "member_kinds": ["department"],
    })
    group.refresh_from_db()
    assert response.status_code == 302 and group.name == "Các sở, ngành"
