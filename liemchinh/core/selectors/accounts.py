"""Reads about people and their roles, scoped to what the actor may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from liemchinh.core.models import RoleAssignment, RoleTwoFactorRequirement, User
from liemchinh.core.permissions import org_scope_q, require_perm, user_roles
from liemchinh.core.text import fold


def twofactor_required_for(user) -> bool:
    """True when any role the user holds has been set by an administrator to require TOTP."""
    roles = user_roles(user)
    if not roles:
        return False
    return RoleTwoFactorRequirement.objects.filter(role__in=roles, required=True).exists()


def twofactor_enabled_for(user) -> bool:
    """Has the person a confirmed authenticator app?"""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not getattr(user, "pk", None):
        return False
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def backup_codes_left(user) -> int:
    from django_otp.plugins.otp_static.models import StaticToken

    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def visible_users(actor) -> QuerySet:
    """Accounts whose body the actor reaches with core.user.view (every account, also those
    without a body, for a global role). Raises PermissionDenied without core.user.view."""
    require_perm(actor, "core.user.view")
    scope = org_scope_q(actor, "core.user.view", "organization")
    qs = User.objects.all() if scope == Q() else User.objects.filter(scope)
    return qs.select_related("organization")


def user_search(actor, *, q: str = "", organization=None, role: str = "", active: bool | None = None) -> QuerySet:
    """visible_users filtered by text (username, name, e-mail; diacritics-insensitive on the
    name), body (and its subtree), role and state."""
    qs = visible_users(actor)
    q = (q or "").strip()
    if q:
        # the name also matches without diacritics ("nguyen van" finds "Nguyễn Văn")
        qs = qs.filter(Q(username__icontains=q) | Q(email__icontains=q) | Q(full_name__icontains=q)
                       | _folded_name_q(qs, q))
    if organization is not None:
        qs = qs.filter(organization__path__startswith=organization.path)
    if role:
        qs = qs.filter(role_assignments__role=role)
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs.distinct().order_by("username")


def _folded_name_q(qs: QuerySet, q: str) -> Q:
    """Users among `qs` whose folded full name contains the folded query (first 5 000 accounts)."""
    folded = fold(q)
    if not folded:
        return Q(pk__in=[])
    ids = [pk for pk, name in qs.values_list("pk", "full_name")[:5000] if folded in fold(name or "")]
    return Q(pk__in=ids)


def user_get(actor, pk) -> User:
    """One visible account (User.DoesNotExist otherwise)."""
    return visible_users(actor).get(pk=pk)


def role_assignments_for(actor, user: User) -> QuerySet:
    """The person's assignments on bodies the actor reaches with core.user.view."""
    require_perm(actor, "core.user.view")
    return (RoleAssignment.objects.filter(user=user).filter(org_scope_q(actor, "core.user.view", "organization"))
            .select_related("organization", "granted_by").order_by("role", "organization__path"))


def visible_role_assignments(actor) -> QuerySet:
    require_perm(actor, "core.user.view")
    return (RoleAssignment.objects.filter(org_scope_q(actor, "core.user.view", "organization"))
            .select_related("user", "organization", "granted_by").order_by("user__username", "role"))


def twofactor_policy(actor) -> list[tuple[str, str, bool]]:
    """(role, label, required) for every role. Who: core.twofactor.policy."""
    from liemchinh.core.roles import Role

    require_perm(actor, "core.twofactor.policy")
    required = dict(RoleTwoFactorRequirement.objects.values_list("role", "required"))
    return [(value, label, bool(required.get(value))) for value, label in Role.choices]
