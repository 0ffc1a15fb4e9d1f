"""Writes of the organisation tree and of the named groups of bodies.

The tree keeps a materialised path ("/1/7/42/") and a depth on every body; only these services
write them. A body is never deleted: closing it (dissolution, merger) sets `valid_to` and, for a
merger, the `successor`, so its history stays reachable.

Who may call: holders of "core.org.manage" (system administrators) for bodies; holders of
"core.group.manage" (the inspectorate) for groups; the SYSTEM actor from commands and the demo loader.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Substr
from django.utils import translation
from django.utils.translation import gettext as _

from liemchinh.core.errors import DomainError, ValidationCollector
from liemchinh.core.models import Organization, OrgGroup, OrgKind
from liemchinh.core.permissions import require_perm
from liemchinh.core.services.audit import audit_record, diff, snapshot
from liemchinh.core.text import fold

# The columns of the import/export file, in order.
COLUMNS = (
    "code", "name", "short_name", "kind", "parent_code", "aliases", "valid_from", "valid_to",
    "successor_code", "managed_sectors", "email", "phone", "address",
)
LIST_SEPARATOR = ";"
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
MAX_PATH = 255

ORG_FIELDS = [
    "code", "name", "short_name", "aliases", "kind", "parent_id", "valid_from", "valid_to", "successor_id",
    "managed_sectors", "email", "phone", "address",
]
GROUP_FIELDS = ["code", "name", "phrases", "member_kinds", "description"]

# Other ways files name a kind (besides its code name and its label).
_KIND_SYNONYMS = {
    "ubnd tinh": OrgKind.PEOPLES_COMMITTEE_PROVINCE,
    "uy ban nhan dan tinh": OrgKind.PEOPLES_COMMITTEE_PROVINCE,
    "thanh tra": OrgKind.INSPECTORATE,
    "so": OrgKind.DEPARTMENT,
    "so, ban, nganh": OrgKind.DEPARTMENT,
    "so ban nganh": OrgKind.DEPARTMENT,
    "ubnd xa": OrgKind.PEOPLES_COMMITTEE_COMMUNE,
    "ubnd phuong": OrgKind.PEOPLES_COMMITTEE_COMMUNE,
    "ubnd xa, phuong": OrgKind.PEOPLES_COMMITTEE_COMMUNE,
    "ubnd xa, phuong, dac khu": OrgKind.PEOPLES_COMMITTEE_COMMUNE,
    "uy ban nhan dan xa": OrgKind.PEOPLES_COMMITTEE_COMMUNE,
    "mttq": OrgKind.FATHERLAND_FRONT,
    "uy ban mttq": OrgKind.FATHERLAND_FRONT,
    "thads": OrgKind.JUDGMENT_ENFORCEMENT,
    "vks": OrgKind.PROCURACY,
    "vien kiem sat nhan dan": OrgKind.PROCURACY,
    "toa an nhan dan": OrgKind.COURT,
    "dvsn": OrgKind.PUBLIC_SERVICE_UNIT,
    "dnnn": OrgKind.STATE_ENTERPRISE,
}


def kind_from_text(text: str) -> str | None:
    """The kind's code from its code name, its Vietnamese label or a common synonym (any case,
    with or without diacritics); None when unknown."""
    key = fold(text)
    if not key:
        return None
    for value in OrgKind.values:
        if key == value:
            return value
    with translation.override(None):  # the labels' source text is Vietnamese
        labels = {fold(str(label)): value for value, label in OrgKind.choices}
    if key in labels:
        return labels[key]
    if key in _KIND_SYNONYMS:
        return str(_KIND_SYNONYMS[key])
    return None


def _fmt(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _clean_list(values: Iterable[str] | str | None) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = values.split(LIST_SEPARATOR)
    seen: list[str] = []
    for value in values:
        value = " ".join(str(value).split())
        if value and value not in seen:
            seen.append(value)
    return seen


def _active_on_q(day: dt.date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


# --- validation shared by the services and the importer ---------------------------------------


def _validate_fields(data: dict) -> list[tuple[str, str]]:
    """(field, message) for every problem of a body's plain fields."""
    problems: list[tuple[str, str]] = []
    code = data.get("code", "")
    if not code:
        problems.append(("code", _("Thiếu mã cơ quan.")))
    elif len(code) > 40:
        problems.append(("code", _("Mã cơ quan dài quá 40 ký tự.")))
    if not data.get("name"):
        problems.append(("name", _("Thiếu tên cơ quan.")))
    elif len(data["name"]) > 255:
        problems.append(("name", _("Tên cơ quan dài quá 255 ký tự.")))
    if len(data.get("short_name", "")) > 100:
        problems.append(("short_name", _("Tên viết tắt dài quá 100 ký tự.")))
    if data.get("kind") not in OrgKind.values:
        problems.append(("kind", _("Loại cơ quan không hợp lệ.")))
    valid_from, valid_to = data.get("valid_from"), data.get("valid_to")
    if valid_from and valid_to and valid_to < valid_from:
        problems.append(("valid_to", _("Ngày hết hiệu lực không được trước ngày có hiệu lực.")))
    if data.get("email"):
        try:
            validate_email(data["email"])
        except ValidationError:
            problems.append(("email", _("Địa chỉ thư điện tử không hợp lệ.")))
    if len(data.get("phone", "")) > 40:
        problems.append(("phone", _("Số điện thoại dài quá 40 ký tự.")))
    if len(data.get("address", "")) > 255:
        problems.append(("address", _("Địa chỉ dài quá 255 ký tự.")))
    return problems


def _raise_first(problems: list[tuple[str, str]]) -> None:
    if problems:
        field, message = problems[0]
        raise DomainError(message, field=field)


def _set_path(org: Organization) -> None:
    parent_path = org.parent.path if org.parent_id else "/"
    org.path = f"{parent_path}{org.pk}/"
    org.depth = org.parent.depth + 1 if org.parent_id else 0
    if len(org.path) > MAX_PATH:
        raise DomainError(_("Cây tổ chức quá sâu."), field="parent")
    Organization.objects.filter(pk=org.pk).update(path=org.path, depth=org.depth)


def _check_parent(org: Organization | None, parent: Organization | None) -> None:
    """Refuse a parent that is the body itself or one of its descendants (a cycle)."""
    if org is None or org.pk is None or parent is None:
        return
    parent.refresh_from_db(fields=["path", "depth"])
    if parent.pk == org.pk or parent.path.startswith(org.path):
        raise DomainError(
            _("Không thể đặt “%(parent)s” làm cơ quan cấp trên của “%(org)s”: tạo thành vòng lặp.")
            % {"parent": parent.name, "org": org.name},
            field="parent",
        )


def _move(org: Organization, parent: Organization | None) -> None:
    """Re-hang `org` under `parent` and rewrite its whole subtree's paths in one UPDATE."""
    _check_parent(org, parent)
    old_path, old_depth = org.path, org.depth
    new_path = f"{parent.path if parent else '/'}{org.pk}/"
    new_depth = parent.depth + 1 if parent else 0
    org.parent = parent
    Organization.objects.filter(pk=org.pk).update(parent=parent)
    if new_path == old_path:
        return
    if len(new_path) > MAX_PATH:
        raise DomainError(_("Cây tổ chức quá sâu."), field="parent")
    Organization.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + (new_depth - old_depth),
    )
    org.path, org.depth = new_path, new_depth


def _check_successor(org: Organization, successor: Organization | None) -> None:
    if successor is None:
        return
    seen = {org.pk}
    current = successor
    while current is not None:
        if current.pk in seen:
            raise DomainError(_("Cơ quan kế thừa tạo thành vòng lặp kế thừa."), field="successor")
        seen.add(current.pk)
        current = current.successor


# --- bodies -----------------------------------------------------------------------------------


@transaction.atomic
def org_create(
    *,
    actor,
    code: str,
    name: str,
    kind: str,
    parent: Organization | None = None,
    short_name: str = "",
    aliases: Iterable[str] = (),
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    managed_sectors: Iterable[str] = (),
    email: str = "",
    phone: str = "",
    address: str = "",
) -> Organization:
    """Add a body to the tree under `parent` (None: a root)."""
    require_perm(actor, "core.org.manage", parent)
    data = {
        "code": (code or "").strip(), "name": " ".join((name or "").split()), "kind": kind_from_text(kind or "") or kind,
        "short_name": (short_name or "").strip(), "aliases": _clean_list(aliases),
        "valid_from": valid_from, "valid_to": valid_to, "managed_sectors": _clean_list(managed_sectors),
        "email": (email or "").strip(), "phone": (phone or "").strip(), "address": (address or "").strip(),
    }
    _raise_first(_validate_fields(data))
    if Organization.objects.filter(code=data["code"]).exists():
        raise DomainError(_("Mã cơ quan “%(code)s” đã có.") % {"code": data["code"]}, field="code", code="duplicate")
    org = Organization.objects.create(parent=parent, **data)
    _set_path(org)
    audit_record(actor=actor, action="org.create", obj=org, organization=org,
                 changes={key: getattr(org, key) for key in ORG_FIELDS})
    return org


_UPDATABLE = {"code", "name", "short_name", "aliases", "kind", "parent", "valid_from", "valid_to", "successor",
              "managed_sectors", "email", "phone", "address"}


def _apply_update(org: Organization, fields: dict) -> dict:
    """Validate and write `fields` on `org` (already locked); return the audit diff."""
    unknown = set(fields) - _UPDATABLE
    if unknown:
        raise DomainError(_("Trường không sửa được: %(f)s.") % {"f": ", ".join(sorted(unknown))},
                          field=sorted(unknown)[0])
    before = snapshot(org, ORG_FIELDS)
    cleaned = dict(fields)
    for key in ("code", "short_name", "email", "phone", "address"):
        if key in cleaned:
            cleaned[key] = (cleaned[key] or "").strip()
    if "name" in cleaned:
        cleaned["name"] = " ".join((cleaned["name"] or "").split())
    if "kind" in cleaned:
        cleaned["kind"] = kind_from_text(cleaned["kind"] or "") or cleaned["kind"]
    for key in ("aliases", "managed_sectors"):
        if key in cleaned:
            cleaned[key] = _clean_list(cleaned[key])
    data = {key: getattr(org, key) for key in _UPDATABLE - {"parent", "successor"}}
    data.update({k: v for k, v in cleaned.items() if k not in ("parent", "successor")})
    _raise_first(_validate_fields(data))
    if "code" in cleaned and Organization.objects.filter(code=cleaned["code"]).exclude(pk=org.pk).exists():
        raise DomainError(_("Mã cơ quan “%(code)s” đã có.") % {"code": cleaned["code"]}, field="code",
                          code="duplicate")
    if "successor" in cleaned:
        successor = cleaned["successor"]
        if successor is not None and successor.pk == org.pk:
            raise DomainError(_("Một cơ quan không thể kế thừa chính nó."), field="successor")
        _check_successor(org, successor)
        org.successor = successor
    for key, value in cleaned.items():
        if key not in ("parent", "successor"):
            setattr(org, key, value)
    org.save()
    if "parent" in cleaned:
        parent = cleaned["parent"]
        if (parent.pk if parent is not None else None) != org.parent_id:
            _move(org, parent)
    return diff(before, snapshot(org, ORG_FIELDS))


@transaction.atomic
def org_update(*, actor, org: Organization, **fields) -> Organization:
    """Change a body's fields. A new `parent` moves the whole subtree (paths rewritten set-based);
    a parent inside the body's own subtree is refused."""
    require_perm(actor, "core.org.manage", org)
    if fields.get("parent") is not None:
        require_perm(actor, "core.org.manage", fields["parent"])
    org = Organization.objects.select_for_update().get(pk=org.pk)
    changes = _apply_update(org, fields)
    if changes:
        audit_record(actor=actor, action="org.update", obj=org, organization=org, changes=changes)
    return org


@transaction.atomic
def org_close(
    *,
    actor,
    org: Organization,
    valid_to: dt.date,
    successor: Organization | None = None,
    reason: str = "",
    move_children: bool = False,
) -> Organization:
    """Close a body on `valid_to` (dissolution, or merger into `successor`). Its history is kept.
    With `move_children`, its bodies still active after `valid_to` are moved under the successor."""
    require_perm(actor, "core.org.manage", org)
    org = Organization.objects.select_for_update().get(pk=org.pk)
    if not isinstance(valid_to, dt.date):
        raise DomainError(_("Cần nhập ngày hết hiệu lực."), field="valid_to")
    if org.valid_from and valid_to < org.valid_from:
        raise DomainError(_("Ngày hết hiệu lực không được trước ngày có hiệu lực (%(d)s).")
                          % {"d": _fmt(org.valid_from)}, field="valid_to")
    if successor is not None:
        successor = Organization.objects.get(pk=successor.pk)
        if successor.pk == org.pk:
            raise DomainError(_("Một cơ quan không thể kế thừa chính nó."), field="successor")
        if successor.valid_to is not None and successor.valid_to <= valid_to:
            raise DomainError(_("Cơ quan kế thừa “%(s)s” đã hết hiệu lực.") % {"s": successor.name},
                              field="successor")
        _check_successor(org, successor)
    if move_children:
        if successor is None:
            raise DomainError(_("Cần chọn cơ quan kế thừa để chuyển các đơn vị trực thuộc."), field="successor")
        if successor.path.startswith(org.path):
            raise DomainError(_("Cơ quan kế thừa không được là đơn vị trực thuộc của cơ quan bị sáp nhập."),
                              field="successor")
        require_perm(actor, "core.org.manage", successor)
    before = snapshot(org, ORG_FIELDS)
    org.valid_to = valid_to
    org.successor = successor
    org.save(update_fields=["valid_to", "successor", "updated_at"])
    moved = []
    if move_children:
        children = org.children.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=valid_to)).order_by("pk")
        for child in children:
            _move(child, Organization.objects.get(pk=successor.pk))
            moved.append(child.code)
    changes = diff(before, snapshot(org, ORG_FIELDS))
    if moved:
        changes["moved_children"] = moved
    audit_record(actor=actor, action="org.close", obj=org, organization=org, changes=changes, reason=reason)
    return org


# --- import and export ------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def _parse_date(value) -> dt.date | None:
    """A date cell: a date/datetime (Excel) or text dd/mm/yyyy or yyyy-mm-dd. Raises ValueError."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y") if not isinstance(value, dt.datetime) else value.date().strftime("%d/%m/%Y")
    return " ".join(str(value).split())


def _read_rows(content: bytes, filename: str) -> list[dict]:
    """The file's data rows as {column: raw value} with "_row" (1-based, the header is row 1)."""
    collector = ValidationCollector(file=filename)
    if filename.lower().endswith((".xlsx", ".xlsm")):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 - any unreadable workbook is the same error to the user
            collector.add(None, None, _("Không đọc được tệp Excel."))
            collector.raise_if_any()
        sheet = workbook.worksheets[0]
        raw_rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        workbook.close()
    elif filename.lower().endswith((".csv", ".txt")):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            collector.add(None, None, _("Tệp CSV phải được lưu theo bảng mã UTF-8."))
            collector.raise_if_any()
        sample = text[:2048]
        delimiter = ";" if sample.split("\n", 1)[0].count(";") > sample.split("\n", 1)[0].count(",") else ","
        raw_rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    else:
        collector.add(None, None, _("Chỉ nhận tệp .csv hoặc .xlsx."))
        collector.raise_if_any()
    if not raw_rows:
        collector.add(None, None, _("Tệp rỗng."))
        collector.raise_if_any()
    header = [fold(_cell_text(cell)).replace(" ", "_") for cell in raw_rows[0]]
    for required in ("code", "name"):
        if required not in header:
            collector.add(1, required, _("Thiếu cột bắt buộc."))
    collector.raise_if_any()
    rows = []
    for number, raw in enumerate(raw_rows[1:], start=2):
        if all(cell is None or str(cell).strip() == "" for cell in raw):
            continue
        row = {"_row": number}
        for index, column in enumerate(header):
            if column in COLUMNS:
                row[column] = raw[index] if index < len(raw) else None
        rows.append(row)
    return rows


def _validate_import(rows: list[dict], filename: str) -> list[dict]:
    """Clean every row and check the file as a whole; raise ImportFailed listing every problem."""
    collector = ValidationCollector(file=filename)
    cleaned: list[dict] = []
    first_row_of: dict[str, int] = {}
    for row in rows:
        number = row["_row"]
        data = {
            "_row": number,
            "code": _cell_text(row.get("code")),
            "name": _cell_text(row.get("name")),
            "short_name": _cell_text(row.get("short_name")),
            "parent_code": _cell_text(row.get("parent_code")),
            "successor_code": _cell_text(row.get("successor_code")),
            "aliases": _clean_list(_cell_text(row.get("aliases"))),
            "managed_sectors": _clean_list(_cell_text(row.get("managed_sectors"))),
            "email": _cell_text(row.get("email")),
            "phone": _cell_text(row.get("phone")),
            "address": _cell_text(row.get("address")),
        }
        kind_text = _cell_text(row.get("kind"))
        data["kind"] = kind_from_text(kind_text) if kind_text else OrgKind.OTHER.value
        if data["kind"] is None:
            collector.add(number, "kind", _("Loại cơ quan “%(k)s” không có trong danh mục.") % {"k": kind_text})
        for column in ("valid_from", "valid_to"):
            try:
                data[column] = _parse_date(row.get(column))
            except ValueError:
                data[column] = None
                collector.add(number, column, _("Ngày “%(v)s” không đúng dạng dd/mm/yyyy.")
                              % {"v": _cell_text(row.get(column))})
        for field, message in _validate_fields(data):
            if field == "kind" and data["kind"] is None:
                continue
            collector.add(number, field, message)
        code = data["code"]
        if code:
            if code in first_row_of:
                collector.add(number, "code", _("Mã “%(code)s” trùng với dòng %(row)s.")
                              % {"code": code, "row": first_row_of[code]})
            else:
                first_row_of[code] = number
        cleaned.append(data)

    file_codes = set(first_row_of)
    existing = {
        code: (parent_code or "")
        for code, parent_code in Organization.objects.values_list("code", "parent__code")
    }
    known = file_codes | set(existing)
    for data in cleaned:
        if data["parent_code"] and data["parent_code"] not in known:
            collector.add(data["_row"], "parent_code",
                          _("Không có cơ quan cấp trên mã “%(c)s”.") % {"c": data["parent_code"]})
        if data["parent_code"] and data["parent_code"] == data["code"]:
            collector.add(data["_row"], "parent_code", _("Cơ quan không thể là cấp trên của chính nó."))
        if data["successor_code"] and data["successor_code"] not in known:
            collector.add(data["_row"], "successor_code",
                          _("Không có cơ quan kế thừa mã “%(c)s”.") % {"c": data["successor_code"]})
        if data["successor_code"] and data["successor_code"] == data["code"]:
            collector.add(data["_row"], "successor_code", _("Một cơ quan không thể kế thừa chính nó."))

    # Cycles in the tree the file would leave behind (file rows override the stored parents).
    parents = dict(existing)
    for data in cleaned:
        if data["code"] and first_row_of.get(data["code"]) == data["_row"]:
            parents[data["code"]] = data["parent_code"]
    for data in cleaned:
        code = data["code"]
        if not code or first_row_of.get(code) != data["_row"] or data["parent_code"] == code:
            continue
        seen = {code}
        current = parents.get(code, "")
        while current:
            if current in seen:
                collector.add(data["_row"], "parent_code",
                              _("Cơ quan cấp trên “%(c)s” tạo thành vòng lặp trong cây tổ chức.")
                              % {"c": data["parent_code"]})
                break
            seen.add(current)
            current = parents.get(current, "")
    collector.errors.sort(key=lambda error: error.row or 0)
    collector.raise_if_any()
    return cleaned


def _import_order(rows: list[dict]) -> list[dict]:
    """Parents before their children (within the file)."""
    by_code = {row["code"]: row for row in rows}
    ordered: list[dict] = []
    done: set[str] = set()

    def visit(row: dict) -> None:
        if row["code"] in done:
            return
        done.add(row["code"])
        parent = by_code.get(row["parent_code"])
        if parent is not None:
            visit(parent)
        ordered.append(row)

    for row in rows:
        visit(row)
    return ordered


@transaction.atomic
def org_import_file(*, actor, file, filename: str) -> ImportResult:
    """Import bodies from a CSV (UTF-8, with or without BOM) or .xlsx file with the columns of
    COLUMNS. Every row is checked first; any problem raises ImportFailed listing every bad row and
    nothing is written. Rows are matched on `code`: new codes are created, changed rows updated,
    identical rows left alone, so importing the same file twice changes nothing."""
    require_perm(actor, "core.org.manage")
    content = file.read() if hasattr(file, "read") else bytes(file)
    if isinstance(content, str):
        content = content.encode("utf-8")
    rows = _validate_import(_read_rows(content, filename), filename)
    created = updated = unchanged = 0
    for row in _import_order(rows):
        parent = Organization.objects.get(code=row["parent_code"]) if row["parent_code"] else None
        fields = {
            "name": row["name"], "short_name": row["short_name"], "kind": row["kind"], "aliases": row["aliases"],
            "valid_from": row["valid_from"], "valid_to": row["valid_to"],
            "managed_sectors": row["managed_sectors"], "email": row["email"], "phone": row["phone"],
            "address": row["address"],
        }
        org = Organization.objects.select_for_update().filter(code=row["code"]).first()
        if org is None:
            org = Organization.objects.create(code=row["code"], parent=parent, **fields)
            _set_path(org)
            created += 1
            row["_status"] = "created"
            continue
        changed = {key: value for key, value in fields.items() if getattr(org, key) != value}
        if org.parent_id != (parent.pk if parent else None):
            changed["parent"] = parent
        if changed:
            _apply_update(org, changed)
            updated += 1
            row["_status"] = "updated"
        else:
            unchanged += 1
            row["_status"] = "unchanged"
    # Successors last: a successor may appear later in the file.
    for row in rows:
        org = Organization.objects.get(code=row["code"])
        successor = Organization.objects.get(code=row["successor_code"]) if row["successor_code"] else None
        if org.successor_id != (successor.pk if successor else None):
            _apply_update(org, {"successor": successor})
            if row["_status"] == "unchanged":
                unchanged -= 1
                updated += 1
                row["_status"] = "updated"
    result = ImportResult(created=created, updated=updated, unchanged=unchanged)
    audit_record(actor=actor, action="org.import", object_type="core.organization", object_repr=filename,
                 changes={"file": filename, "rows": len(rows), "created": created, "updated": updated,
                          "unchanged": unchanged})
    return result


def _export_rows(orgs) -> list[list[str]]:
    rows = []
    for org in orgs:
        rows.append([
            org.code, org.name, org.short_name, org.kind, org.parent.code if org.parent_id else "",
            f"{LIST_SEPARATOR} ".join(org.aliases or []), _fmt(org.valid_from), _fmt(org.valid_to),
            org.successor.code if org.successor_id else "", f"{LIST_SEPARATOR} ".join(org.managed_sectors or []),
            org.email, org.phone, org.address,
        ])
    return rows


def org_export(*, actor, fmt: str = "csv") -> bytes:
    """Every body the actor may see, in the import format (CSV UTF-8 with BOM, or .xlsx)."""
    from liemchinh.core.selectors.orgs import visible_orgs

    if fmt not in ("csv", "xlsx"):
        raise DomainError(_("Định dạng xuất không hợp lệ."), field="fmt")
    orgs = visible_orgs(actor).select_related("parent", "successor").order_by("path")
    rows = _export_rows(orgs)
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
        return buffer.getvalue().encode("utf-8")
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "organizations"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for column, width in zip("ABCDEFGHIJKLM", (14, 50, 16, 26, 14, 30, 12, 12, 14, 20, 26, 16, 40), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- groups -----------------------------------------------------------------------------------


def _resolve_members(members: Iterable) -> list[Organization]:
    result = []
    for member in members or ():
        if isinstance(member, Organization):
            result.append(member)
            continue
        query = Q(code=member) if isinstance(member, str) else Q(pk=member)
        org = Organization.objects.filter(query).first()
        if org is None:
            raise DomainError(_("Không có cơ quan “%(m)s”.") % {"m": member}, field="members")
        result.append(org)
    return result


def _validate_group(data: dict, group: OrgGroup | None) -> None:
    if not data["code"]:
        raise DomainError(_("Thiếu mã nhóm."), field="code")
    if len(data["code"]) > 40:
        raise DomainError(_("Mã nhóm dài quá 40 ký tự."), field="code")
    if not data["name"]:
        raise DomainError(_("Thiếu tên nhóm."), field="name")
    bad = [kind for kind in data["member_kinds"] if kind not in OrgKind.values]
    if bad:
        raise DomainError(_("Loại cơ quan không hợp lệ: %(k)s.") % {"k": ", ".join(bad)}, field="member_kinds")
    duplicate = OrgGroup.objects.filter(code=data["code"])
    if group is not None:
        duplicate = duplicate.exclude(pk=group.pk)
    if duplicate.exists():
        raise DomainError(_("Mã nhóm “%(code)s” đã có.") % {"code": data["code"]}, field="code", code="duplicate")


def _kinds(values: Iterable[str]) -> list[str]:
    return [kind_from_text(value) or value for value in _clean_list(values)]


@transaction.atomic
def group_create(
    *,
    actor,
    code: str,
    name: str,
    phrases: Iterable[str] = (),
    member_kinds: Iterable[str] = (),
    members: Iterable = (),
    description: str = "",
) -> OrgGroup:
    """A named group of bodies ("các sở, ban, ngành"): explicit members plus every active body of
    `member_kinds`; `phrases` are the ways documents name it."""
    require_perm(actor, "core.group.manage")
    data = {"code": (code or "").strip(), "name": " ".join((name or "").split()), "phrases": _clean_list(phrases),
            "member_kinds": _kinds(member_kinds), "description": (description or "").strip()}
    _validate_group(data, None)
    member_orgs = _resolve_members(members)
    group = OrgGroup.objects.create(**data)
    group.members.set(member_orgs)
    audit_record(actor=actor, action="group.create", obj=group,
                 changes={**data, "members": sorted(org.code for org in member_orgs)})
    return group


@transaction.atomic
def group_update(*, actor, group: OrgGroup, **fields) -> OrgGroup:
    """Change a group's code, name, phrases, member_kinds, description and/or members."""
    require_perm(actor, "core.group.manage")
    allowed = set(GROUP_FIELDS) | {"members"}
    unknown = set(fields) - allowed
    if unknown:
        raise DomainError(_("Trường không sửa được: %(f)s.") % {"f": ", ".join(sorted(unknown))},
                          field=sorted(unknown)[0])
    group = OrgGroup.objects.select_for_update().get(pk=group.pk)
    before = snapshot(group, GROUP_FIELDS)
    before["members"] = sorted(group.members.values_list("code", flat=True))
    data = {key: getattr(group, key) for key in GROUP_FIELDS}
    for key, value in fields.items():
        if key in ("code", "description"):
            data[key] = (value or "").strip()
        elif key == "name":
            data[key] = " ".join((value or "").split())
        elif key == "phrases":
            data[key] = _clean_list(value)
        elif key == "member_kinds":
            data[key] = _kinds(value)
    _validate_group(data, group)
    for key in GROUP_FIELDS:
        setattr(group, key, data[key])
    group.save()
    if "members" in fields:
        group.members.set(_resolve_members(fields["members"]))
    after = snapshot(group, GROUP_FIELDS)
    after["members"] = sorted(group.members.values_list("code", flat=True))
    changes = diff(before, after)
    if changes:
        audit_record(actor=actor, action="group.update", obj=group, changes=changes)
    return group
