"""Encryption of petitioners' identities at rest, with keys kept outside the database.

Keys come from settings.IDENTITY_KEYS (environment variable IDENTITY_KEYS: comma-separated Fernet
keys, newest first). Encryption always uses the newest key; decryption tries each key, so a new
key can be put in front, `liemchinh petitions_rotate_keys` re-encrypts every row, and the old key
can then be removed. The blind index (HMAC-SHA256 under settings.IDENTITY_INDEX_KEY, a separate
key) lets duplicates be found by id number, phone or e-mail without decrypting anything.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import unicodedata

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class IdentityDecryptError(Exception):
    """No key of the keyring opens the token (the key was removed too early, or the data is damaged)."""


def _keys() -> list[str]:
    keys = [k for k in getattr(settings, "IDENTITY_KEYS", []) if k]
    if not keys:
        raise ImproperlyConfigured("IDENTITY_KEYS must hold at least one Fernet key.")
    return keys


def keyring() -> MultiFernet:
    try:
        return MultiFernet([Fernet(k.encode() if isinstance(k, str) else k) for k in _keys()])
    except ValueError as exc:
        raise ImproperlyConfigured("IDENTITY_KEYS holds a value that is not a Fernet key.") from exc


def encrypt_bytes(data: bytes) -> bytes:
    return keyring().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    try:
        return keyring().decrypt(bytes(token))
    except InvalidToken as exc:
        raise IdentityDecryptError("No identity key opens this record.") from exc


def encrypt_json(data: dict) -> str:
    return encrypt_bytes(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).decode()


def decrypt_json(token: str) -> dict:
    return json.loads(decrypt_bytes(token.encode()).decode())


def rotate_token(token: bytes | str) -> bytes:
    """The same plaintext under the newest key."""
    raw = token.encode() if isinstance(token, str) else bytes(token)
    try:
        return keyring().rotate(raw)
    except InvalidToken as exc:
        raise IdentityDecryptError("No identity key opens this record.") from exc


# --- blind index ----------------------------------------------------------------------------


def normalise_id_number(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def normalise_phone(value: str) -> str:
    digits = re.sub(r"\D", "", value or "")
    if digits.startswith("84") and len(digits) >= 11:
        digits = "0" + digits[2:]
    return digits


def normalise_email(value: str) -> str:
    return unicodedata.normalize("NFC", (value or "").strip().lower())


_NORMALISERS = {"id_number": normalise_id_number, "phone": normalise_phone, "email": normalise_email}


def blind_index(field: str, value: str) -> str:
    """HMAC-SHA256 of the normalised value, or "" for an empty value."""
    normalised = _NORMALISERS[field](value)
    if not normalised:
        return ""
    key = getattr(settings, "IDENTITY_INDEX_KEY", "")
    if not key:
        raise ImproperlyConfigured("IDENTITY_INDEX_KEY must be set.")
    return hmac.new(key.encode(), f"{field}:{normalised}".encode(), hashlib.sha256).hexdigest()


def keyed_hash(purpose: str, value: str) -> str:
    """HMAC of a lookup key (tracking code, caller key) for throttling: the raw value is never stored."""
    key = getattr(settings, "IDENTITY_INDEX_KEY", "")
    return hmac.new(key.encode(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()
