"""Who may do what in the plans app. Unit roles (focal point, unit head) act for their own body
only; inspectorate roles reach the bodies below the body they are assigned on (core/roles.py)."""

from liemchinh.core.permissions import register_permissions
from liemchinh.core.roles import ALL_ROLES, Role

PLAN_MANAGE = "plans.plan.manage"
TASK_VIEW = "plans.task.view"
PROGRESS_POST = "plans.progress.post"
PROGRESS_APPROVE = "plans.progress.approve"
CHASE_SEND = "plans.chase.send"

register_permissions(
    {
        PLAN_MANAGE: {Role.SYSTEM_ADMIN, Role.INSPECTORATE_LEADER, Role.INSPECTORATE_OFFICER},
        TASK_VIEW: ALL_ROLES,
        PROGRESS_POST: {Role.FOCAL_POINT, Role.UNIT_HEAD},
        PROGRESS_APPROVE: {Role.UNIT_HEAD},
        CHASE_SEND: {Role.SYSTEM_ADMIN, Role.INSPECTORATE_LEADER, Role.INSPECTORATE_OFFICER},
    }
)
