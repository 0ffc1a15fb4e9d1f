"""The one permission API. Every service and selector of every app calls it; the server enforces it.

A permission is a string such as "core.org.manage". Each app declares, in its own
permissions.py, which roles grant which permission, and registers the table here. Whether a role
reaches a body depends on the role's scope (roles.py): global, the assignment's subtree, or the
assignment's own body.

    require_perm(actor, "core.org.manage", org)     # raises PermissionDenied (HTTP 403)
    has_perm(actor, "core.audit.view")              # on any body
    orgs_with_perm(actor, "plans.task.view")        # queryset of the bodies reached
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from liemchinh.core.roles import ALL_ROLES, GLOBAL_ROLES, SUBTREE_ROLES, Role

_REGISTRY: dict[str, frozenset[str]] = {}


class SystemActor:
    """The actor of management commands and background jobs run by the operator (demo loading,
    imports from the command line, scheduled reminders). It may do everything; the audit trail
    records it as "system". Never reachable from a web request."""

    pk = None
    id = None
    is_authenticated = False
    is_active = True
    is_system = True

    def get_username(self) -> str:
        return "system"

    def __str__(self) -> str:
        return "system"


SYSTEM = SystemActor()


def register_permissions(table: dict[str, Iterable[str]]) -> None:
    """Declare which roles grant each permission. Called by each app's permissions.py."""
    for perm, roles in table.items():
        _REGISTRY[perm] = frozenset(str(role) for role in roles)


def roles_granting(perm: str) -> frozenset[str]:
    try:
        return _REGISTRY[perm]
    except KeyError as exc:  # a typo in a permission name must fail loudly, never grant
        raise LookupError(f"Unknown permission {perm!r}") from exc


def all_permissions() -> dict[str, frozenset[str]]:
    return dict(_REGISTRY)


def _assignments(user) -> list[tuple[str, int, str]]:
    """(role, org_id, org_path) for the user's assignments, cached on the user object."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_liemchinh_roles", None)
    if cached is None:
        cached = list(user.role_assignments.values_list("role", "organization_id", "organization__path"))
        user._liemchinh_roles = cached
    return cached


def clear_cache(user) -> None:
    if hasattr(user, "_liemchinh_roles"):
        del user._liemchinh_roles


def user_roles(user) -> set[str]:
    return {role for role, _org, _path in _assignments(user)}


def _org_id_and_path(org) -> tuple[int, str]:
    from liemchinh.core.models import Organization

    if isinstance(org, Organization):
        return org.pk, org.path
    row = Organization.objects.filter(pk=org).values_list("pk", "path").first()
    if row is None:
        return -1, "\0"
    return row


def has_perm(user, perm: str, org=None) -> bool:
    """May `user` do `perm` on `org` (an Organization or its id)? With org=None: on any body."""
    allowed = roles_granting(perm)
    if isinstance(user, SystemActor):
        return True
    assignments = [a for a in _assignments(user) if a[0] in allowed]
    if not assignments:
        return False
    if org is None:
        return True
    org_id, org_path = _org_id_and_path(org)
    for role, assigned_id, assigned_path in assignments:
        if role in GLOBAL_ROLES:
            return True
        if role in SUBTREE_ROLES and org_path.startswith(assigned_path):
            return True
        if assigned_id == org_id:
            return True
    return False


def require_perm(user, perm: str, org=None) -> None:
    if not has_perm(user, perm, org):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))


def org_scope_q(user, perm: str, field: str = "") -> Q:
    """A Q over bodies (or over rows whose body is at `field`, e.g. "organization") that `user`
    reaches with `perm`. Empty result when none: Q(pk__in=[])."""
    prefix = f"{field}__" if field else ""
    allowed = roles_granting(perm)
    if isinstance(user, SystemActor):
        return Q()
    q = Q()
    matched = False
    for role, assigned_id, assigned_path in _assignments(user):
        if role not in allowed:
            continue
        matched = True
        if role in GLOBAL_ROLES:
            return Q()  # everything
        if role in SUBTREE_ROLES:
            q |= Q(**{f"{prefix}path__startswith": assigned_path})
        else:
            q |= Q(**{f"{prefix}pk": assigned_id})
    if not matched:
        return Q(**{f"{prefix}pk__in": []})
    return q


def orgs_with_perm(user, perm: str) -> QuerySet:
    from liemchinh.core.models import Organization

    return Organization.objects.filter(org_scope_q(user, perm))


# --- the core app's own permissions ---------------------------------------------------------
_INSPECTORATE = {Role.SYSTEM_ADMIN, Role.INSPECTORATE_LEADER, Role.INSPECTORATE_OFFICER}

register_permissions(
    {
        "core.org.view": ALL_ROLES,
        "core.org.manage": {Role.SYSTEM_ADMIN},
        "core.group.manage": {Role.SYSTEM_ADMIN, Role.INSPECTORATE_LEADER, Role.INSPECTORATE_OFFICER},
        "core.user.view": _INSPECTORATE,
        "core.user.manage": {Role.SYSTEM_ADMIN},
        "core.role.assign": {Role.SYSTEM_ADMIN},
        "core.twofactor.policy": {Role.SYSTEM_ADMIN},
        "core.audit.view": _INSPECTORATE,
        "core.evidence.upload": ALL_ROLES - {Role.VIEWER},
        "core.evidence.view": ALL_ROLES,
        "core.calendar.manage": _INSPECTORATE,
        "core.calendar.view": ALL_ROLES,
    }
)
