from __future__ import annotations

from liemchinh.core.models import RoleTwoFactorRequirement
from liemchinh.core.permissions import user_roles


def twofactor_required_for(user) -> bool:
    """True when any role the user holds has been set by an administrator to require TOTP."""
    roles = user_roles(user)
    if not roles:
        return False
    return RoleTwoFactorRequirement.objects.filter(role__in=roles, required=True).exists()
