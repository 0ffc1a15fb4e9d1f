"""Conflict-of-interest control: registries, entity resolution, alerts, gifts and rotation.

Split by domain (CONVENTIONS 11); every public model is re-exported here.
"""

from liemchinh.integrity.models.alerts import Alert, AlertDecision, ScanRun
from liemchinh.integrity.models.gifts import GiftHandling, GiftKind, GiftReport, GiftStatus
from liemchinh.integrity.models.registry import (
    Body,
    Contract,
    Enterprise,
    EnterprisePerson,
    ImportRun,
    Official,
    Position,
    Relative,
)
from liemchinh.integrity.models.resolution import MatchJudgement, PersonLink
from liemchinh.integrity.models.rotation import (
    ExemptionReason,
    RotationCategory,
    RotationExemption,
    RotationPlan,
    RotationPost,
)

__all__ = [
    "Alert",
    "AlertDecision",
    "Body",
    "Contract",
    "Enterprise",
    "EnterprisePerson",
    "ExemptionReason",
    "GiftHandling",
    "GiftKind",
    "GiftReport",
    "GiftStatus",
    "ImportRun",
    "MatchJudgement",
    "Official",
    "PersonLink",
    "Position",
    "Relative",
    "RotationCategory",
    "RotationExemption",
    "RotationPlan",
    "RotationPost",
    "ScanRun",
]
