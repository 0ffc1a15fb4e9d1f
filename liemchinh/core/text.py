"""Vietnamese text helpers shared by every app: folding for search and matching."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Vietnamese arrives both precomposed and decomposed; compare only NFC text."""
    return unicodedata.normalize("NFC", text or "")


def strip_diacritics(text: str) -> str:
    """"Nguyễn Văn Đức" → "Nguyen Van Duc" (đ/Đ are letters of their own, not combining marks)."""
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped.replace("đ", "d").replace("Đ", "D"))


def collapse_spaces(text: str) -> str:
    return _SPACES.sub(" ", text or "").strip()


def fold(text: str) -> str:
    """The search key of a text: no diacritics, lower case, single spaces.
    "  Sở  Tài chính " and "so tai chinh" fold to the same key."""
    return collapse_spaces(strip_diacritics(nfc(text)).lower())
