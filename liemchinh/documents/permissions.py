from liemchinh.core.permissions import register_permissions
from liemchinh.core.roles import ALL_ROLES, Role

register_permissions(
    {
        "documents.document.view": ALL_ROLES,
        "documents.document.manage": {Role.SYSTEM_ADMIN, Role.INSPECTORATE_LEADER, Role.INSPECTORATE_OFFICER},
    }
)
