"""Hidden metadata removed from a petition's files when the petitioner asks (the public form's
and the staff intake's "Xóa thông tin ẩn trong tệp" box), by core's stripper; files marked
identifying are still encrypted."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from liemchinh.core.models import AuditEvent
from liemchinh.petitions import crypto
from liemchinh.petitions.models import Petition, PetitionFile

pytestmark = pytest.mark.django_db

LATITUDE = struct.pack(">IIIIII", 11, 1, 18, 1, 4512, 100)  # 11° 18' 45.12"
AUTHOR = "Nguyễn Văn Tố"


def jpeg_with_gps() -> bytes:
    """A JPEG whose EXIF (big-endian TIFF) has a GPS IFD: latitude 11°18'45.12" N and a camera."""
    tiff = bytearray(b"MM\x00*\x00\x00\x00\x08")
    # IFD0 at 8: Make (ASCII at 38), GPSInfo pointer (→ 50); 2 entries, next IFD 0.
    ifd0 = struct.pack(">H", 2)
    ifd0 += struct.pack(">HHII", 0x010F, 2, 12, 38)
    ifd0 += struct.pack(">HHII", 0x8825, 4, 1, 50)
    ifd0 += struct.pack(">I", 0)
    tiff += ifd0  # 8 + 2 + 24 + 4 = 38
    tiff += b"Canon EOS R\x00"  # 38..50
    # GPS IFD at 50: LatitudeRef "N", Latitude (3 rationals at 80).
    gps = struct.pack(">H", 2)
    gps += struct.pack(">HHI", 0x0001, 2, 2) + b"N\x00\x00\x00"
    gps += struct.pack(">HHII", 0x0002, 5, 3, 80)
    gps += struct.pack(">I", 0)
    tiff += gps  # 50 + 2 + 24 + 4 = 80
    tiff += LATITUDE
    app1 = b"Exif\x00\x00" + bytes(tiff)

    def segment(marker: int, payload: bytes) -> bytes:
        return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload

    return (
        b"\xff\xd8"
        + segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
        + segment(0xE1, app1)
        + segment(0xDB, b"\x00" + bytes(range(64)))
        + segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
        + b"\x12\x34image\xff\x00data"
        + b"\xff\xd9"
    )


def docx_with_author() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Bằng chứng về việc chia nhỏ gói thầu")
    document.core_properties.author = AUTHOR
    document.core_properties.last_modified_by = AUTHOR
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _core_xml(data: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode()


def _stored(record: PetitionFile) -> bytes:
    record.file.open("rb")
    try:
        data = record.file.read()
    finally:
        record.file.close()
    return crypto.decrypt_bytes(data) if record.encrypted else data


def test_the_samples_carry_what_must_go():
    photo = jpeg_with_gps()
    assert b"Exif" in photo and LATITUDE in photo and b"Canon" in photo
    assert AUTHOR in _core_xml(docx_with_author())


def test_gps_and_author_are_removed_when_asked(submit):
    petition, _c, _s = submit(
        files=[("anh.jpg", jpeg_with_gps()), ("bang-chung.docx", docx_with_author())], strip_metadata=True
    )
    photo, document = petition.files.order_by("pk")
    assert photo.metadata_stripped and document.metadata_stripped
    cleaned = _stored(photo)
    assert cleaned.startswith(b"\xff\xd8") and b"Exif" not in cleaned and LATITUDE not in cleaned
    assert b"Canon" not in cleaned and b"image\xff\x00data" in cleaned
    core = _core_xml(_stored(document))
    assert AUTHOR not in core and "creator" in core
    assert "Bằng chứng về việc chia nhỏ gói thầu".encode() in zipfile.ZipFile(
        io.BytesIO(_stored(document))
    ).read("word/document.xml")
    event = AuditEvent.objects.get(action="petition.submit", object_id=str(petition.pk))
    assert event.changes["files_metadata_stripped"] == 2


def test_files_are_kept_as_sent_without_the_box(submit):
    petition, _c, _s = submit(files=[("anh.jpg", jpeg_with_gps()), ("bang-chung.docx", docx_with_author())])
    photo, document = petition.files.order_by("pk")
    assert not photo.metadata_stripped and LATITUDE in _stored(photo)
    assert AUTHOR in _core_xml(_stored(document))


def test_an_identifying_file_is_stripped_and_still_encrypted(submit):
    petition, _c, _s = submit(files=[("cccd.jpg", jpeg_with_gps(), True)], strip_metadata=True)
    record = petition.files.get()
    assert record.encrypted and record.is_identifying and record.metadata_stripped
    record.file.open("rb")
    raw = record.file.read()
    record.file.close()
    assert raw[:2] != b"\xff\xd8"  # encrypted at rest
    assert LATITUDE not in _stored(record) and b"Exif" not in _stored(record)


def test_a_type_that_cannot_be_cleaned_is_stored_as_sent(submit):
    petition, _c, _s = submit(files=[("ghi-chu.txt", "Ghi chép của tôi".encode())], strip_metadata=True)
    record = petition.files.get()
    assert not record.metadata_stripped and _stored(record) == "Ghi chép của tôi".encode()


def test_the_public_form_offers_the_box_and_honours_it(client, org_tree, settings):
    settings.PETITIONS_CAPTCHA_ENABLED = False
    cache.clear()
    html = client.get("/gui-don/").content.decode()
    assert "Xóa thông tin ẩn trong tệp (tác giả, vị trí chụp ảnh...)" in html
    response = client.post(
        "/gui-don/",
        {
            "kind": "feedback",
            "content": "Đường liên xã bị lấn chiếm.",
            "anonymous": "on",
            "strip_metadata": "on",
            "files": [
                SimpleUploadedFile("anh.jpg", jpeg_with_gps(), content_type="image/jpeg"),
                SimpleUploadedFile("bang-chung.docx", docx_with_author()),
            ],
        },
    )
    assert response.status_code == 302, response.content.decode()[:1000]
    petition = Petition.objects.get()
    photo, document = petition.files.order_by("pk")
    assert LATITUDE not in _stored(photo) and AUTHOR not in _core_xml(_stored(document))
    cache.clear()


def test_the_staff_intake_offers_the_box_and_honours_it(client, staff, org_tree):
    client.force_login(staff["officer"])
    url = reverse("petitions:staff_create")
    assert "Xóa thông tin ẩn trong tệp" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "channel": "mail",
            "kind": "feedback",
            "received_on": "02/03/2026",
            "body": org_tree["inspectorate"].pk,
            "content": "Phản ánh nhận qua bưu chính.",
            "anonymous": "on",
            "strip_metadata": "on",
            "files": SimpleUploadedFile("anh.jpg", jpeg_with_gps(), content_type="image/jpeg"),
        },
    )
    assert response.status_code == 200
    record = PetitionFile.objects.get()
    assert record.metadata_stripped and LATITUDE not in _stored(record)
    assert (
        "đã xóa thông tin ẩn"
        in client.get(reverse("petitions:case", args=[record.petition_id])).content.decode()
    )
