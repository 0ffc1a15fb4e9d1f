"""Evidence files: upload (type decided from the content, size limit, de-duplication by SHA-256,
optional removal of metadata) and audited download of files that identify a person.

The declared name and MIME type of an upload are never trusted: an executable renamed .pdf is
refused, a PDF named .txt is stored as a PDF. The allow-list is data in core/rules.py.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import re
import struct
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass

import puremagic
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liemchinh.core import rules
from liemchinh.core.errors import DomainError, NotFoundError
from liemchinh.core.models import EvidenceFile
from liemchinh.core.permissions import SystemActor, has_perm, require_perm, user_roles
from liemchinh.core.roles import INSPECTORATE_ROLES
from liemchinh.core.services.audit import audit_record

CHUNK = 64 * 1024
HEAD_BYTES = 8192

# Families puremagic reports for each type's signature; a file whose structure says one type
# while its signature says another is refused.
_MAGIC_FAMILY = {
    "pdf": {".pdf", ".fdf", ".ai"},
    "png": {".png", ".apng"},
    "jpeg": {".jpg", ".jpeg", ".jfif", ".jpe", ".jfi"},
    "gif": {".gif"},
    "webp": {".webp"},
}


@dataclass
class Detected:
    key: str
    reason: str = ""


def max_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_BYTES", rules.evidence_policy(timezone.localdate()).max_bytes))


def _magic_extensions(head: bytes) -> set[str]:
    try:
        return {m.extension.lower() for m in puremagic.magic_string(head) if m.extension}
    except (puremagic.PureError, ValueError):
        return set()


def _magic_name(head: bytes) -> str:
    try:
        matches = puremagic.magic_string(head)
    except (puremagic.PureError, ValueError):
        return ""
    return matches[0].name if matches else ""


def _zip_type(fh) -> str | None:
    """docx/xlsx/pptx (Office Open XML, no macros) or odt/ods, else None (a plain ZIP)."""
    try:
        with zipfile.ZipFile(fh) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size < 200:
                    mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                    for key in ("odt", "ods"):
                        if mimetype == rules.EVIDENCE_TYPES[key].mime:
                            return key
                return None
            if "[Content_Types].xml" not in names or any(n.lower().endswith("vbaproject.bin") for n in names):
                return None
            if archive.getinfo("[Content_Types].xml").file_size > 1024 * 1024:
                return None
            content_types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
            if "macroEnabled" in content_types:
                return None
            checks = (
                ("docx", "word/", "wordprocessingml.document.main+xml"),
                ("xlsx", "xl/", "spreadsheetml.sheet.main+xml"),
                ("pptx", "ppt/", "presentationml.presentation.main+xml"),
            )
            for key, folder, main_type in checks:
                if main_type in content_types and any(n.startswith(folder) for n in names):
                    return key
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError):
        return None
    return None


def _ole_type(fh) -> str | None:
    """doc or xls, recognised by the stream names in the compound file's directory (UTF-16)."""
    fh.seek(0)
    data = fh.read()
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    if "Workbook".encode("utf-16-le") in data or "Book\x00".encode("utf-16-le") in data:
        return "xls"
    return None


def _is_utf8_text(fh) -> bool:
    fh.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    while chunk := fh.read(CHUNK):
        if b"\x00" in chunk:
            return False
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError:
            return False
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def detect_type(fh, declared_name: str = "") -> Detected | None:
    """The evidence type of the content in `fh` (a seekable binary file), or None if refused."""
    fh.seek(0)
    head = fh.read(HEAD_BYTES)
    key = None
    if head.lstrip(b"\xef\xbb\xbf\r\n\t ").startswith(b"%PDF-"):
        fh.seek(-min(2048, fh.seek(0, os.SEEK_END)), os.SEEK_END)
        key = "pdf" if b"%%EOF" in fh.read() else None
    elif head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
        key = "png"
    elif head.startswith(b"\xff\xd8\xff"):
        key = "jpeg"
    elif head[:6] in (b"GIF87a", b"GIF89a"):
        key = "gif"
    elif head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        key = "webp"
    elif head.startswith(b"PK\x03\x04"):
        fh.seek(0)
        key = _zip_type(fh)
    elif head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        key = _ole_type(fh)
    elif _is_utf8_text(fh):
        key = "csv" if declared_name.lower().endswith(".csv") else "txt"
    if key in _MAGIC_FAMILY:
        found = _magic_extensions(head)
        if found and not found & _MAGIC_FAMILY[key]:
            key = None
    fh.seek(0)
    if key is None or key not in rules.evidence_policy(timezone.localdate()).allowed:
        return None
    return Detected(key)


# --- metadata removal -------------------------------------------------------------------------

def _strip_jpeg(data: bytes) -> bytes:
    """Drop APP1 (EXIF, XMP), APP13 (IPTC) and comments; keep JFIF, ICC, Adobe and the image."""
    out = bytearray(data[:2])
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return data  # not a well-formed segment list: leave the file as it is
        marker = data[pos + 1]
        if marker == 0xDA:  # start of scan: the rest is image data
            out += data[pos:]
            return bytes(out)
        if marker == 0xFF:
            pos += 1
            continue
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        segment = data[pos:pos + 2 + length]
        if marker not in (0xE1, 0xED, 0xFE):
            out += segment
        pos += 2 + length
    return data


def _strip_png(data: bytes) -> bytes:
    dropped = {b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"}
    out = bytearray(data[:8])
    pos = 8
    while pos + 12 <= len(data):
        length = struct.unpack(">I", data[pos:pos + 4])[0]
        kind = data[pos + 4:pos + 8]
        end = pos + 12 + length
        if kind not in dropped:
            out += data[pos:end]
        pos = end
        if kind == b"IEND":
            break
    return bytes(out)


def _strip_webp(data: bytes) -> bytes:
    out = bytearray()
    pos = 12
    while pos + 8 <= len(data):
        kind = data[pos:pos + 4]
        length = struct.unpack("<I", data[pos + 4:pos + 8])[0]
        end = pos + 8 + length + (length & 1)
        chunk = bytearray(data[pos:end])
        if kind == b"VP8X" and len(chunk) > 8:
            chunk[8] &= ~(0x08 | 0x04) & 0xFF  # no EXIF, no XMP
        if kind not in (b"EXIF", b"XMP "):
            out += chunk
        pos = end
    return b"RIFF" + struct.pack("<I", len(out) + 4) + b"WEBP" + bytes(out)


_OOXML_PERSONAL = {
    "docProps/core.xml": ("creator", "lastModifiedBy", "lastPrinted", "description", "keywords"),
    "docProps/app.xml": ("Company", "Manager"),
}


def _strip_ooxml(data: bytes) -> bytes:
    """Empty the author, last editor, company and manager of an Office Open XML file. The parts
    are edited as text (no XML parser runs on the upload); every other part is copied as is."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            local_names = _OOXML_PERSONAL.get(info.filename)
            if local_names:
                names = "|".join(local_names).encode()
                pattern = rb"(<((?:[\w.-]+:)?(?:" + names + rb"))(?:\s[^>]*)?>).*?(</\2\s*>)"
                content = re.sub(pattern, rb"\1\3", content, flags=re.DOTALL)
            target.writestr(info, content)
    return buffer.getvalue()


def _strip_pdf(data: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise ValueError("encrypted")
    writer = PdfWriter(clone_from=reader)
    writer.metadata = None
    root = writer._root_object
    if NameObject("/Metadata") in root:
        del root[NameObject("/Metadata")]
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


_STRIPPERS = {"jpeg": _strip_jpeg, "png": _strip_png, "webp": _strip_webp, "pdf": _strip_pdf,
              "docx": _strip_ooxml, "xlsx": _strip_ooxml, "pptx": _strip_ooxml}


def strip_metadata_bytes(key: str, data: bytes) -> bytes | None:
    """The content without its metadata, or None when this type (or this file) cannot be cleaned."""
    stripper = _STRIPPERS.get(key)
    if stripper is None:
        return None
    try:
        return stripper(data)
    except Exception:  # noqa: BLE001 - a file we cannot parse is stored as it came, flagged not stripped
        return None


# --- names --------------------------------------------------------------------------------------

def clean_filename(name: str) -> str:
    """The user's file name, as a label only: no folders, no control characters, NFC, ≤ 255."""
    name = unicodedata.normalize("NFC", os.path.basename(str(name).replace("\\", "/")))
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip().strip(".") or "tep-minh-chung"
    if len(name) > 255:
        stem, ext = os.path.splitext(name)
        name = stem[: 255 - len(ext)] + ext
    return name


def download_name(record: EvidenceFile) -> str:
    """The original name, with the extension of the detected type when the declared one differs."""
    evidence_type = next((t for t in rules.EVIDENCE_TYPES.values() if t.mime == record.content_type), None)
    if evidence_type is None:
        return record.original_name
    stem, ext = os.path.splitext(record.original_name)
    if ext.lower() in evidence_type.extensions:
        return record.original_name
    return f"{stem or record.original_name}{evidence_type.extensions[0]}"


# --- services -------------------------------------------------------------------------------------

def evidence_upload(*, actor, file, organization, description: str = "", is_identifying: bool = False,
                    strip_metadata: bool = False) -> EvidenceFile:
    """Store one evidence file for `organization` and return its record.

    Who: anyone with core.evidence.upload on the body. Refused (nothing stored) when larger than
    settings.EVIDENCE_MAX_BYTES or when the content is not an allowed type. When the same content
    (SHA-256 of what would be stored) already exists for that body, nothing is stored again: the
    existing record is returned with `record.duplicate = True`.
    """
    if organization is None:
        require_perm(actor, "core.evidence.upload")
    else:
        require_perm(actor, "core.evidence.upload", organization)
    limit = max_bytes()
    name = clean_filename(getattr(file, "name", "") or "")
    too_big = DomainError(
        _("Tệp vượt quá dung lượng cho phép (tối đa %(mb)s MB).") % {"mb": rules.evidence_limit_mb(limit)},
        field="file", code="too_large",
    )
    if (getattr(file, "size", None) or 0) > limit:
        raise too_big
    with tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024) as spool:
        digest = hashlib.sha256()
        size = 0
        chunks = file.chunks(CHUNK) if hasattr(file, "chunks") else iter(lambda: file.read(CHUNK), b"")
        for chunk in chunks:
            size += len(chunk)
            if size > limit:
                raise too_big
            digest.update(chunk)
            spool.write(chunk)
        if size == 0:
            raise DomainError(_("Tệp rỗng."), field="file", code="empty")
        detected = detect_type(spool, name)
        if detected is None:
            spool.seek(0)
            looks_like = _magic_name(spool.read(HEAD_BYTES))
            allowed = ", ".join(sorted({t.label for t in rules.EVIDENCE_TYPES.values()}))
            message = _("Loại tệp không được chấp nhận. Chỉ nhận: %(allowed)s.") % {"allowed": allowed}
            if looks_like:
                message += " " + _("Tệp này có vẻ là: %(kind)s.") % {"kind": looks_like}
            raise DomainError(message, field="file", code="type_refused")
        evidence_type = rules.EVIDENCE_TYPES[detected.key]
        stripped = False
        if strip_metadata and evidence_type.strippable:
            spool.seek(0)
            cleaned = strip_metadata_bytes(detected.key, spool.read())
            if cleaned is not None:
                spool.seek(0)
                spool.truncate()
                spool.write(cleaned)
                size = len(cleaned)
                digest = hashlib.sha256(cleaned)
                stripped = True
        sha256 = digest.hexdigest()

        with transaction.atomic():
            existing = EvidenceFile.objects.filter(sha256=sha256, organization=organization).first()
            if existing is not None:
                existing.duplicate = True
                audit_record(actor=actor, action="evidence.upload_duplicate", obj=existing,
                             organization=organization, changes={"original_name": name, "sha256": sha256})
                return existing
            record = EvidenceFile(
                original_name=name, content_type=evidence_type.mime, size=size, sha256=sha256,
                organization=organization, uploaded_by=actor if getattr(actor, "pk", None) else None,
                description=(description or "")[:255], is_identifying=is_identifying,
                metadata_stripped=stripped,
            )
            spool.seek(0)
            record.file.save(record.uuid.hex, File(spool), save=False)
            stored_name = record.file.name
            try:
                record.save()
                audit_record(actor=actor, action="evidence.upload", obj=record, organization=organization,
                             changes={"original_name": name, "content_type": evidence_type.mime, "size": size,
                                      "sha256": sha256, "is_identifying": is_identifying,
                                      "metadata_stripped": stripped})
            except Exception:
                record.file.storage.delete(stored_name)
                raise
    record.duplicate = False
    return record


def evidence_may_view(actor, record: EvidenceFile) -> bool:
    """core.evidence.view on the file's body; a file of no body (a citizen's upload) is for the
    inspectorate only."""
    if record.organization_id is None:
        return isinstance(actor, SystemActor) or bool(user_roles(actor) & {str(r) for r in INSPECTORATE_ROLES})
    return has_perm(actor, "core.evidence.view", record.organization_id)


def evidence_download(*, actor, uuid) -> EvidenceFile:
    """The record to send to `actor`, after the permission check. Downloads of files that
    identify a person are written to the audit log."""
    record = EvidenceFile.objects.filter(uuid=uuid).select_related("organization").first()
    if record is None:
        raise NotFoundError(_("Không tìm thấy tệp minh chứng."))
    if not evidence_may_view(actor, record):
        raise PermissionDenied(_("Bạn không có quyền xem tệp này."))
    if record.is_identifying:
        with transaction.atomic():
            audit_record(actor=actor, action="evidence.download", obj=record,
                         organization=record.organization_id, changes={"sha256": record.sha256})
    return record
