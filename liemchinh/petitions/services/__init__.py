"""Writes of the petitions app. Each service: check permission → validate → write → audit →
side effects on commit. Public services (submit, track, the petitioner's message and rating) take
actor=None or an anonymous user and check nothing but their own inputs.

No audit record carries the petitioner's identity; identity is read only through
`identity_reveal`, which records every reveal with its reason.
"""

from liemchinh.petitions.services._common import IDENTITY_FIELDS
from liemchinh.petitions.services.identity import (
    identity_reveal,
    may_reveal,
    petition_file_read,
    retention_purge,
    rotate,
)
from liemchinh.petitions.services.public import (
    SECRET_ALPHABET,
    SECRET_LENGTH,
    TRACKING_CODE_DIGITS,
    new_secret,
    new_tracking_code,
    normalise_secret,
    normalise_tracking_code,
    petition_rate,
    petition_submit,
    petition_track,
    track_failures_prune,
)
from liemchinh.petitions.services.workflow import (
    handler_conflicts,
    petition_accept,
    petition_assign_handler,
    petition_classify,
    petition_close,
    petition_exclude_handler,
    petition_extend,
    petition_forward,
    petition_merge,
    petition_message_post,
    petition_publish,
    petition_receive_forwarded,
    petition_resolve,
    petition_resume,
    petition_return,
    petition_suspend,
)

__all__ = [
    "IDENTITY_FIELDS", "SECRET_ALPHABET", "SECRET_LENGTH", "TRACKING_CODE_DIGITS", "handler_conflicts",
    "identity_reveal", "may_reveal", "new_secret", "new_tracking_code", "normalise_secret",
    "normalise_tracking_code", "petition_accept", "petition_assign_handler", "petition_classify",
    "petition_close", "petition_exclude_handler", "petition_extend", "petition_file_read", "petition_forward",
    "petition_merge", "petition_message_post", "petition_publish", "petition_rate", "petition_receive_forwarded",
    "petition_resolve",
    "petition_resume", "petition_return", "petition_submit", "petition_suspend", "petition_track",
    "retention_purge", "rotate", "track_failures_prune",
]
