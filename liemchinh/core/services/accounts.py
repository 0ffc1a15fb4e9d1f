"""Writes about people: accounts, role assignments, sign-in lock-out and two-factor sign-in.

Every function is keyword-only with `actor` first, runs in one transaction, checks the permission,
validates, writes and records an audit event. The demo loader and commands call `user_create`
and `role_assign` with actor=SYSTEM.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liemchinh.core.errors import DomainError
from liemchinh.core.models import LoginFailure, Organization, RoleAssignment, RoleTwoFactorRequirement, User
from liemchinh.core.permissions import SystemActor, clear_cache, require_perm
from liemchinh.core.roles import Role
from liemchinh.core.services.audit import audit_record, diff, snapshot

USER_FIELDS = ["username", "full_name", "email", "organization", "job_title", "phone", "is_active"]
UPDATABLE_FIELDS = frozenset({"full_name", "email", "organization", "job_title", "phone"})
BACKUP_CODE_COUNT = 10


# --- sign-in lock-out ---------------------------------------------------------------------------

@dataclass(frozen=True)
class LockoutState:
    locked: bool
    until: dt.datetime | None = None


def lockout_message() -> str:
    # Same words whether or not the account exists: the message must not confirm a username.
    return _(
        "Đăng nhập đã bị tạm khóa do nhập sai quá nhiều lần. Vui lòng thử lại sau %(minutes)d phút."
    ) % {"minutes": settings.LOGIN_LOCKOUT_MINUTES}


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def _norm_username(username: str | None) -> str:
    return (username or "").strip().lower()[:150]


def login_lockout_state(*, username: str | None, client: str = "") -> LockoutState:
    """Is sign-in refused for this account or this client address? Locked once LOGIN_FAILURE_LIMIT
    failures fall within the last LOGIN_LOCKOUT_MINUTES; it lifts when the oldest of them leaves
    the window."""
    limit = settings.LOGIN_FAILURE_LIMIT
    window = dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    start = _window_start()
    until = None
    for key, value in (("username", _norm_username(username)), ("client", client or "")):
        if not value:
            continue
        times = list(
            LoginFailure.objects.filter(**{key: value}, at__gte=start).order_by("-at").values_list("at", flat=True)[:limit]
        )
        if len(times) >= limit:
            candidate = times[-1] + window
            until = max(until, candidate) if until else candidate
    return LockoutState(locked=until is not None, until=until)


def login_failure_record(*, username: str | None, client: str = "") -> LockoutState:
    """Record a refused sign-in. When it brings the account or the address to the limit, the
    lock-out starts and is audited ("auth.lockout")."""
    name = _norm_username(username)
    with transaction.atomic():
        # failures older than a day no longer count for anything: keep the table small
        LoginFailure.objects.filter(
            at__lt=timezone.now() - max(dt.timedelta(days=1), dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES))
        ).delete()
        LoginFailure.objects.create(username=name, client=(client or "")[:64])
        state = login_lockout_state(username=name, client=client)
        user = User.objects.filter(username__iexact=name).first() if name else None
        if user is not None:
            User.objects.filter(pk=user.pk).update(
                failed_login_count=user.failed_login_count + 1,
                locked_until=state.until if state.locked else user.locked_until,
            )
        if state.locked:
            audit_record(
                actor=None, action="auth.lockout", obj=user, object_type="core.user",
                object_repr=(str(user) if user else name),
                changes={"username": name, "client": client, "until": state.until},
            )
    return state


def login_success_record(*, user: User, client: str = "") -> None:
    """A successful sign-in clears the account's failures."""
    with transaction.atomic():
        LoginFailure.objects.filter(username=_norm_username(user.get_username())).delete()
        User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)


# --- accounts -------------------------------------------------------------------------------------

def _check_password(password: str, user: User | None = None) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="password") from exc


def _actor_user(actor) -> User | None:
    return None if isinstance(actor, SystemActor) or not getattr(actor, "pk", None) else actor


def user_create(*, actor, username: str, password: str | None = None, full_name: str, email: str = "",
                organization: Organization | None = None, job_title: str = "", phone: str = "") -> User:
    """Create an account. Without a password, the person sets one through "Quên mật khẩu?".
    Who: core.user.manage on the body."""
    require_perm(actor, "core.user.manage", organization)
    username = (username or "").strip()
    full_name = (full_name or "").strip()
    with transaction.atomic():
        if not username:
            raise DomainError(_("Tên đăng nhập không được để trống."), field="username")
        if User.objects.filter(username__iexact=username).exists():
            raise DomainError(_("Tên đăng nhập “%(u)s” đã được sử dụng.") % {"u": username}, field="username")
        if not full_name:
            raise DomainError(_("Họ và tên không được để trống."), field="full_name")
        user = User(username=username, full_name=full_name, email=(email or "").strip(),
                    organization=organization, job_title=job_title or "", phone=phone or "")
        if password:
            _check_password(password, user)
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        audit_record(actor=actor, action="user.create", obj=user,
                     changes={k: v for k, v in snapshot(user, USER_FIELDS).items() if v not in ("", None)})
    return user


def user_update(*, actor, user: User, **fields) -> User:
    """Change a person's details (full_name, email, organization, job_title, phone).
    Who: core.user.manage on the person's body (and on the new body when it changes)."""
    unknown = set(fields) - UPDATABLE_FIELDS
    if unknown:
        raise DomainError(_("Không thể sửa trường: %(f)s.") % {"f": ", ".join(sorted(unknown))},
                          field=sorted(unknown)[0])
    require_perm(actor, "core.user.manage", user.organization)
    if "organization" in fields and fields["organization"] != user.organization:
        require_perm(actor, "core.user.manage", fields["organization"])
    with transaction.atomic():
        if "full_name" in fields and not (fields["full_name"] or "").strip():
            raise DomainError(_("Họ và tên không được để trống."), field="full_name")
        before = snapshot(user, USER_FIELDS)
        for name, value in fields.items():
            setattr(user, name, value.strip() if isinstance(value, str) else value)
        user.save()
        changes = diff(before, snapshot(user, USER_FIELDS))
        if changes:
            audit_record(actor=actor, action="user.update", obj=user, changes=changes)
    return user


def user_deactivate(*, actor, user: User, reason: str = "") -> User:
    """Close an account: it can no longer sign in and its API token is revoked. Roles are kept
    for the record. Who: core.user.manage on the person's body."""
    require_perm(actor, "core.user.manage", user.organization)
    with transaction.atomic():
        if _actor_user(actor) is not None and actor.pk == user.pk:
            raise DomainError(_("Không thể tự khóa tài khoản của chính mình."), field="user")
        if not user.is_active:
            raise DomainError(_("Tài khoản này đã bị khóa."), field="user")
        user.is_active = False
        user.save(update_fields=["is_active"])
        from rest_framework.authtoken.models import Token

        Token.objects.filter(user=user).delete()
        audit_record(actor=actor, action="user.deactivate", obj=user, changes={"is_active": [True, False]},
                     reason=reason)
    return user


def user_reactivate(*, actor, user: User, reason: str = "") -> User:
    """Open a closed account again. Who: core.user.manage on the person's body."""
    require_perm(actor, "core.user.manage", user.organization)
    with transaction.atomic():
        if user.is_active:
            raise DomainError(_("Tài khoản này đang hoạt động."), field="user")
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit_record(actor=actor, action="user.reactivate", obj=user, changes={"is_active": [False, True]},
                     reason=reason)
    return user


# --- roles ---------------------------------------------------------------------------------------

def role_assign(*, actor, user: User, role: Role | str, organization: Organization) -> RoleAssignment:
    """Give `user` the `role` on `organization` (idempotent: an existing assignment is returned
    unchanged). Who: core.role.assign on the body."""
    role = str(role)
    if role not in Role.values:
        raise DomainError(_("Vai trò không hợp lệ: %(r)s.") % {"r": role}, field="role")
    if organization is None:
        raise DomainError(_("Phải chọn cơ quan."), field="organization")
    require_perm(actor, "core.role.assign", organization)
    with transaction.atomic():
        existing = RoleAssignment.objects.filter(user=user, role=role, organization=organization).first()
        if existing is not None:
            return existing
        if not user.is_active:
            raise DomainError(_("Không thể phân quyền cho tài khoản đã bị khóa."), field="user")
        assignment = RoleAssignment.objects.create(user=user, role=role, organization=organization,
                                                   granted_by=_actor_user(actor))
        audit_record(actor=actor, action="role.assign", obj=assignment, organization=organization,
                     changes={"user": user.get_username(), "role": role, "organization": organization.code})
    clear_cache(user)
    return assignment


def role_revoke(*, actor, assignment: RoleAssignment, reason: str = "") -> None:
    """Take a role back. The last active system administrator cannot be removed.
    Who: core.role.assign on the assignment's body."""
    require_perm(actor, "core.role.assign", assignment.organization)
    with transaction.atomic():
        if assignment.role == Role.SYSTEM_ADMIN:
            others = RoleAssignment.objects.filter(role=Role.SYSTEM_ADMIN, user__is_active=True).exclude(
                pk=assignment.pk)
            if not others.exists():
                raise DomainError(_("Không thể thu hồi quyền của quản trị hệ thống cuối cùng."), field="role")
        user = assignment.user
        audit_record(actor=actor, action="role.revoke", obj=assignment, organization=assignment.organization_id,
                     changes={"user": user.get_username(), "role": assignment.role,
                              "organization": assignment.organization.code},
                     reason=reason)
        assignment.delete()
    clear_cache(user)


# --- two-factor sign-in ----------------------------------------------------------------------------

def twofactor_policy_set(*, actor, role: Role | str, required: bool) -> RoleTwoFactorRequirement:
    """Require (or stop requiring) TOTP sign-in for every holder of `role`.
    Who: core.twofactor.policy."""
    require_perm(actor, "core.twofactor.policy")
    role = str(role)
    if role not in Role.values:
        raise DomainError(_("Vai trò không hợp lệ: %(r)s.") % {"r": role}, field="role")
    with transaction.atomic():
        current = RoleTwoFactorRequirement.objects.filter(role=role).first()
        before = bool(current and current.required)
        rule, _created = RoleTwoFactorRequirement.objects.update_or_create(role=role,
                                                                           defaults={"required": bool(required)})
        if before != bool(required):
            audit_record(actor=actor, action="auth.2fa.policy", obj=rule,
                         changes={"role": role, "required": [before, bool(required)]})
    return rule


def _totp_devices(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user)


def twofactor_setup_begin(*, actor) -> object:
    """An unconfirmed TOTP device for the signed-in person to scan (reused until confirmed).
    Nothing changes for sign-in until `twofactor_enable` confirms it."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if _actor_user(actor) is None:
        raise DomainError(_("Cần đăng nhập."))
    with transaction.atomic():
        device = _totp_devices(actor).filter(confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=actor, name=_("Ứng dụng xác thực"), confirmed=False)
    return device


def _new_backup_codes(user) -> list[str]:
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=_("Mã dự phòng"), confirmed=True)
    codes = [f"{secrets.randbelow(10**8):08d}" for _i in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def twofactor_enable(*, actor, device, token: str) -> list[str]:
    """Confirm the person's new TOTP device with a code from their app; returns the backup codes,
    to be shown once."""
    if _actor_user(actor) is None or device.user_id != actor.pk:
        raise DomainError(_("Thiết bị xác thực không hợp lệ."))
    with transaction.atomic():
        if not device.verify_token((token or "").strip().replace(" ", "")):
            raise DomainError(_("Mã xác thực không đúng hoặc đã hết hạn."), field="token")
        _totp_devices(actor).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save()
        codes = _new_backup_codes(actor)
        audit_record(actor=actor, action="auth.2fa.enable", obj=actor, changes={"device": device.name})
    return codes


def twofactor_backup_codes_renew(*, actor) -> list[str]:
    """New backup codes for a person who has two-factor sign-in; the old ones stop working."""
    if _actor_user(actor) is None or not _totp_devices(actor).filter(confirmed=True).exists():
        raise DomainError(_("Chưa bật xác thực hai lớp."))
    with transaction.atomic():
        codes = _new_backup_codes(actor)
        audit_record(actor=actor, action="auth.2fa.backup_codes", obj=actor)
    return codes


def _remove_devices(user) -> int:
    from django_otp.plugins.otp_static.models import StaticDevice

    removed, _detail = _totp_devices(user).delete()
    StaticDevice.objects.filter(user=user).delete()
    return removed


def twofactor_disable(*, actor, reason: str = "") -> None:
    """The person turns off their own two-factor sign-in, unless one of their roles requires it."""
    from liemchinh.core.selectors.accounts import twofactor_required_for

    if _actor_user(actor) is None:
        raise DomainError(_("Cần đăng nhập."))
    with transaction.atomic():
        if twofactor_required_for(actor):
            raise DomainError(_("Vai trò của bạn bắt buộc xác thực hai lớp; không thể tắt."))
        if not _totp_devices(actor).filter(confirmed=True).exists():
            raise DomainError(_("Chưa bật xác thực hai lớp."))
        _remove_devices(actor)
        audit_record(actor=actor, action="auth.2fa.disable", obj=actor, reason=reason)


def twofactor_reset(*, actor, user: User, reason: str = "") -> None:
    """An administrator removes a person's authenticator (lost phone); the person sets it up again
    at the next sign-in when their role requires it. Who: core.user.manage on the person's body."""
    require_perm(actor, "core.user.manage", user.organization)
    with transaction.atomic():
        removed = _remove_devices(user)
        audit_record(actor=actor, action="auth.2fa.reset", obj=user, changes={"devices": removed}, reason=reason)


# --- the authentication backend ----------------------------------------------------------------------

def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or, behind TRUSTED_PROXY_COUNT reverse proxies, the
    address the outermost trusted proxy saw (X-Forwarded-For, counted from the right)."""
    if request is None:
        return ""
    meta = getattr(request, "META", {}) or {}
    hops = getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0
    if hops:
        forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops][:64]
    return (meta.get("REMOTE_ADDR") or "")[:64]


class LockoutBackend(ModelBackend):
    """Django's model backend with a lock-out: refuses every attempt for an account or a client
    address that reached LOGIN_FAILURE_LIMIT failures within LOGIN_LOCKOUT_MINUTES, records each
    failure and clears them on success. Used by the sign-in page, the admin and the API token."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        client = client_address(request)
        if login_lockout_state(username=username, client=client).locked:
            if request is not None:
                request.login_locked = True
            raise PermissionDenied(lockout_message())  # stops Django trying other backends
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            state = login_failure_record(username=username, client=client)
            if state.locked and request is not None:
                request.login_locked = True
            return None
        login_success_record(user=user, client=client)
        return user
