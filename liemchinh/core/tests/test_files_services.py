"""evidence_upload / evidence_download: type from content, size limit, duplicates, metadata removal."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from liemchinh.core.errors import DomainError
from liemchinh.core.models import AuditEvent, EvidenceFile
from liemchinh.core.roles import Role
from liemchinh.core.services.files import download_name, evidence_download, evidence_upload

# --- sample files, built byte by byte ---------------------------------------------------------

def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_with_metadata() -> bytes:
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr)
            + _png_chunk(b"eXIf", b"MM\x00*\x00\x00\x00\x08GPS-Tay-Ninh")
            + _png_chunk(b"tEXt", b"Author\x00Nguyen Van A")
            + _png_chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
            + _png_chunk(b"IEND", b""))


def _segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


SCAN = b"\x12\x34\x56\x78image-data\xff\x00more"


def jpeg_with_exif() -> bytes:
    return (b"\xff\xd8" + _segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
            + _segment(0xE1, b"Exif\x00\x00MM\x00*GPS 11.3N 106.1E Canon EOS")
            + _segment(0xFE, b"chup boi Nguyen Van A")
            + _segment(0xDB, b"\x00" + bytes(range(64)))
            + _segment(0xDA, b"\x01\x01\x00\x00\x3f\x00") + SCAN + b"\xff\xd9")


def pdf_bytes(author: str | None = None) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if author:
        writer.add_metadata({"/Author": author, "/Creator": "Máy của " + author})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def docx_bytes(author: str = "") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Biên bản kiểm tra")
    document.core_properties.author = author
    document.core_properties.last_modified_by = author
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def focal(org_tree, make_user):
    return make_user(Role.FOCAL_POINT, org_tree["finance"])


# --- types ---------------------------------------------------------------------------------------

def test_pdf_is_stored_under_a_generated_name_and_audited(org_tree, focal):
    record = evidence_upload(actor=focal, file=upload("Biên bản.pdf", pdf_bytes()), organization=org_tree["finance"])
    assert record.content_type == "application/pdf" and record.duplicate is False
    assert "Biên" not in record.file.name and record.uuid.hex in record.file.name
    assert record.original_name == "Biên bản.pdf"
    event = AuditEvent.objects.get(action="evidence.upload")
    assert event.object_id == str(record.pk) and event.organization_id == org_tree["finance"].pk


def test_sha256_is_of_the_stored_content(org_tree, focal):
    import hashlib

    content = "Nội dung báo cáo\n".encode()
    record = evidence_upload(actor=focal, file=upload("a.txt", content), organization=org_tree["finance"])
    assert record.sha256 == hashlib.sha256(content).hexdigest()
    assert record.size == len(content)
    assert record.file.read() == content


@pytest.mark.parametrize(("name", "content"), [
    ("hop-dong.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200),  # an .exe
    ("anh.jpg", b"\x7fELF\x02\x01\x01" + b"\x00" * 100),
    ("polyglot.pdf", b"MZ\x90\x00" + b"\x00" * 60 + b"%PDF-1.4\n" + b"\x00" * 60 + b"%%EOF\n"),
    ("bao-cao.txt", b"\xff\xfe\x00\x00binary\x00"),
    ("ho-so.zip", None),
    ("macro.docx", None),
    ("latin1.csv", "Hà Nội;1".encode("latin-1", "replace") + b"\xe0\xe1"),
])
def test_refused_types_store_nothing(org_tree, focal, name, content):
    if name == "ho-so.zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("a.exe", b"MZ")
        content = buffer.getvalue()
    if name == "macro.docx":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("[Content_Types].xml", "application/vnd.ms-word.document.macroEnabled.main+xml")
            archive.writestr("word/document.xml", "<w/>")
            archive.writestr("word/vbaProject.bin", b"\x00")
        content = buffer.getvalue()
    with pytest.raises(DomainError, match="Loại tệp không được chấp nhận") as excinfo:
        evidence_upload(actor=focal, file=upload(name, content, "application/pdf"), organization=org_tree["finance"])
    assert excinfo.value.field == "file"
    assert not EvidenceFile.objects.exists() and not AuditEvent.objects.exists()


@pytest.mark.parametrize(("name", "builder", "expected"), [
    ("nhan-ten-sai.txt", pdf_bytes, "application/pdf"),
    ("bien-ban.docx", docx_bytes, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("anh.png", png_with_metadata, "image/png"),
    ("anh.jpg", jpeg_with_exif, "image/jpeg"),
    ("so-lieu.csv", lambda: "Đơn vị;Số vụ\nSở Tài chính;2\n".encode(), "text/csv; charset=utf-8"),
])
def test_type_comes_from_content(org_tree, focal, name, builder, expected):
    record = evidence_upload(actor=focal, file=upload(name, builder(), "text/plain"), organization=org_tree["finance"])
    assert record.content_type == expected


def test_pdf_named_txt_downloads_with_a_pdf_extension(org_tree, focal):
    record = evidence_upload(actor=focal, file=upload("Báo cáo.txt", pdf_bytes()), organization=org_tree["finance"])
    assert download_name(record) == "Báo cáo.pdf"


def test_xlsx_and_ole_documents_are_recognised(org_tree, focal):
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "Số liệu"
    buffer = io.BytesIO()
    book.save(buffer)
    record = evidence_upload(actor=focal, file=upload("x.bin", buffer.getvalue()), organization=org_tree["finance"])
    assert record.content_type.endswith("spreadsheetml.sheet")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + "WordDocument".encode("utf-16-le") + b"\x00" * 100
    record = evidence_upload(actor=focal, file=upload("cu.doc", ole), organization=org_tree["finance"])
    assert record.content_type == "application/msword"
    msi = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + "SummaryInformation".encode("utf-16-le")
    with pytest.raises(DomainError):
        evidence_upload(actor=focal, file=upload("setup.doc", msi), organization=org_tree["finance"])


# --- size ----------------------------------------------------------------------------------------

def test_oversize_is_refused_with_the_limit_in_mb(org_tree, focal, settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    content = b"a" * (1024 * 1024 + 1)
    with pytest.raises(DomainError, match=r"tối đa 1 MB") as excinfo:
        evidence_upload(actor=focal, file=upload("lon.txt", content), organization=org_tree["finance"])
    assert excinfo.value.code == "too_large"
    assert not EvidenceFile.objects.exists()


def test_oversize_stream_without_declared_size_is_refused(org_tree, focal, settings):
    settings.EVIDENCE_MAX_BYTES = int(2.5 * 1024 * 1024)
    stream = io.BytesIO(b"a" * (3 * 1024 * 1024))
    stream.name = "lon.txt"
    with pytest.raises(DomainError, match=r"tối đa 2,5 MB"):
        evidence_upload(actor=focal, file=stream, organization=org_tree["finance"])
    assert not EvidenceFile.objects.exists()


# --- duplicates ------------------------------------------------------------------------------------

def test_same_content_for_the_same_body_is_not_stored_twice(org_tree, focal, make_user):
    first = evidence_upload(actor=focal, file=upload("a.pdf", pdf_bytes()), organization=org_tree["finance"])
    again = evidence_upload(actor=focal, file=upload("b.pdf", pdf_bytes()), organization=org_tree["finance"])
    assert again.pk == first.pk and again.duplicate is True
    assert EvidenceFile.objects.count() == 1
    assert AuditEvent.objects.filter(action="evidence.upload_duplicate").count() == 1
    other = make_user(Role.FOCAL_POINT, org_tree["justice"])
    elsewhere = evidence_upload(actor=other, file=upload("a.pdf", pdf_bytes()), organization=org_tree["justice"])
    assert elsewhere.pk != first.pk and elsewhere.duplicate is False


# --- metadata --------------------------------------------------------------------------------------

def test_exif_is_removed_from_jpeg(org_tree, focal):
    record = evidence_upload(actor=focal, file=upload("anh.jpg", jpeg_with_exif()), organization=org_tree["finance"],
                             strip_metadata=True)
    stored = record.file.read()
    assert record.metadata_stripped is True
    assert b"Exif" not in stored and b"GPS" not in stored and b"Nguyen" not in stored
    assert stored.startswith(b"\xff\xd8") and b"JFIF" in stored and SCAN in stored and stored.endswith(b"\xff\xd9")


def test_exif_and_text_are_removed_from_png(org_tree, focal):
    record = evidence_upload(actor=focal, file=upload("anh.png", png_with_metadata()), organization=org_tree["finance"],
                             strip_metadata=True)
    stored = record.file.read()
    assert b"eXIf" not in stored and b"Nguyen" not in stored
    assert b"IHDR" in stored and b"IDAT" in stored and stored.endswith(_png_chunk(b"IEND", b""))


def test_metadata_kept_unless_asked(org_tree, focal):
    record = evidence_upload(actor=focal, file=upload("anh.jpg", jpeg_with_exif()), organization=org_tree["finance"])
    assert record.metadata_stripped is False and b"Exif" in record.file.read()


def test_author_removed_from_docx_and_pdf(org_tree, focal):
    import docx
    from pypdf import PdfReader

    record = evidence_upload(actor=focal, file=upload("bb.docx", docx_bytes("Trần Thị Bình")),
                             organization=org_tree["finance"], strip_metadata=True)
    document = docx.Document(io.BytesIO(record.file.read()))
    assert record.metadata_stripped and document.core_properties.author == ""
    assert document.core_properties.last_modified_by == ""
    assert document.paragraphs[0].text == "Biên bản kiểm tra"

    record = evidence_upload(actor=focal, file=upload("bb.pdf", pdf_bytes("Trần Thị Bình")),
                             organization=org_tree["finance"], strip_metadata=True)
    reader = PdfReader(io.BytesIO(record.file.read()))
    assert record.metadata_stripped
    assert not (reader.metadata or {}).get("/Author") and len(reader.pages) == 1


# --- permissions and download ----------------------------------------------------------------------

def test_upload_needs_the_permission_on_the_body(org_tree, focal, make_user):
    with pytest.raises(PermissionDenied):
        evidence_upload(actor=focal, file=upload("a.txt", b"x"), organization=org_tree["justice"])
    viewer = make_user(Role.VIEWER, org_tree["province"])
    with pytest.raises(PermissionDenied):
        evidence_upload(actor=viewer, file=upload("a.txt", b"x"), organization=org_tree["finance"])


def test_download_checks_permission_and_audits_identifying_files(org_tree, focal, make_user):
    record = evidence_upload(actor=focal, file=upload("don.txt", "Tên người tố cáo".encode()),
                             organization=org_tree["finance"], is_identifying=True)
    other = make_user(Role.FOCAL_POINT, org_tree["justice"])
    with pytest.raises(PermissionDenied):
        evidence_download(actor=other, uuid=record.uuid)
    officer = make_user(Role.INSPECTORATE_OFFICER, org_tree["province"])
    assert evidence_download(actor=officer, uuid=record.uuid).pk == record.pk
    event = AuditEvent.objects.get(action="evidence.download")
    assert event.actor_id == officer.pk and event.object_id == str(record.pk)
    plain = evidence_upload(actor=focal, file=upload("b.txt", b"thuong"), organization=org_tree["finance"])
    evidence_download(actor=officer, uuid=plain.uuid)
    assert AuditEvent.objects.filter(action="evidence.download").count() == 1


def test_large_file_on_the_file_system_storage(org_tree, focal, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}
    content = ("Dòng số liệu;1.234.567 đ\n" * 250_000).encode()  # > 4 MB: spooled to disk
    record = evidence_upload(actor=focal, file=upload("lon.csv", content), organization=org_tree["finance"])
    stored = tmp_path / record.file.name
    assert stored.read_bytes() == content and record.size == len(content)
    assert record.content_type.startswith("text/csv")
