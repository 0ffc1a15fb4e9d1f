"""Pages of position rotation: the list with states and filters, the Excel export, the post
register and its form, exemptions and the yearly plan; permissions."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from liemchinh.integrity.models import RotationExemption, RotationPlan, RotationPost
from liemchinh.integrity.services.rotation import rotation_post_create
from liemchinh.integrity.tests.gift_rotation_world import make_position, people, registry  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(registry, make_position, people):  # noqa: F811
    rotation_post_create(
        actor=people["officer"],
        body=registry["finance"],
        category="public_finance",
        role="accounting",
        period_years=2,
    )
    return {
        "old": make_position(
            registry["finance"], "Nguyễn Thị Hoa", "accounting", dt.date(2015, 3, 1), title="Kế toán viên"
        ),
        "new": make_position(
            registry["finance"], "Trần Văn Nam", "accounting", timezone.localdate() - dt.timedelta(days=30)
        ),
    }


def _login(client, user):
    client.force_login(user)
    return client


def test_list_shows_states_counts_and_tenure(client, world, people):  # noqa: F811
    client = _login(client, people["officer"])
    page = client.get(reverse("integrity:rotation"))
    assert page.status_code == 200
    assert page.context["counts"]["overdue"] == 1 and page.context["counts"]["ok"] == 1
    assert [(b["body__name"], b["overdue"]) for b in page.context["by_body"]] == [("Sở Tài chính", 1)]
    html = page.content.decode()
    assert "Nguyễn Thị Hoa" in html and "Quá thời hạn chuyển đổi" in html and "01/03/2015" in html
    only = client.get(reverse("integrity:rotation"), {"state": "overdue"})
    assert [r.position.pk for r in only.context["page_obj"].object_list] == [world["old"].pk]
    assert "năm" in only.context["page_obj"].object_list[0].tenure


def test_export(client, world, people):  # noqa: F811
    response = _login(client, people["officer"]).get(
        reverse("integrity:rotation_export"), {"state": "overdue"}
    )
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Mã cán bộ" and len(rows) == 2
    assert rows[1][1] == "Nguyễn Thị Hoa" and rows[1][7] == "01/03/2015" and rows[1][9] == 2
    assert rows[1][10] == "01/03/2017" and rows[1][11] == "Quá thời hạn chuyển đổi"


def test_post_register_pages(client, world, registry, people):  # noqa: F811
    client = _login(client, people["head_finance"])
    assert client.get(reverse("integrity:rotation_posts")).status_code == 200
    form = client.get(reverse("integrity:rotation_post_create"))
    assert list(form.context["form"].fields["body"].queryset) == [registry["finance"]]
    bad = client.post(
        reverse("integrity:rotation_post_create"),
        {"body": registry["finance"].pk, "category": "personnel", "role": "hr", "period_years": "7"},
    )
    assert bad.status_code == 200 and "phải từ đủ 2 đến 5 năm" in bad.content.decode()
    ok = client.post(
        reverse("integrity:rotation_post_create"),
        {"body": registry["finance"].pk, "category": "personnel", "role": "hr", "period_years": "3"},
    )
    assert ok.status_code == 302
    post = RotationPost.objects.get(category="personnel")
    edit = client.post(
        reverse("integrity:rotation_post_edit", args=[post.pk]),
        {"category": "personnel", "role": "hr", "period_years": "4", "basis": "QĐ 1"},
    )
    assert edit.status_code == 302
    post.refresh_from_db()
    assert (post.period_years, post.active) == (4, False)  # the box left unticked stops the post


def test_focal_point_reads_but_does_not_manage(client, world, people):  # noqa: F811
    client = _login(client, people["focal_finance"])
    assert client.get(reverse("integrity:rotation")).status_code == 200
    assert client.get(reverse("integrity:rotation_post_create")).status_code == 403
    post = RotationPost.objects.get()
    assert client.get(reverse("integrity:rotation_post_edit", args=[post.pk])).status_code == 403
    assert (
        client.get(
            reverse("integrity:rotation_exemption_create", args=[world["old"].official_id])
        ).status_code
        == 403
    )


def test_exemption_pages(client, world, people):  # noqa: F811
    client = _login(client, people["head_finance"])
    url = reverse("integrity:rotation_exemption_create", args=[world["old"].official_id])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "reason": "under_investigation",
            "detail": "Đang bị thanh tra theo QĐ 3/QĐ-TTr",
            "valid_from": "01/01/2026",
            "valid_to": "",
        },
    )
    assert response.status_code == 302
    exemption = RotationExemption.objects.get()
    listing = client.get(reverse("integrity:rotation_exemptions"))
    assert listing.status_code == 200 and "Đang bị thanh tra" in listing.content.decode()
    assert client.get(reverse("integrity:rotation")).context["counts"]["exempt"] == 1
    client.post(
        reverse("integrity:rotation_exemption_revoke", args=[exemption.pk]), {"reason": "Đã kết thúc"}
    )
    exemption.refresh_from_db()
    assert exemption.revoked_at is not None
    other = _login(client, people["head_justice"])
    assert (
        other.post(
            reverse("integrity:rotation_exemption_revoke", args=[exemption.pk]), {"reason": "x"}
        ).status_code
        == 404
    )


def test_plan_pages(client, world, registry, people):  # noqa: F811
    client = _login(client, people["head_finance"])
    assert client.get(reverse("integrity:rotation_plans")).status_code == 200
    url = reverse("integrity:rotation_plan", args=[registry["finance"].pk, 2026])
    page = client.get(url)
    assert page.status_code == 200 and page.context["planned"] == {world["old"].pk}
    response = client.post(
        url,
        {
            "number": "05/KH-STC",
            "issued_on": "10/01/2026",
            "positions": [str(world["old"].pk), str(world["new"].pk)],
        },
    )
    assert response.status_code == 302
    plan = RotationPlan.objects.get()
    assert set(plan.positions.values_list("pk", flat=True)) == {world["old"].pk, world["new"].pk}
    viewer = _login(client, people["viewer"])
    assert viewer.get(url).status_code == 200
    assert viewer.post(url, {"number": "x"}).status_code == 403


def test_list_and_export_as_of_a_chosen_day(client, world, people):  # noqa: F811
    client = _login(client, people["officer"])
    page = client.get(reverse("integrity:rotation"), {"as_of": "01/03/2017"})
    assert page.context["as_of"] == dt.date(2017, 3, 1)
    states = {r.position.pk: r.state for r in page.context["page_obj"].object_list}
    assert states == {world["old"].pk: "overdue"}  # complete on that very day; the other did not exist yet
    assert (
        client.get(reverse("integrity:rotation"), {"as_of": "28/02/2017"}).context["counts"]["due_soon"] == 1
    )
    rows = list(
        load_workbook(
            io.BytesIO(client.get(reverse("integrity:rotation_export"), {"as_of": "01/03/2017"}).content)
        ).active.iter_rows(values_only=True)
    )
    assert rows[1][8] == "2 năm"
