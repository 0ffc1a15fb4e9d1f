"""Checking and cleaning the rows of each registry file, with no database access.

Every problem becomes a RowError (file, row, column, Vietnamese message); all of them are
collected before anything is refused. A row gives a `Record`: its natural key, the model values
to write, the codes it refers to (checked against the import and the database later) and
`digest`, the hash of its cleaned content (registry.SourceRow.row_hash).

Names are kept as typed, in NFC with runs of spaces collapsed (keys.clean_name), and folded
(core.text.fold) for search. A birth date is a full ISO date or a bare year; the year is kept in
`birth_year` in both cases. Identical duplicate lines (the same natural key and the same content)
are counted, not refused; the same key with other content is an error.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from liemchinh.core.errors import ImportFailed, RowError
from liemchinh.core.text import fold
from liemchinh.integrity import keys
from liemchinh.integrity.models.registry import EnterpriseRole, PositionRole, Relation

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
YEAR = re.compile(r"^\d{4}$")
ID_NUMBER = re.compile(r"^\d{12}$")
TAX_CODE = re.compile(r"^\d{10}(-?\d{3})?$")
SECTOR = re.compile(r"^[0-9]{1,5}$")
INTEGER = re.compile(r"^\d+$")
MIN_YEAR = 1850

POSITION_ROLES = tuple(PositionRole.values)
RELATIONS = tuple(Relation.values)
ENTERPRISE_ROLES = tuple(EnterpriseRole.values)
# Longest text each column may hold (the model's max_length).
MAX_LENGTH = {
    "org_code": 40,
    "official_id": 40,
    "name": 255,
    "full_name": 200,
    "title": 200,
    "tax_code": 14,
    "sector_code": 10,
    "contract_id": 60,
    "parent_code": 40,
}


class ImportErrors:
    """Every problem of one import, across files."""

    def __init__(self) -> None:
        self.errors: list[RowError] = []

    def add(self, file: str | None, row: int | None, column: str | None, message: str) -> None:
        self.errors.append(RowError(row=row, field=column, message=message, file=file))

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            order = {name: i for i, name in enumerate(_FILE_ORDER)}
            self.errors.sort(key=lambda e: (order.get(e.file or "", -1), e.row or 0))
            raise ImportFailed(self.errors)


_FILE_ORDER = (
    "organizations.csv",
    "officials.csv",
    "positions.csv",
    "relatives.csv",
    "enterprises.csv",
    "enterprise_people.csv",
    "contracts.csv",
)


@dataclass(slots=True)
class Record:
    row: int
    key: str
    digest: str
    values: dict
    refs: dict = field(default_factory=dict)  # {"official_id": "CB1", "org_code": "..."}: checked later


@dataclass
class CleanFile:
    name: str
    records: list[Record] = field(default_factory=list)
    duplicates: int = 0


def digest(*parts) -> str:
    return hashlib.sha256(
        "\x1f".join(["" if p is None else str(p) for p in parts]).encode("utf-8")
    ).hexdigest()


_FOLDED_WORDS: dict[str, str] = {}


def fold_name(name: str) -> str:
    """core.text.fold of a clean name (single spaces), word by word through a memo: registries
    repeat the same few thousand words, and folding is the costliest step of a row."""
    words = []
    for word in name.split(" "):
        folded = _FOLDED_WORDS.get(word)
        if folded is None:
            folded = fold(word)
            if len(_FOLDED_WORDS) < 200_000:
                _FOLDED_WORDS[word] = folded
        words.append(folded)
    return " ".join(words)


def clean_name(value: str) -> str:
    """keys.clean_name, with a fast path for text already in NFC."""
    if unicodedata.is_normalized("NFC", value):
        return " ".join(value.split())
    return keys.clean_name(value)


class _Row:
    """The checks of one row; each records its error and returns a usable value."""

    __slots__ = ("errors", "file", "row", "ok")

    def __init__(self, errors: ImportErrors, file: str, row: int) -> None:
        self.errors, self.file, self.row, self.ok = errors, file, row, True

    def fail(self, column: str, message: str) -> None:
        self.ok = False
        self.errors.add(self.file, self.row, column, message)

    def text(self, column: str, value: str, *, required: bool = False) -> str:
        value = value.strip()
        if required and not value:
            self.fail(column, _("Thiếu giá trị bắt buộc."))
        limit = MAX_LENGTH.get(column)
        if limit and len(value) > limit:
            self.fail(column, _("Dài quá %(n)s ký tự.") % {"n": limit})
        return value

    def name(self, column: str, value: str) -> str:
        value = clean_name(value)
        if not value:
            self.fail(column, _("Thiếu họ tên hoặc tên."))
        limit = MAX_LENGTH["name" if column == "name" else "full_name"]
        if len(value) > limit:
            self.fail(column, _("Dài quá %(n)s ký tự.") % {"n": limit})
        return value

    def date(self, column: str, value: str, *, required: bool = False) -> dt.date | None:
        value = value.strip()
        if not value:
            if required:
                self.fail(column, _("Thiếu ngày (dạng YYYY-MM-DD)."))
            return None
        if ISO_DATE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.fail(column, _("Ngày “%(v)s” không hợp lệ: cần dạng YYYY-MM-DD.") % {"v": value})
        return None

    def birth(self, value: str) -> tuple[dt.date | None, int | None]:
        value = value.strip()
        if not value:
            return None, None
        if YEAR.match(value):
            year = int(value)
            if MIN_YEAR <= year <= dt.date.today().year:
                return None, year
        elif ISO_DATE.match(value):
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                day = None
            if day is not None and day.year >= MIN_YEAR and day <= dt.date.today():
                return day, day.year
        self.fail(
            "birth_date",
            _("Ngày sinh “%(v)s” không hợp lệ: cần dạng YYYY-MM-DD, năm YYYY hoặc để trống.") % {"v": value},
        )
        return None, None

    def id_number(self, value: str) -> str:
        value = value.strip()
        if value and not ID_NUMBER.match(value):
            self.fail(
                "id_number",
                _("Số định danh cá nhân “%(v)s” không hợp lệ: cần đúng 12 chữ số.") % {"v": value},
            )
        return value

    def choice(self, column: str, value: str, allowed: tuple[str, ...]) -> str:
        value = value.strip()
        if value not in allowed:
            self.fail(
                column,
                _("Giá trị “%(v)s” không thuộc danh sách: %(list)s.")
                % {"v": value, "list": ", ".join(allowed)},
            )
        return value


def _dedupe(
    clean: CleanFile, record: Record, seen: dict[str, tuple[int, str]], errors: ImportErrors, column: str
) -> None:
    """Keep the first line of a key; an identical line again is a duplicate, another content an error."""
    first = seen.get(record.key)
    if first is None:
        seen[record.key] = (record.row, record.digest)
        clean.records.append(record)
    elif first[1] == record.digest:
        clean.duplicates += 1
    else:
        errors.add(
            clean.name,
            record.row,
            column,
            _("Trùng khóa với dòng %(row)s nhưng khác nội dung.") % {"row": first[0]},
        )


def _organizations(name, rows, errors, tick):
    clean, seen = CleanFile(name), {}
    for number, (code, body_name, parent, sectors) in rows:
        r = _Row(errors, name, number)
        code = r.text("org_code", code, required=True)
        body_name = r.name("name", body_name)
        parent = r.text("parent_code", parent)
        managed = []
        for sector in sectors.split(";"):
            sector = sector.strip()
            if not sector:
                continue
            if not SECTOR.match(sector):
                r.fail(
                    "managed_sectors",
                    _("Mã ngành “%(v)s” không hợp lệ: cần mã VSIC bằng chữ số.") % {"v": sector},
                )
            elif sector not in managed:
                managed.append(sector)
        tick()
        if r.ok:
            values = {"org_code": code, "name": body_name, "parent_code": parent, "managed_sectors": managed}
            _dedupe(
                clean,
                Record(number, code, digest(code, body_name, parent, ";".join(managed)), values),
                seen,
                errors,
                "org_code",
            )
    return clean


def _officials(name, rows, errors, tick):
    clean, seen = CleanFile(name), {}
    for number, (official_id, full_name, birth, id_number) in rows:
        r = _Row(errors, name, number)
        official_id = r.text("official_id", official_id, required=True)
        full_name = r.name("full_name", full_name)
        birth_date, birth_year = r.birth(birth)
        id_number = r.id_number(id_number)
        tick()
        if r.ok:
            values = {
                "official_id": official_id,
                "record_key": keys.official_key(official_id),
                "full_name": full_name,
                "name_folded": fold_name(full_name),
                "birth_date": birth_date,
                "birth_year": birth_year,
                "id_number": id_number,
            }
            _dedupe(
                clean,
                Record(number, official_id, digest(official_id, full_name, birth.strip(), id_number), values),
                seen,
                errors,
                "official_id",
            )
    return clean


def _positions(name, rows, errors, tick):
    clean, seen = CleanFile(name), {}
    for number, (official_id, org_code, title, role, start, end) in rows:
        r = _Row(errors, name, number)
        official_id = r.text("official_id", official_id, required=True)
        org_code = r.text("org_code", org_code, required=True)
        title = clean_name(title)
        if len(title) > MAX_LENGTH["title"]:
            r.fail("title", _("Dài quá %(n)s ký tự.") % {"n": MAX_LENGTH["title"]})
        role = r.choice("role", role, POSITION_ROLES)
        start_date = r.date("start_date", start, required=True)
        end_date = r.date("end_date", end)
        if start_date and end_date and end_date < start_date:
            r.fail("end_date", _("Ngày kết thúc trước ngày bắt đầu."))
        tick()
        if r.ok:
            key = keys.position_key(official_id, org_code, role, title, start_date.isoformat())
            values = {
                "natural_key": key,
                "title": title,
                "role": role,
                "start_date": start_date,
                "end_date": end_date,
            }
            row_digest = digest(official_id, org_code, title, role, start_date, end_date)
            _dedupe(
                clean,
                Record(number, key, row_digest, values, {"official_id": official_id, "org_code": org_code}),
                seen,
                errors,
                "start_date",
            )
    return clean


def _people(name, rows, errors, tick, *, lead: str, role_column: str, allowed: tuple[str, ...], prefix: str):
    """relatives.csv and enterprise_people.csv: a person attached to an official or an enterprise."""
    clean, seen = CleanFile(name), {}
    people = name == "enterprise_people.csv"
    for number, cells in rows:
        owner, role, full_name, birth, id_number = cells[:5]
        r = _Row(errors, name, number)
        owner = r.text(lead, owner, required=True)
        role = r.choice(role_column, role, allowed)
        full_name = r.name("full_name", full_name)
        birth_date, birth_year = r.birth(birth)
        id_number = r.id_number(id_number)
        values = {
            "full_name": full_name,
            "name_folded": fold_name(full_name),
            "birth_date": birth_date,
            "birth_year": birth_year,
            "id_number": id_number,
            role_column: role,
        }
        share = None
        if people:
            text = cells[5].strip()
            if text:
                try:
                    share = Decimal(text)
                    if not share.is_finite() or share < 0 or share > 1:
                        raise InvalidOperation
                    share = share.quantize(Decimal("0.000001"))
                except InvalidOperation:
                    r.fail(
                        "capital_share",
                        _("Tỷ lệ vốn góp “%(v)s” không hợp lệ: cần một số từ 0 đến 1.") % {"v": text},
                    )
                    share = None
            values["capital_share"] = share
        tick()
        if r.ok:
            # keys.relative_key / enterprise_person_key, with the name already clean (clean_name is idempotent)
            key = prefix + keys._digest(owner, role, full_name, birth.strip(), id_number)
            values["record_key"] = key
            row_digest = digest(owner, role, full_name, birth.strip(), id_number, share)
            _dedupe(clean, Record(number, key, row_digest, values, {lead: owner}), seen, errors, "full_name")
    return clean


def _relatives(name, rows, errors, tick):
    return _people(
        name,
        rows,
        errors,
        tick,
        lead="official_id",
        role_column="relation",
        allowed=RELATIONS,
        prefix="relatives:",
    )


def _enterprise_people(name, rows, errors, tick):
    return _people(
        name,
        rows,
        errors,
        tick,
        lead="tax_code",
        role_column="role",
        allowed=ENTERPRISE_ROLES,
        prefix="enterprise_people:",
    )


def _enterprises(name, rows, errors, tick):
    clean, seen = CleanFile(name), {}
    for number, (tax_code, company, sector, registered) in rows:
        r = _Row(errors, name, number)
        tax_code = r.text("tax_code", tax_code, required=True)
        if tax_code and not TAX_CODE.match(tax_code):
            r.fail(
                "tax_code",
                _("Mã số thuế “%(v)s” không hợp lệ: cần 10 chữ số (hoặc 10 chữ số, gạch ngang, 3 chữ số).")
                % {"v": tax_code},
            )
        company = r.name("name", company)
        sector = r.text("sector_code", sector)
        if sector and not SECTOR.match(sector):
            r.fail(
                "sector_code", _("Mã ngành “%(v)s” không hợp lệ: cần mã VSIC bằng chữ số.") % {"v": sector}
            )
        registered_on = r.date("registered_on", registered)
        tick()
        if r.ok:
            values = {
                "tax_code": tax_code,
                "name": company,
                "sector_code": sector,
                "registered_on": registered_on,
            }
            _dedupe(
                clean,
                Record(number, tax_code, digest(tax_code, company, sector, registered_on), values),
                seen,
                errors,
                "tax_code",
            )
    return clean


def _contracts(name, rows, errors, tick):
    clean, seen = CleanFile(name), {}
    for number, (contract_id, buyer, supplier, value, signed, signer) in rows:
        r = _Row(errors, name, number)
        contract_id = r.text("contract_id", contract_id, required=True)
        buyer = r.text("buyer_org_code", buyer, required=True)
        supplier = r.text("supplier_tax_code", supplier, required=True)
        signer = r.text("signer_official_id", signer)
        value = value.strip()
        value_vnd = None
        if value:
            if INTEGER.match(value) and len(value) <= 18:
                value_vnd = int(value)
            else:
                r.fail(
                    "value_vnd",
                    _("Giá trị “%(v)s” không hợp lệ: cần số nguyên không âm (đồng), không dấu phân cách.")
                    % {"v": value},
                )
        signed_on = r.date("signed_on", signed, required=True)
        tick()
        if r.ok:
            refs = {"buyer_org_code": buyer, "supplier_tax_code": supplier}
            if signer:
                refs["signer_official_id"] = signer
            values = {"contract_id": contract_id, "value_vnd": value_vnd, "signed_on": signed_on}
            _dedupe(
                clean,
                Record(
                    number,
                    contract_id,
                    digest(contract_id, buyer, supplier, value_vnd, signed_on, signer),
                    values,
                    refs,
                ),
                seen,
                errors,
                "contract_id",
            )
    return clean


CLEANERS = {
    "organizations.csv": _organizations,
    "officials.csv": _officials,
    "positions.csv": _positions,
    "relatives.csv": _relatives,
    "enterprises.csv": _enterprises,
    "enterprise_people.csv": _enterprise_people,
    "contracts.csv": _contracts,
}
FILE_ORDER = _FILE_ORDER
