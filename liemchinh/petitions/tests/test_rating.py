"""The petitioner's rating on the tracking page: thanked once, the rating shown as recorded, a
second rating refused with a clear message, the rating counted for the body that resolved."""

from __future__ import annotations

import pytest
from django.core import signing
from django.core.cache import cache
from django.urls import reverse

from liemchinh.core.errors import DomainError
from liemchinh.petitions import selectors, services
from liemchinh.petitions.public_views import TRACK_SALT, TRACK_SESSION_KEY

pytestmark = pytest.mark.django_db

DETAIL = "petitions:public_track_detail"
THANKS = "Cảm ơn bạn đã đánh giá kết quả giải quyết."


@pytest.fixture
def resolved(submit, staff):
    petition, _c, _s = submit(kind="feedback", org_code="T-STC")
    focal = staff["finance_focal"]
    petition = services.petition_classify(actor=focal, petition=petition, competent=True)
    petition = services.petition_accept(actor=focal, petition=petition)
    return services.petition_resolve(
        actor=focal, petition=petition, result="Đã khắc phục đoạn đường bị lấn chiếm."
    )


@pytest.fixture
def tracking(client, settings):
    """client following `petition` as its petitioner (the signed value petition_track leaves)."""
    settings.PETITIONS_CAPTCHA_ENABLED = False
    cache.clear()

    def _follow(petition):
        session = client.session
        session[TRACK_SESSION_KEY] = signing.dumps({"id": petition.pk}, salt=TRACK_SALT)
        session.save()
        return client

    yield _follow
    cache.clear()


def test_rating_is_thanked_once_shown_and_not_given_twice(resolved, tracking):
    client = tracking(resolved)
    url = reverse(DETAIL)
    assert "Gửi đánh giá" in client.get(url).content.decode()
    response = client.post(url, {"action": "rate", "rating": "4", "comment": "Xử lý nhanh."})
    assert response.status_code == 302 and response["Location"] == url
    html = client.get(url).content.decode()
    assert THANKS in html
    assert "Bạn đã đánh giá: 4/5." in html and "Xử lý nhanh." in html
    assert "Mỗi vụ việc chỉ được đánh giá một lần." in html and "Gửi đánh giá" not in html
    again = client.get(url).content.decode()
    assert THANKS not in again and "Bạn đã đánh giá: 4/5." in again  # the thanks are said once
    second = client.post(url, {"action": "rate", "rating": "1", "comment": "Đổi ý"})
    assert second.status_code == 400
    html = second.content.decode()
    assert "Bạn đã đánh giá vụ việc này (4/5); mỗi vụ việc chỉ được đánh giá một lần." in html
    assert THANKS not in html
    resolved.refresh_from_db()
    assert resolved.satisfaction == 4 and resolved.satisfaction_comment == "Xử lý nhanh."


def test_the_service_refuses_a_second_rating(resolved):
    services.petition_rate(actor=None, petition=resolved, rating=5)
    with pytest.raises(DomainError, match="chỉ được đánh giá một lần") as err:
        services.petition_rate(actor=None, petition=resolved, rating=2)
    assert err.value.field == "rating"


def test_ratings_count_per_body(resolved, submit, staff, org_tree):
    services.petition_rate(actor=None, petition=resolved, rating=4)
    other, _c, _s = submit(kind="feedback")
    officer = staff["officer"]
    other = services.petition_classify(actor=officer, petition=other, competent=True)
    other = services.petition_accept(actor=officer, petition=other)
    other = services.petition_resolve(actor=officer, petition=other, result="Đã trả lời.")
    services.petition_rate(actor=None, petition=other, rating=2)
    rows = {
        r.organization_name: (r.rated, r.average, r.satisfied)
        for r in selectors.satisfaction_by_body(officer)
    }
    assert rows == {"Sở Tài chính": (1, 4.0, 1), "Thanh tra tỉnh": (1, 2.0, 0)}
