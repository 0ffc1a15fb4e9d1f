"""Stable keys of registry rows, shared by the importer (Django) and the analytic loaders (DuckDB).

A person mention's `record_key` must be the same whichever path loaded the row, and must not
depend on its row number (rows move when a file is edited), so that an officer's same/not-same
judgement and an alert's identity survive re-imports. The key is the mention's natural key:

    officials:<official_id>
    relatives:<sha1 of "official_id|relation|name|birth_date|id_number">[:24]
    enterprise_people:<sha1 of "tax_code|role|name|birth_date|id_number">[:24]

where `name` is NFC with runs of white space collapsed to one space and trimmed (not folded: a
corrected diacritic is a corrected record), `birth_date` the cell as given after trimming
("1980-05-17", "1980" or ""), `id_number` trimmed. The analytic loaders compute the same string in
SQL (sha1 over the same concatenation); a test holds the two together.
"""

from __future__ import annotations

import hashlib

from liemchinh.core.text import collapse_spaces, nfc


def clean_name(name: str) -> str:
    return collapse_spaces(nfc(name))


def _digest(*parts: str) -> str:
    return hashlib.sha1("|".join(parts).encode("utf-8"), usedforsecurity=False).hexdigest()[:24]


def official_key(official_id: str) -> str:
    return f"officials:{official_id.strip()}"


def relative_key(official_id: str, relation: str, full_name: str, birth_date: str, id_number: str) -> str:
    return "relatives:" + _digest(
        official_id.strip(), relation.strip(), clean_name(full_name), birth_date.strip(), id_number.strip()
    )


def enterprise_person_key(tax_code: str, role: str, full_name: str, birth_date: str, id_number: str) -> str:
    return "enterprise_people:" + _digest(
        tax_code.strip(), role.strip(), clean_name(full_name), birth_date.strip(), id_number.strip()
    )


def alert_key(rule: str, official_id: str, org_code: str, counterpart: dict) -> str:
    """The identity of an alert: the same rule over the same records is one alert (contract)."""
    parts = [rule, official_id, org_code] + [f"{k}={v}" for k, v in sorted(counterpart.items())]
    return hashlib.sha256("|".join(str(p).strip() for p in parts).encode("utf-8")).hexdigest()


def position_key(official_id: str, org_code: str, role: str, title: str, start_date: str) -> str:
    """The natural key of a positions.csv row (Position.natural_key): who, where, which post, from
    when. `title` is compared as typed after collapsing spaces; `start_date` is the ISO cell."""
    return hashlib.sha1(
        "|".join((official_id.strip(), org_code.strip(), role.strip(), clean_name(title), start_date.strip()))
        .encode("utf-8"),
        usedforsecurity=False,
    ).hexdigest()
