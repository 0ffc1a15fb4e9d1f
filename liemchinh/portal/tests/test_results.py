"""The public results page: published summaries and apologies only, never an identity; open
statistics with small counts suppressed, satisfaction per body, CSV download."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from liemchinh.petitions.models import Petition
from liemchinh.petitions.services import petition_submit

pytestmark = pytest.mark.django_db

NAME = "Nguyễn Văn Tố"
PHONE = "0912345678"


@pytest.fixture(autouse=True)
def _fast_secrets(settings):
    settings.PETITION_SECRET_ARGON2 = {"time_cost": 1, "memory_cost": 64, "parallelism": 1}
    settings.PETITIONS_PUBLIC_MIN_COUNT = 5


def _petition(org, *, content="Cán bộ xã Tân Thành gây khó khăn khi cấp giấy phép xây dựng.", **fields) -> Petition:
    petition, _code, _secret = petition_submit(
        actor=None, kind="feedback", content=content, anonymous=False, name=NAME, phone=PHONE,
        org_code=org.code, field="Xây dựng, đô thị")
    if fields:
        Petition.objects.filter(pk=petition.pk).update(**fields)
        petition.refresh_from_db()
    return petition


def _published(org, summary, **fields) -> Petition:
    today = timezone.localdate()
    return _petition(org, **{"status": "published", "resolved_on": today, "published_on": today,
                             "public_summary": summary, **fields})


def test_lists_published_summary_and_apology_never_unpublished_nor_identity(client, org_tree):
    _published(org_tree["commune"], "Đã chấn chỉnh việc tiếp nhận hồ sơ xây dựng tại xã.", apology=True,
               apology_text="UBND xã Tân Thành xin lỗi công dân vì đã yêu cầu bổ sung hồ sơ nhiều lần.")
    _petition(org_tree["finance"], content="Nội dung chưa công khai về Sở Tài chính.", status="resolved",
              public_summary="Tóm tắt chưa công khai.")
    response = client.get(reverse("portal:results"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đã chấn chỉnh việc tiếp nhận hồ sơ xây dựng tại xã." in html
    assert "xin lỗi công dân vì đã yêu cầu bổ sung hồ sơ nhiều lần" in html
    assert "Ủy ban nhân dân xã Tân Thành" in html and "Xây dựng, đô thị" in html
    assert "Tóm tắt chưa công khai." not in html and "Nội dung chưa công khai" not in html
    assert "gây khó khăn khi cấp giấy phép" not in html  # the petition's own content is never shown
    assert NAME not in html and PHONE not in html


def test_filters_by_body_kind_and_year(client, org_tree):
    _published(org_tree["commune"], "Kết quả của xã.")
    _published(org_tree["finance"], "Kết quả của Sở Tài chính.", kind="recommendation",
               published_on=dt.date(2021, 5, 4))
    url = reverse("portal:results")
    html = client.get(url, {"body": org_tree["finance"].pk}).content.decode()
    assert "Kết quả của Sở Tài chính." in html and "Kết quả của xã." not in html
    html = client.get(url, {"kind": "feedback"}).content.decode()
    assert "Kết quả của xã." in html and "Kết quả của Sở Tài chính." not in html
    html = client.get(url, {"published_year": "2021"}).content.decode()
    assert "Kết quả của Sở Tài chính." in html and "04/05/2021" in html and "Kết quả của xã." not in html


def test_pagination(client, org_tree, monkeypatch):
    from liemchinh.portal import views

    monkeypatch.setattr(views, "RESULTS_PAGE_SIZE", 2)
    for i in range(3):
        _published(org_tree["commune"], f"Kết quả số {i}.")
    first = client.get(reverse("portal:results")).content.decode()
    second = client.get(reverse("portal:results"), {"page": 2}).content.decode()
    assert first.count("published-result") == 2 and second.count("published-result") == 1


def test_small_counts_are_suppressed_and_satisfaction_needs_enough_ratings(client, org_tree):
    for _ in range(6):
        _petition(org_tree["commune"], status="resolved", resolved_on=timezone.localdate(), satisfaction=5)
    for _ in range(2):
        _petition(org_tree["finance"], status="resolved", resolved_on=timezone.localdate(), satisfaction=1)
    response = client.get(reverse("portal:results"))
    stats = response.context["stats"]
    by_body = {r["label"]: r for r in stats["by_body"]}
    assert by_body["Ủy ban nhân dân xã Tân Thành"]["received"] == 6
    assert by_body["Sở Tài chính"]["received"] == "<5"
    assert [r["label"] for r in response.context["satisfaction"]] == ["Ủy ban nhân dân xã Tân Thành"]
    html = response.content.decode()
    assert "&lt;5" in html
    assert NAME not in html and PHONE not in html


def test_csv_download_of_the_statistics(client, org_tree):
    for _ in range(5):
        _petition(org_tree["commune"], status="resolved", resolved_on=timezone.localdate(), satisfaction=4)
    _petition(org_tree["finance"])
    year = timezone.localdate().year
    response = client.get(reverse("portal:results_csv"), {"year": year})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert f"{year},Cơ quan,Ủy ban nhân dân xã Tân Thành,5,<5,5" in lines
    assert f"{year},Cơ quan,Sở Tài chính,<5,<5,<5" in lines
    assert f"{year},Ủy ban nhân dân xã Tân Thành,5,4.0,5" in lines
    assert NAME not in text and PHONE not in text


def test_nav_lights_up_the_results_page(client, org_tree):
    html = client.get(reverse("portal:public")).content.decode()
    assert reverse("portal:results") in html
