"""Who may do what with petitions. Inspectorate roles reach the bodies below the body they are
assigned on; focal points and unit heads see and handle what is routed to their own body.
Revealing a protected identity needs IDENTITY_REVEAL on the body, or being the case's handler
(services.identity_reveal checks both)."""

from liemchinh.core.permissions import register_permissions
from liemchinh.core.roles import Role

INBOX_VIEW = "petitions.inbox.view"
HANDLE = "petitions.handle"
IDENTITY_REVEAL = "petitions.identity.reveal"
PUBLISH = "petitions.publish"
REVEAL_LOG_VIEW = "petitions.identity.reveal_log"
RETENTION_RUN = "petitions.retention.run"

register_permissions(
    {
        INBOX_VIEW: {Role.SYSTEM_ADMIN, Role.INSPECTORATE_LEADER, Role.INSPECTORATE_OFFICER, Role.FOCAL_POINT,
                     Role.UNIT_HEAD},
        HANDLE: {Role.INSPECTORATE_LEADER, Role.INSPECTORATE_OFFICER, Role.FOCAL_POINT, Role.UNIT_HEAD},
        IDENTITY_REVEAL: {Role.INSPECTORATE_LEADER},
        PUBLISH: {Role.INSPECTORATE_LEADER, Role.INSPECTORATE_OFFICER},
        REVEAL_LOG_VIEW: {Role.INSPECTORATE_LEADER},
        RETENTION_RUN: {Role.SYSTEM_ADMIN, Role.INSPECTORATE_LEADER},
    }
)
