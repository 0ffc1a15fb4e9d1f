"""Public API: POST /api/v1/petitions/ and /api/v1/petitions/track/ with their exact shapes, no
session (no CSRF), Vietnamese 400s naming the field, a neutral 404, the lock-out and the limiter."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from liemchinh.petitions.models import Petition, PetitionIdentity, PetitionMessage

pytestmark = pytest.mark.django_db

URL = "/api/v1/petitions/"
TRACK = "/api/v1/petitions/track/"


@pytest.fixture(autouse=True)
def _fresh_limiter():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    # enforce_csrf_checks: a session-authenticated API would refuse these posts.
    return APIClient(enforce_csrf_checks=True)


def _body(**fields):
    return {"kind": "denunciation", "content": "Cán bộ xã nhận tiền khi cấp giấy phép xây dựng.", "anonymous": True,
            **fields}


def test_anonymous_submission_answers_code_and_secret(api, org_tree):
    response = api.post(URL, _body(field="Xây dựng"), format="json")
    assert response.status_code == 201
    assert set(response.json()) == {"tracking_code", "secret"}
    petition = Petition.objects.get(tracking_code=response.json()["tracking_code"])
    assert petition.anonymous and petition.channel == "api" and petition.field == "Xây dựng"
    assert response.json()["secret"] not in petition.secret_hash


def test_submission_with_identity_to_a_body(api, org_tree):
    response = api.post(URL, _body(kind="complaint", anonymous=False, name="Trần Thị Bình", id_number="079123456789",
                                   phone="0987654321", email="binh@example.vn", address="5 Hai Bà Trưng",
                                   org_code="T-STP"), format="json")
    assert response.status_code == 201
    petition = Petition.objects.get(tracking_code=response.json()["tracking_code"])
    assert petition.organization.code == "T-STP" and PetitionIdentity.objects.filter(petition=petition).exists()


@pytest.mark.parametrize(("body", "field", "words"), [
    ({"kind": "gossip"}, "kind", "Loại đơn"),
    ({"content": ""}, "content", "Nội dung"),
    ({"email": "không-phải-thư", "anonymous": False, "name": "An"}, "email", "Thư điện tử"),
])
def test_bad_input_is_400_in_vietnamese_naming_the_field(api, org_tree, body, field, words):
    response = api.post(URL, _body(**body), format="json")
    assert response.status_code == 400
    assert words in response.json()[field][0]
    assert not Petition.objects.exists()


def test_law_refusals_come_back_as_400_naming_the_field(api, org_tree):
    response = api.post(URL, _body(kind="complaint"), format="json")
    assert response.status_code == 400
    assert response.json()["field"] == "anonymous" and "nặc danh" in response.json()["detail"]
    unknown_body = api.post(URL, _body(org_code="KHONG-CO"), format="json")
    assert unknown_body.status_code == 400 and unknown_body.json()["field"] == "org_code"


def test_track_answers_the_state_and_404_for_any_wrong_pair(api, org_tree):
    receipt = api.post(URL, _body(), format="json").json()
    petition = Petition.objects.get(tracking_code=receipt["tracking_code"])
    PetitionMessage.objects.create(petition=petition, direction=PetitionMessage.TO_PETITIONER, body="Xin bổ sung.")
    response = api.post(TRACK, receipt, format="json")
    assert response.status_code == 200
    data = response.json()
    assert {"kind", "status", "received_at", "due_on", "messages"} <= set(data)
    assert data["kind"] == "denunciation" and data["status"] == "received"
    assert data["messages"][0]["body"] == "Xin bổ sung." and data["messages"][0]["direction"] == "to_petitioner"
    wrong = api.post(TRACK, {**receipt, "secret": "AAAA-BBBB-CCCC-DDDD-EEEE"}, format="json")
    unknown = api.post(TRACK, {**receipt, "tracking_code": "9999888877776666"}, format="json")
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json() == {"detail": "Không tìm thấy hồ sơ với mã và mật khẩu này"}


def test_track_locks_after_repeated_wrong_pairs(api, org_tree, settings):
    settings.PETITION_TRACK_LOCK_AFTER = 2
    receipt = api.post(URL, _body(), format="json").json()
    for _i in range(2):
        assert api.post(TRACK, {**receipt, "secret": "WRONG"}, format="json").status_code == 404
    assert api.post(TRACK, receipt, format="json").status_code == 404


def test_api_is_rate_limited_even_without_captcha(api, org_tree, settings):
    settings.PETITIONS_CAPTCHA_ENABLED = False
    settings.PETITIONS_RATE_LIMITS = {**settings.PETITIONS_RATE_LIMITS, "api_submit": (2, 3600)}
    responses = [api.post(URL, _body(), format="json") for _i in range(3)]
    assert [r.status_code for r in responses] == [201, 201, 429]
    assert "Quá nhiều yêu cầu" in responses[2].json()["detail"] and int(responses[2]["Retry-After"]) > 0
    assert Petition.objects.count() == 2


def test_the_schema_documents_both_operations(api, org_tree):
    import io
    import json

    from django.core.management import call_command

    out = io.StringIO()
    call_command("spectacular", "--format", "openapi-json", "--fail-on-warn", stdout=out)
    paths = json.loads(out.getvalue())["paths"]
    assert set(paths[URL]) == {"post"} and set(paths[TRACK]) == {"post"}


def test_no_session_authentication_so_no_csrf_and_no_staff_actor(api, org_tree, make_user):
    from liemchinh.core.models import AuditEvent
    from liemchinh.core.roles import Role

    # A staff session cookie in the same browser neither blocks the post (CSRF) nor becomes the actor.
    api.force_login(make_user(Role.INSPECTORATE_OFFICER, org_tree["inspectorate"]))
    response = api.post(URL, _body(), format="json")
    assert response.status_code == 201
    event = AuditEvent.objects.get(action="petition.submit")
    assert event.actor_id is None
