"""Importing the registries of conflict-of-interest control (contracts/integrity-data.md).

`registry_import` takes the contract's CSV files (or one .xlsx workbook), checks every row of
every file and either refuses the whole import, listing every problem (file, row, column,
message), or writes it in one transaction. Rows are matched on their natural keys (Body.org_code,
Official.official_id, Position.natural_key, Relative and EnterprisePerson record_key,
Enterprise.tax_code, Contract.contract_id): new keys are created, rows whose content or place
(file, row) changed are updated with their new provenance and import run, identical rows are not
written, so importing the same files again writes nothing. Rows absent from a file are kept
(registries accumulate). Each run leaves an ImportRun (counts per file, or the errors) and one
audit record.

The checks of each row need no database and run before the write transaction, reporting their
progress on the run (`rows_done` / `rows_total`) where a page can poll it; the references
(official, body, enterprise in the import or already stored) and the writes run in the
transaction, set-based: existing keys are read once per table, rows created and updated in bulk.

Who may call: holders of integrity.IMPORT (the inspectorate, asset-control officers); the SYSTEM
actor from `liemchinh integrity_import` and the demo loader. Uploads are imported by a background
job (tasks.import_registries) started by `registry_upload_start`.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable
from contextlib import contextmanager
from operator import itemgetter
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liemchinh.core.errors import DomainError, ImportFailed
from liemchinh.core.models import Organization
from liemchinh.core.permissions import require_perm
from liemchinh.core.services.audit import audit_record
from liemchinh.integrity.importing.cleaning import CLEANERS, FILE_ORDER, CleanFile, ImportErrors, digest
from liemchinh.integrity.importing.readers import (
    REGISTRY_FILES,
    XLSX_SUFFIX,
    ReadResult,
    Source,
    read_sources,
)
from liemchinh.integrity.models import (
    Body,
    Contract,
    Enterprise,
    EnterprisePerson,
    ImportRun,
    Official,
    Position,
    Relative,
)
from liemchinh.integrity.permissions import IMPORT

ProgressFn = Callable[[str, int, int], None]  # (stage "check" | "write", rows done, rows total)

PROGRESS_EVERY = 5_000  # rows between two progress reports
CREATE_BATCH = 10_000
UPDATE_BATCH = 500
MAX_STORED_ERRORS = 10_000  # a run keeps this many errors (the command prints them all)
MAX_UPLOAD_BYTES = 200 * 1024 * 1024
SQLITE_CACHE_KIB = -262_144  # negative: KiB (256 MB at most, allocated as used)
UPLOAD_DIR = "integrity/imports"

# What each file writes: model, natural key field, and the file's references to resolve to ids.
_TARGETS = {
    "organizations.csv": (Body, "org_code"),
    "officials.csv": (Official, "official_id"),
    "enterprises.csv": (Enterprise, "tax_code"),
    "positions.csv": (Position, "natural_key"),
    "relatives.csv": (Relative, "record_key"),
    "enterprise_people.csv": (EnterprisePerson, "record_key"),
    "contracts.csv": (Contract, "contract_id"),
}
# (file, reference column, registry file it points to, model, key field, message)
_REFERENCES = (
    ("positions.csv", "official_id", "officials.csv"),
    ("positions.csv", "org_code", "organizations.csv"),
    ("relatives.csv", "official_id", "officials.csv"),
    ("enterprise_people.csv", "tax_code", "enterprises.csv"),
    ("contracts.csv", "buyer_org_code", "organizations.csv"),
    ("contracts.csv", "supplier_tax_code", "enterprises.csv"),
    ("contracts.csv", "signer_official_id", "officials.csv"),
)
_KEY_COLUMN = {
    "officials.csv": (Official, "official_id", 0),
    "organizations.csv": (Body, "org_code", 0),
    "enterprises.csv": (Enterprise, "tax_code", 0),
}


def _unknown_message(target: str, value: str) -> str:
    if target == "officials.csv":
        return _(
            "Không có cán bộ mã “%(v)s” trong officials.csv của lần nhập này hay trong sổ liệu đã có."
        ) % {"v": value}
    if target == "organizations.csv":
        return _(
            "Không có cơ quan mã “%(v)s” trong organizations.csv của lần nhập này hay trong sổ liệu đã có."
        ) % {"v": value}
    return _(
        "Không có doanh nghiệp mã số thuế “%(v)s” trong enterprises.csv của lần nhập này hay trong sổ liệu "
        "đã có."
    ) % {"v": value}


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) and getattr(actor, "pk", None) else None


class _Progress:
    """Counts rows and reports every PROGRESS_EVERY rows to the callback and, while checking, to
    the run's rows_done (outside the write transaction, so a page polling the run sees it)."""

    def __init__(self, run: ImportRun, total: int, callback: ProgressFn | None) -> None:
        self.run, self.total, self.callback = run, total, callback
        self.stage, self.done, self._next = "check", 0, PROGRESS_EVERY

    def start(self, stage: str) -> None:
        self.stage, self.done, self._next = stage, 0, PROGRESS_EVERY
        self.report()

    def tick(self) -> None:
        self.done += 1
        if self.done >= self._next:
            self._next += PROGRESS_EVERY
            self.report()

    def report(self) -> None:
        if self.stage == "check":
            ImportRun.objects.filter(pk=self.run.pk).update(rows_done=self.done)
        if self.callback is not None:
            self.callback(self.stage, self.done, self.total)


def _keys_in_files(read: ReadResult) -> dict[str, set[str]]:
    """The keys of officials, bodies and enterprises in this import: every row, even a refused
    one, so that one bad row is reported once and not again by each row referring to it."""
    return {
        target: {cells[index].strip() for _number, cells in read.files[target].rows}
        if target in read.files
        else set()
        for target, (_model, _field, index) in _KEY_COLUMN.items()
    }


def _check_references(
    present: dict[str, set[str]], cleaned: dict[str, CleanFile], errors: ImportErrors
) -> None:
    """Every reference points to a key of this import or to a stored row."""
    for target, (model, field, _index) in _KEY_COLUMN.items():
        if any(t == target and f in cleaned for f, _c, t in _REFERENCES):
            present[target] |= set(model.objects.values_list(field, flat=True))
    for name, column, target in _REFERENCES:
        clean = cleaned.get(name)
        if clean is None:
            continue
        known = present[target]
        for record in clean.records:
            value = record.refs.get(column)
            if value and value not in known:
                errors.add(name, record.row, column, _unknown_message(target, value))


@contextmanager
def _sqlite_cache():
    """A larger page cache on SQLite while writing: the unique indexes of hashed keys are filled in
    random order, and the default 2 MB cache makes that I/O-bound."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = {SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def _existing(model, key_field: str) -> dict[str, tuple]:
    rows = model.objects.values_list(key_field, "pk", "row_hash", "source_file", "source_row")
    return {key: (pk, digest, file, row) for key, pk, digest, file, row in rows.iterator(chunk_size=20_000)}


def _upsert(clean: CleanFile, run: ImportRun, progress: _Progress) -> dict:
    model, key_field = _TARGETS[clean.name]
    existing = _existing(model, key_field) if model.objects.exists() else {}
    to_create, to_update = [], []
    unchanged = 0
    name = clean.name
    for record in clean.records:
        previous = existing.get(record.key)
        if previous is not None and previous[1:] == (record.digest, name, record.row):
            unchanged += 1
        else:
            values = record.values  # completed in place: no copy of 400,000 dicts
            values.update(
                source_file=name, source_row=record.row, row_hash=record.digest, import_run_id=run.pk
            )
            if previous is None:
                to_create.append(values)
            else:
                to_update.append(model(pk=previous[0], **values))
        progress.tick()
    _insert(model, to_create)
    if to_update:
        provenance = ("source_file", "source_row", "row_hash", "import_run_id")
        fields = [f for f in dict.fromkeys([*clean.records[0].values, *provenance]) if f != key_field]
        model.objects.bulk_update(to_update, fields, batch_size=UPDATE_BATCH)
    return {
        "created": len(to_create),
        "updated": len(to_update),
        "unchanged": unchanged,
        "duplicates": clean.duplicates,
    }


def _converter(field):
    ops = connection.ops
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.DecimalField):
        return lambda value: ops.adapt_decimalfield_value(value, field.max_digits, field.decimal_places)
    if isinstance(field, models.JSONField):
        return lambda value: field.get_db_prep_save(value, connection)
    return None


def _insert(model, rows: list[dict]) -> None:
    """INSERT the new rows in batches of one executemany each: the importer's values are already
    clean, so the per-object work of bulk_create (instances, per-field preparation) is skipped;
    the values go through the backend's own adapters."""
    if not rows:
        return
    columns = list(rows[0])
    fields = [model._meta.get_field(column) for column in columns]
    getter = itemgetter(*columns)
    conversions = [(i, convert) for i, convert in enumerate(map(_converter, fields)) if convert is not None]
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608 (model metadata)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CREATE_BATCH):
            batch = [list(getter(row)) for row in rows[start : start + CREATE_BATCH]]
            for values in batch:
                for i, convert in conversions:
                    values[i] = convert(values[i])
            cursor.executemany(sql, batch)


def _ids(model, key_field: str) -> dict[str, int]:
    return dict(model.objects.values_list(key_field, "pk").iterator(chunk_size=20_000))


def _resolve(clean: CleanFile | None, mapping: dict[str, tuple[str, dict[str, int]]]) -> None:
    """Turn each record's reference codes into the ids of the rows they name."""
    if clean is None:
        return
    for record in clean.records:
        for column, (attname, ids) in mapping.items():
            code = record.refs.get(column)
            record.values[attname] = ids[code] if code else None


def _write(cleaned: dict[str, CleanFile], run: ImportRun, progress: _Progress) -> dict:
    counts: dict[str, dict] = {}
    progress.start("write")
    if "organizations.csv" in cleaned:
        org_ids = dict(Organization.objects.values_list("code", "pk"))
        for record in cleaned["organizations.csv"].records:
            organization_id = org_ids.get(record.key)
            record.values["organization_id"] = organization_id
            record.digest = digest(record.digest, organization_id)  # a new link to the tree is a change
    for name in ("organizations.csv", "officials.csv", "enterprises.csv"):
        if name in cleaned:
            counts[name] = _upsert(cleaned[name], run, progress)
    needs = {
        name
        for name in ("positions.csv", "relatives.csv", "enterprise_people.csv", "contracts.csv")
        if name in cleaned
    }
    officials = _ids(Official, "official_id") if needs - {"enterprise_people.csv"} else {}
    bodies = _ids(Body, "org_code") if needs & {"positions.csv", "contracts.csv"} else {}
    enterprises = _ids(Enterprise, "tax_code") if needs & {"enterprise_people.csv", "contracts.csv"} else {}
    _resolve(
        cleaned.get("positions.csv"),
        {"official_id": ("official_id", officials), "org_code": ("body_id", bodies)},
    )
    _resolve(cleaned.get("relatives.csv"), {"official_id": ("official_id", officials)})
    _resolve(cleaned.get("enterprise_people.csv"), {"tax_code": ("enterprise_id", enterprises)})
    _resolve(
        cleaned.get("contracts.csv"),
        {
            "buyer_org_code": ("buyer_id", bodies),
            "supplier_tax_code": ("supplier_id", enterprises),
            "signer_official_id": ("signer_id", officials),
        },
    )
    for name in ("positions.csv", "relatives.csv", "enterprise_people.csv", "contracts.csv"):
        if name in cleaned:
            counts[name] = _upsert(cleaned[name], run, progress)
    progress.report()
    return {name: counts[name] for name in FILE_ORDER if name in counts}


def _refuse(run: ImportRun, actor, failure: ImportFailed) -> None:
    errors = [{"file": e.file, "row": e.row, "column": e.field, "message": e.message} for e in failure.errors]
    run.status = ImportRun.Status.FAILED
    run.finished_at = timezone.now()
    run.errors = errors[:MAX_STORED_ERRORS]
    run.counts = {"errors_total": len(errors)}
    run.save(update_fields=["status", "finished_at", "errors", "counts", "files", "rows_total"])
    audit_record(
        actor=actor,
        action="integrity.registry_import_refused",
        obj=run,
        changes={"files": run.files, "errors_total": len(errors)},
    )


def registry_import(
    *,
    actor,
    sources: list[Source],
    source: str = ImportRun.Source.COMMAND,
    run: ImportRun | None = None,
    progress: ProgressFn | None = None,
) -> ImportRun:
    """Import registry files (see the module docstring). Returns the finished run; raises
    ImportFailed (every error, nothing written; the run is kept as failed) or PermissionDenied."""
    require_perm(actor, IMPORT)
    if run is None:
        run = ImportRun.objects.create(actor=_user(actor), source=source)
    errors = ImportErrors()
    collecting = gc.isenabled()
    gc.disable()  # hundreds of thousands of small objects, none cyclic: collections would only cost time
    try:
        read = read_sources(sources, errors)
        run.files, run.rows_total = read.received, read.rows_total
        ImportRun.objects.filter(pk=run.pk).update(files=run.files, rows_total=run.rows_total, rows_done=0)
        counter = _Progress(run, read.rows_total, progress)
        counter.start("check")
        cleaned = {
            name: CLEANERS[name](name, read.files[name].rows, errors, counter.tick)
            for name in FILE_ORDER
            if name in read.files
        }
        counter.report()
        present = _keys_in_files(read)
        read.files.clear()  # the raw rows are no longer needed: free them before writing
        with transaction.atomic(), _sqlite_cache():
            _check_references(present, cleaned, errors)
            errors.raise_if_any()
            counts = _write(cleaned, run, counter)
            run.status = ImportRun.Status.DONE
            run.finished_at = timezone.now()
            run.counts = counts
            run.rows_done = run.rows_total
            run.errors = []
            run.save(
                update_fields=[
                    "status",
                    "finished_at",
                    "counts",
                    "rows_done",
                    "errors",
                    "files",
                    "rows_total",
                ]
            )
            audit_record(
                actor=actor,
                action="integrity.registry_import",
                obj=run,
                changes={"files": run.files, "counts": counts},
            )
    except ImportFailed as failure:
        _refuse(run, actor, failure)
        raise
    finally:
        if collecting:
            gc.enable()
    return run


def registry_import_fail(*, run: ImportRun, message: str) -> None:
    """Mark a run that stopped on an unexpected error (the job's safety net): nothing was written."""
    ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.RUNNING).update(
        status=ImportRun.Status.FAILED,
        finished_at=timezone.now(),
        errors=[{"file": None, "row": None, "column": None, "message": message}],
    )


# --- uploads ----------------------------------------------------------------------------------


def _upload_name(upload) -> str:
    return PurePath(getattr(upload, "name", "") or "").name


def registry_upload_start(*, actor, files: list) -> ImportRun:
    """Receive uploaded registry files (several contract .csv files, or one .xlsx workbook), keep
    them until the background job has imported them, and start the job when the transaction
    commits. Returns the run, whose page shows the progress. Who: integrity.IMPORT."""
    require_perm(actor, IMPORT)
    uploads = [f for f in files if f is not None]
    if not uploads:
        raise DomainError(_("Hãy chọn các tệp CSV của sổ liệu hoặc một tệp Excel (.xlsx)."), field="files")
    names = [_upload_name(f).lower() for f in uploads]
    workbooks = [n for n in names if n.endswith(XLSX_SUFFIX)]
    if workbooks and len(uploads) > 1:
        raise DomainError(
            _("Tải lên một tệp Excel duy nhất, hoặc các tệp CSV (không trộn lẫn)."), field="files"
        )
    unknown = [n for n in names if not n.endswith(XLSX_SUFFIX) and n not in REGISTRY_FILES]
    if unknown:
        raise DomainError(
            _("Tệp “%(f)s” không thuộc sổ liệu; tên tệp phải là một trong: %(names)s.")
            % {"f": unknown[0], "names": ", ".join(REGISTRY_FILES)},
            field="files",
        )
    if len(set(names)) != len(names):
        raise DomainError(_("Có tệp được chọn hai lần."), field="files")
    if sum(getattr(f, "size", 0) or 0 for f in uploads) > MAX_UPLOAD_BYTES:
        raise DomainError(
            _("Các tệp lớn quá %(n)s MB.") % {"n": MAX_UPLOAD_BYTES // (1024 * 1024)}, field="files"
        )
    with transaction.atomic():
        run = ImportRun.objects.create(actor=_user(actor), source=ImportRun.Source.UPLOAD)
        stored = []
        for upload, name in zip(uploads, names, strict=True):
            upload.seek(0)
            path = default_storage.save(f"{UPLOAD_DIR}/{run.pk}/{name}", ContentFile(upload.read()))
            stored.append({"name": name, "path": path, "size": getattr(upload, "size", 0) or 0})
        run.files = stored
        run.save(update_fields=["files"])

        def enqueue() -> None:
            from liemchinh.integrity.tasks import import_registries

            import_registries.enqueue(run.pk)

        transaction.on_commit(enqueue)
    return run


def stored_upload_sources(run: ImportRun) -> list[Source]:
    """The uploaded files of a run, read back from storage (for the job)."""
    sources = []
    for item in run.files or []:
        path = item.get("path") if isinstance(item, dict) else None
        if path and default_storage.exists(path):
            with default_storage.open(path, "rb") as handle:
                sources.append(Source(item["name"], handle.read()))
    return sources


def stored_upload_delete(paths: list[str]) -> None:
    """Forget the uploaded copies once imported (the registries hold personal data)."""
    for path in paths:
        if path and default_storage.exists(path):
            default_storage.delete(path)


def run_duration(run: ImportRun) -> dt.timedelta | None:
    return run.finished_at - run.started_at if run.finished_at else None
