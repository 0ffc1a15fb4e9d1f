"""Conflict-of-interest control: registries, entity resolution, alerts, gifts and rotation.

Split by domain (CONVENTIONS 11); every public model is re-exported here.
"""

from liemchinh.integrity.models.alerts import Alert, AlertDecision, ScanRun
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

__all__ = [
    "Alert",
    "AlertDecision",
    "Body",
    "Contract",
    "Enterprise",
    "EnterprisePerson",
    "ImportRun",
    "MatchJudgement",
    "Official",
    "PersonLink",
    "Position",
    "Relative",
    "ScanRun",
]
