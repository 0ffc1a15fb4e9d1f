"""Sign-in, lock-out after repeated failures, sign-out and password reset by e-mail."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from liemchinh.core.models import AuditEvent, LoginFailure
from liemchinh.core.roles import Role

PASSWORD = "mat-khau-thu-nghiem-1"
LOCK_WORDS = "tạm khóa"


@pytest.fixture
def officer(make_user, org_tree):
    return make_user(Role.INSPECTORATE_OFFICER, org_tree["inspectorate"], username="canbo_ttr")


def _login(client, username, password, addr="10.0.0.1"):
    return client.post(reverse("core:login"), {"username": username, "password": password}, REMOTE_ADDR=addr)


def test_login_page_has_the_vietnamese_form(client, db):
    response = client.get("/accounts/login/")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="username"' in body and 'name="password"' in body
    assert "Đăng nhập" in body and "Quên mật khẩu?" in body and "Tên đăng nhập" in body


def test_login_then_logout(client, officer):
    response = _login(client, "canbo_ttr", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("core:dashboard")
    assert client.get(reverse("core:dashboard")).status_code == 200
    assert client.post(reverse("core:logout")).status_code == 302
    assert client.get(reverse("core:dashboard")).status_code == 302


def test_wrong_password_is_refused_in_vietnamese(client, officer):
    response = _login(client, "canbo_ttr", "sai")
    assert response.status_code == 200
    assert "mật khẩu không đúng" in response.content.decode()
    assert LoginFailure.objects.filter(username="canbo_ttr").count() == 1


def test_lockout_after_limit_then_unlock_after_window(client, officer, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_LOCKOUT_MINUTES = 15
    for _i in range(3):
        _login(client, "canbo_ttr", "sai", addr=f"10.0.0.{_i + 10}")
    assert AuditEvent.objects.filter(action="auth.lockout").count() == 1
    officer.refresh_from_db()
    assert officer.locked_until is not None

    # the right password is refused while locked, with the lock-out message
    response = _login(client, "canbo_ttr", PASSWORD)
    assert response.status_code == 200
    assert LOCK_WORDS in response.content.decode()
    assert "_auth_user_id" not in client.session

    # the window passes
    LoginFailure.objects.update(at=timezone.now() - dt.timedelta(minutes=16))
    response = _login(client, "canbo_ttr", PASSWORD)
    assert response.status_code == 302
    assert LoginFailure.objects.filter(username="canbo_ttr").count() == 0  # reset on success
    officer.refresh_from_db()
    assert officer.failed_login_count == 0 and officer.locked_until is None


def test_lockout_message_does_not_reveal_whether_the_account_exists(client, officer, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    pages = {}
    for name in ("canbo_ttr", "khong_ton_tai"):
        for i in range(3):
            response = _login(client, name, "sai", addr=f"10.1.{len(pages)}.{i}")
        pages[name] = re.search(r'class="alert alert-error"[^>]*>(.*?)</div>', response.content.decode(), re.S).group(1)
    assert LOCK_WORDS in pages["canbo_ttr"]
    assert pages["canbo_ttr"] == pages["khong_ton_tai"]


def test_lockout_by_client_address(client, officer, make_user, org_tree, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for i in range(3):
        _login(client, f"doan_ten_{i}", "sai", addr="203.0.113.9")
    response = _login(client, "canbo_ttr", PASSWORD, addr="203.0.113.9")
    assert LOCK_WORDS in response.content.decode()
    assert _login(client, "canbo_ttr", PASSWORD, addr="203.0.113.10").status_code == 302


def test_failures_outside_the_window_do_not_count(client, officer, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    _login(client, "canbo_ttr", "sai")
    LoginFailure.objects.update(at=timezone.now() - dt.timedelta(hours=1))
    _login(client, "canbo_ttr", "sai")
    assert _login(client, "canbo_ttr", PASSWORD).status_code == 302


def test_password_reset_sends_a_vietnamese_email(client, officer):
    response = client.post(reverse("core:password_reset"), {"email": officer.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Đặt lại mật khẩu" in message.subject
    assert "/accounts/password/reset/" in message.body
    link = next(line for line in message.body.splitlines() if "/accounts/password/reset/" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    assert response.status_code == 200
    response = client.post(response.redirect_chain[-1][0],
                           {"new_password1": "mat-khau-moi-rat-dai-1", "new_password2": "mat-khau-moi-rat-dai-1"})
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("mat-khau-moi-rat-dai-1")


def test_password_reset_does_not_reveal_unknown_addresses(client, db):
    response = client.post(reverse("core:password_reset"), {"email": "ai@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_password_change(client, officer):
    client.force_login(officer)
    response = client.post(reverse("core:password_change"), {
        "old_password": PASSWORD, "new_password1": "mat-khau-doi-moi-2026", "new_password2": "mat-khau-doi-moi-2026"})
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("mat-khau-doi-moi-2026")


def test_client_address_behind_trusted_proxies(rf, settings):
    from liemchinh.core.services.accounts import client_address

    request = rf.get("/", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.7")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request) == "10.9.9.9"  # a forged header is ignored without a trusted proxy
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request) == "198.51.100.7"
