"""Models of the core app, split by domain; every public name is re-exported here."""

from .accounts import LoginFailure, RoleAssignment, RoleTwoFactorRequirement, User
from .audit import AuditEvent
from .calendar import CalendarException, ReportingPeriod
from .files import EvidenceFile
from .notifications import Notification
from .orgs import Organization, OrgGroup, OrgKind

__all__ = [
    "AuditEvent",
    "CalendarException",
    "EvidenceFile",
    "LoginFailure",
    "Notification",
    "OrgGroup",
    "OrgKind",
    "Organization",
    "ReportingPeriod",
    "RoleAssignment",
    "RoleTwoFactorRequirement",
    "User",
]
