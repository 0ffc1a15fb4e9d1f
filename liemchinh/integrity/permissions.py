"""Who may do what in conflict-of-interest control.

Registries, scans and alerts are the inspectorate's work (and the asset-control officers'):
permissions are checked on the body of the alert when it is in the organisation tree, else on the
actor's reach anywhere (registry bodies that are not in the tree are the province's)."""

from liemchinh.core.permissions import register_permissions
from liemchinh.core.roles import Role

VIEW = "integrity.view"
IMPORT = "integrity.import"
SCAN = "integrity.scan"
DECIDE = "integrity.alert.decide"
JUDGE = "integrity.match.judge"
GIFTS_VIEW = "integrity.gifts.view"
GIFTS_RECORD = "integrity.gifts.record"
ROTATION_VIEW = "integrity.rotation.view"
ROTATION_MANAGE = "integrity.rotation.manage"

_INSPECTORATE = {Role.SYSTEM_ADMIN, Role.INSPECTORATE_LEADER, Role.INSPECTORATE_OFFICER}

register_permissions(
    {
        VIEW: _INSPECTORATE | {Role.ASSET_CONTROL_OFFICER, Role.VIEWER},
        IMPORT: _INSPECTORATE | {Role.ASSET_CONTROL_OFFICER},
        SCAN: _INSPECTORATE | {Role.ASSET_CONTROL_OFFICER},
        DECIDE: {Role.INSPECTORATE_LEADER, Role.INSPECTORATE_OFFICER},
        JUDGE: {Role.INSPECTORATE_LEADER, Role.INSPECTORATE_OFFICER, Role.ASSET_CONTROL_OFFICER},
        GIFTS_VIEW: _INSPECTORATE | {Role.ASSET_CONTROL_OFFICER, Role.VIEWER, Role.FOCAL_POINT, Role.UNIT_HEAD},
        GIFTS_RECORD: _INSPECTORATE | {Role.FOCAL_POINT, Role.UNIT_HEAD},
        ROTATION_VIEW: _INSPECTORATE | {Role.VIEWER, Role.FOCAL_POINT, Role.UNIT_HEAD},
        ROTATION_MANAGE: _INSPECTORATE | {Role.UNIT_HEAD},
    }
)
