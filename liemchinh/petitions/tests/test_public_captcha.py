"""The offline CAPTCHA (hashed answer in the session, one use, expiry, setting) and the
fixed-window limiter on the cache."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from liemchinh.petitions import captcha, ratelimit
from liemchinh.petitions.models import Petition

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh(monkeypatch, settings):
    settings.PETITIONS_CAPTCHA_ENABLED = True
    monkeypatch.setattr(captcha, "_new_problem", lambda: ("7 - 3", "4"))
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def request_with_session():
    from django.contrib.sessions.backends.db import SessionStore

    request = RequestFactory().get("/")
    request.session = SessionStore()
    return request


def test_challenge_is_an_inline_svg_and_the_answer_is_kept_hashed(request_with_session):
    challenge = captcha.new_challenge(request_with_session, "submit")
    assert challenge.svg.startswith("<svg") and "<line" in challenge.svg and "<circle" in challenge.svg
    assert "http" not in challenge.svg.replace("http://www.w3.org/2000/svg", "")  # no external resource
    stored = request_with_session.session[captcha.SESSION_PREFIX + "submit"]
    assert "4" not in {stored["digest"], stored["nonce"]} and len(stored["digest"]) == 64


def test_right_answer_passes_once(request_with_session):
    captcha.new_challenge(request_with_session, "track")
    assert captcha.verify(request_with_session, "track", " 4 ") is None
    assert "đã được dùng" in captcha.verify(request_with_session, "track", "4")


def test_wrong_answer_is_refused_and_consumes_the_challenge(request_with_session):
    captcha.new_challenge(request_with_session, "track")
    assert "chưa đúng" in captcha.verify(request_with_session, "track", "5")
    assert captcha.verify(request_with_session, "track", "4") is not None


def test_expired_challenge_is_refused(request_with_session, monkeypatch):
    captcha.new_challenge(request_with_session, "submit")
    later = time.time() + captcha.TTL_SECONDS + 1
    monkeypatch.setattr(captcha.time, "time", lambda: later)
    assert "hết hạn" in captcha.verify(request_with_session, "submit", "4")


def _post(client, answer, **extra):
    return client.post("/gui-don/", {"kind": "feedback", "content": "Đèn đường hỏng.", "anonymous": "on",
                                     "captcha": answer, **extra})


def test_form_requires_the_captcha_and_refuses_replays(client, org_tree):
    assert _post(client, "4").status_code == 400  # no challenge was shown in this session
    client.get("/gui-don/")
    refused = _post(client, "9")
    assert refused.status_code == 400 and "chưa đúng" in refused.content.decode()
    assert not Petition.objects.exists()
    client.get("/gui-don/")
    assert _post(client, "4").status_code == 302
    # The same answer again (a replay without a new challenge) is refused.
    assert _post(client, "4").status_code == 400
    assert Petition.objects.count() == 1


def test_setting_turns_the_captcha_off(client, org_tree, settings):
    settings.PETITIONS_CAPTCHA_ENABLED = False
    assert "<svg" not in client.get("/gui-don/").content.decode()
    assert _post(client, "").status_code == 302


def test_pages_are_rate_limited_with_the_captcha_off(client, org_tree, settings):
    settings.PETITIONS_CAPTCHA_ENABLED = False
    settings.PETITIONS_RATE_LIMITS = {**settings.PETITIONS_RATE_LIMITS, "submit": (2, 3600), "track": (1, 600)}
    assert [_post(client, "").status_code for _i in range(3)] == [302, 302, 429]
    assert Petition.objects.count() == 2
    assert client.post("/tra-cuu/", {"tracking_code": "1", "secret": "x"}).status_code == 404
    limited = client.post("/tra-cuu/", {"tracking_code": "1", "secret": "x"})
    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0


def test_limiter_is_a_fixed_window_per_key(settings):
    settings.PETITIONS_RATE_LIMITS = {"x": (2, 60)}
    assert [ratelimit.hit("x", "a", now=120.0)[0] for _i in range(3)] == [True, True, False]
    assert ratelimit.hit("x", "b", now=121.0)[0] is True  # another caller
    assert ratelimit.hit("x", "a", now=180.0)[0] is True  # the next window


def test_caller_key_is_a_keyed_hash_not_the_address():
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7")
    key = ratelimit.caller_key(request)
    assert "203.0.113.7" not in key and len(key) == 64
    assert key == ratelimit.caller_key(RequestFactory().get("/", REMOTE_ADDR="203.0.113.7"))
    assert key != ratelimit.caller_key(RequestFactory().get("/", REMOTE_ADDR="203.0.113.8"))
