"""The audit pages: scope, filters, HTMX pagination, CSV export and the detail's change table."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from liemchinh.core.models import AuditEvent
from liemchinh.core.permissions import SYSTEM
from liemchinh.core.roles import Role
from liemchinh.core.services.audit import audit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(org_tree):
    return {
        "finance": audit_record(actor=SYSTEM, action="org.rename", obj=org_tree["finance"],
                                changes={"name": ["Sở Tài chính", "Sở TC"]}, reason="Sáp nhập"),
        "commune": audit_record(actor=SYSTEM, action="plan.create", object_type="plans.plan", object_id=9,
                                object_repr="Kế hoạch PCTN 2026", organization=org_tree["commune"]),
        "global": audit_record(actor=SYSTEM, action="auth.login_failed", object_repr="ai đó"),
    }


def _login(client, make_user, role, org):
    user = make_user(role, org)
    client.force_login(user)
    return user


def test_officer_sees_own_subtree_but_not_bodyless_events(client, org_tree, make_user, events):
    _login(client, make_user, Role.INSPECTORATE_OFFICER, org_tree["finance"])
    html = client.get(reverse("core:audit_list")).content.decode()
    assert f"#{events['finance'].pk}<" in html
    assert f"#{events['commune'].pk}<" not in html and f"#{events['global'].pk}<" not in html
    assert client.get(reverse("core:audit_detail", args=[events["commune"].pk])).status_code == 404


def test_leader_sees_bodyless_events(client, org_tree, make_user, events):
    _login(client, make_user, Role.INSPECTORATE_LEADER, org_tree["province"])
    html = client.get(reverse("core:audit_list")).content.decode()
    for event in events.values():
        assert f"#{event.pk}<" in html


def test_focal_point_is_refused(client, org_tree, make_user, events):
    _login(client, make_user, Role.FOCAL_POINT, org_tree["finance"])
    assert client.get(reverse("core:audit_list")).status_code == 403
    assert client.get(reverse("core:audit_export")).status_code == 403


def test_filters_and_htmx_partial(client, org_tree, make_user, events):
    _login(client, make_user, Role.SYSTEM_ADMIN, org_tree["province"])
    response = client.get(reverse("core:audit_list"), {"action": "plan", "object_type": "plans.plan"},
                          headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="audit-results"') and "<html" not in html
    assert f"#{events['commune'].pk}<" in html and f"#{events['finance'].pk}<" not in html
    today = timezone.localdate()
    tomorrow = (today + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    html = client.get(reverse("core:audit_list"), {"date_from": tomorrow}).content.decode()
    assert "Không có sự kiện nào phù hợp" in html
    html = client.get(reverse("core:audit_list"), {"date_from": today.strftime("%d/%m/%Y"),
                                                  "date_to": today.strftime("%d/%m/%Y"),
                                                  "organization": org_tree["finance"].pk}).content.decode()
    assert f"#{events['finance'].pk}<" in html and f"#{events['commune'].pk}<" not in html


def test_pagination(client, org_tree, make_user):
    for i in range(55):
        audit_record(actor=SYSTEM, action=f"test.n{i}", organization=org_tree["province"])
    _login(client, make_user, Role.SYSTEM_ADMIN, org_tree["province"])
    first = client.get(reverse("core:audit_list")).content.decode()
    assert "Trang 1/2" in first
    second = client.get(reverse("core:audit_list"), {"page": 2}, headers={"HX-Request": "true"}).content.decode()
    assert second.count("<tr>") == 5 + 1  # 5 rows and the header


def test_csv_export_is_scoped_and_audited(client, org_tree, make_user, events):
    user = _login(client, make_user, Role.INSPECTORATE_OFFICER, org_tree["finance"])
    response = client.get(reverse("core:audit_export"))
    body = b"".join(response.streaming_content).decode("utf-8")
    assert response["Content-Type"].startswith("text/csv")
    assert "org.rename" in body and "plan.create" not in body and "auth.login_failed" not in body
    assert AuditEvent.objects.filter(action="audit.export", actor=user).exists()


def test_detail_shows_changes_as_a_table(client, org_tree, make_user, events):
    _login(client, make_user, Role.SYSTEM_ADMIN, org_tree["province"])
    html = client.get(reverse("core:audit_detail", args=[events["finance"].pk])).content.decode()
    assert "<code>name</code>" in html and "Sở Tài chính" in html and "Sở TC" in html
    assert "Hash khớp nội dung" in html and "Sáp nhập" in html
