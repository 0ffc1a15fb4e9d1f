"""Two-factor sign-in: setup with a real TOTP code, verification, backup codes, the per-role policy."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from liemchinh.core.models import AuditEvent
from liemchinh.core.roles import Role
from liemchinh.core.services import accounts as services

PASSWORD = "mat-khau-thu-nghiem-1"


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


@pytest.fixture
def officer(make_user, org_tree):
    return make_user(Role.INSPECTORATE_OFFICER, org_tree["inspectorate"], username="canbo_ttr")


@pytest.fixture
def admin(make_user, org_tree):
    return make_user(Role.SYSTEM_ADMIN, org_tree["inspectorate"], username="quantri")


def _login(client, username="canbo_ttr"):
    return client.post(reverse("core:login"), {"username": username, "password": PASSWORD})


def test_setup_shows_qr_and_secret_then_confirms_with_a_real_code(client, officer):
    _login(client)
    page = client.get(reverse("core:otp_setup"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in body and "Xác thực hai lớp" in body
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    secret = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', body).group(1).replace(" ", "")
    import base64
    assert base64.b32decode(secret) == device.bin_key

    wrong = client.post(reverse("core:otp_setup"), {"token": "000000" if code_for(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and "Mã xác thực không đúng" in wrong.content.decode()

    response = client.post(reverse("core:otp_setup"), {"token": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    codes_page = client.get(response.url)
    codes = re.findall(r"<code>(\d{8})</code>", codes_page.content.decode())
    assert len(codes) == services.BACKUP_CODE_COUNT
    assert set(codes) == set(StaticToken.objects.filter(device__user=officer).values_list("token", flat=True))
    # shown once
    assert client.get(reverse("core:otp_backup_codes")).status_code == 302
    assert AuditEvent.objects.filter(action="auth.2fa.enable", object_id=str(officer.pk)).exists()


def test_sign_in_with_a_device_asks_for_the_code(client, officer):
    device = TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    response = _login(client)
    assert response.url.startswith(reverse("core:otp_verify"))
    # every page sends back to verification until the code is given
    blocked = client.get(reverse("core:dashboard"))
    assert blocked.status_code == 302 and blocked.url.startswith(reverse("core:otp_verify"))
    assert client.get("/api/v1/organizations/").status_code == 403

    bad = client.post(reverse("core:otp_verify"), {"token": "12345"})
    assert "Mã xác thực không đúng" in bad.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    ok = client.post(reverse("core:otp_verify") + "?next=/staff/orgs/", {"token": code_for(device)})
    assert ok.status_code == 302 and ok.url == "/staff/orgs/"
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_verify_with_a_backup_code_uses_it_up(client, officer):
    TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    from liemchinh.core.services.accounts import _new_backup_codes

    codes = _new_backup_codes(officer)
    _login(client)
    response = client.post(reverse("core:otp_verify"), {"token": codes[0]})
    assert response.status_code == 302 and response.url == reverse("core:dashboard")
    assert not StaticToken.objects.filter(token=codes[0]).exists()


def test_verify_refuses_an_open_redirect(client, officer):
    device = TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    _login(client)
    response = client.post(reverse("core:otp_verify") + "?next=https://evil.example/", {"token": code_for(device)})
    assert response.url == reverse("core:dashboard")


def test_policy_forces_setup_for_the_role(client, officer, admin, make_user, org_tree):
    focal = make_user(Role.FOCAL_POINT, org_tree["finance"], username="dau_moi")
    services.twofactor_policy_set(actor=admin, role=Role.INSPECTORATE_OFFICER, required=True)
    _login(client)
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("core:otp_setup"))
    # another role is not affected
    client.logout()
    _login(client, "dau_moi")
    assert client.get(reverse("core:dashboard")).status_code == 200
    assert focal.is_active


def test_disable_is_refused_when_the_role_requires_it(client, officer, admin):
    device = services.twofactor_setup_begin(actor=officer)
    services.twofactor_enable(actor=officer, device=device, token=code_for(device))
    services.twofactor_policy_set(actor=admin, role=Role.INSPECTORATE_OFFICER, required=True)
    with pytest.raises(services.DomainError):
        services.twofactor_disable(actor=officer)
    services.twofactor_policy_set(actor=admin, role=Role.INSPECTORATE_OFFICER, required=False)
    services.twofactor_disable(actor=officer, reason="đổi điện thoại")
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert not StaticToken.objects.filter(device__user=officer).exists()
    assert AuditEvent.objects.filter(action="auth.2fa.disable").count() == 1


def test_admin_resets_a_users_two_factor(client, officer, admin):
    TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    client.force_login(admin)
    response = client.post(reverse("core:user_twofactor_reset", args=[officer.pk]), {"reason": "mất điện thoại"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert AuditEvent.objects.get(action="auth.2fa.reset").reason == "mất điện thoại"


def test_policy_page_is_for_administrators_only(client, officer, admin):
    client.force_login(officer)
    assert client.get(reverse("core:twofactor_policy")).status_code == 403
    client.force_login(admin)
    assert client.get(reverse("core:twofactor_policy")).status_code == 200
    response = client.post(reverse("core:twofactor_policy"), {Role.APPRAISER.value: "on"})
    assert response.status_code == 302
    from liemchinh.core.selectors.accounts import twofactor_policy

    required = {role for role, _label, on in twofactor_policy(admin) if on}
    assert required == {Role.APPRAISER.value}


def test_manage_page_renews_backup_codes_and_turns_off(client, officer):
    device = services.twofactor_setup_begin(actor=officer)
    old_codes = services.twofactor_enable(actor=officer, device=device, token=code_for(device))
    client.force_login(officer)
    from django_otp import DEVICE_ID_SESSION_KEY

    session = client.session  # the session is verified with the device
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    page = client.get(reverse("core:otp_manage"))
    assert page.status_code == 200 and "Đang bật" in page.content.decode()
    renewed = client.post(reverse("core:otp_manage"), {"action": "renew"})
    assert renewed.url == reverse("core:otp_backup_codes")
    new_codes = re.findall(r"<code>(\d{8})</code>", client.get(renewed.url).content.decode())
    assert len(new_codes) == services.BACKUP_CODE_COUNT and not set(new_codes) & set(old_codes)
    client.post(reverse("core:otp_manage"), {"action": "disable", "reason": ""})
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert "Chưa bật" in client.get(reverse("core:otp_manage")).content.decode()
