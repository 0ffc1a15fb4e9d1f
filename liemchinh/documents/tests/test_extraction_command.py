"""`extract_document`: the exact JSON shape for every fixture, and the error cases."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from django.core.management import call_command
from pypdf import PdfWriter

from liemchinh.documents.extraction import ExtractionError, readers
from liemchinh.documents.extraction.pipeline import KEYS
from liemchinh.documents.tests.test_extraction_synthetic import build_cong_van

FIXTURES = Path(__file__).parent / "fixtures"
RECURRENCES = {"quarterly", "half_yearly", "nine_monthly", "yearly"}
ROOT = Path(__file__).resolve().parents[3]


def _fixture_paths(tmp_path) -> list[Path]:
    paths = sorted((FIXTURES / "seeds").glob("*.txt")) + sorted((FIXTURES / "synthetic").iterdir())
    return [*paths, build_cong_van(tmp_path / "cong_van.docx")]


def run(path) -> dict:
    out = io.StringIO()
    call_command("extract_document", str(path), "--json", "--no-registry", stdout=out)
    return json.loads(out.getvalue())


def assert_contract_shape(result: dict) -> None:
    assert list(result) == KEYS
    for key in ["number", "doc_type", "issuer", "place", "issued_on", "title", "signer", "signer_title"]:
        assert result[key] is None or isinstance(result[key], str), key
    if result["issued_on"]:
        assert len(result["issued_on"]) == 10 and result["issued_on"][4] == "-"
    assert all(isinstance(x, str) and x for x in result["legal_bases"])
    assert all(isinstance(x, str) and x for x in result["recipients"])
    for task in result["tasks"]:
        assert list(task) == ["lead", "partners", "text", "due_on", "recurrence"]
        assert task["lead"] is None or isinstance(task["lead"], str)
        assert all(isinstance(p, str) for p in task["partners"])
        assert isinstance(task["text"], str) and "\n" not in task["text"]
        assert task["due_on"] is None or isinstance(task["due_on"], str)
        rec = task["recurrence"]
        assert rec is None or (isinstance(rec, str) and rec in RECURRENCES) or (
            isinstance(rec, list) and len(rec) > 1 and set(rec) <= RECURRENCES)


@pytest.mark.django_db
def test_json_shape_for_every_fixture(tmp_path):
    for path in _fixture_paths(tmp_path):
        result = run(path)
        assert_contract_shape(result)
        assert result["doc_type"] is not None, path.name


@pytest.mark.django_db
def test_command_output_is_the_document_fields(tmp_path):
    result = run(FIXTURES / "seeds" / "001_27325cff689fa06c.txt")
    assert result["number"] == "262/KH-UBND"
    assert result["signer"] == "Hoàng Quốc Khánh"


def test_command_prints_only_utf8_json_on_stdout():
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "manage.py", "extract_document", str(FIXTURES / "seeds" / "004_17e0f4fead6f4fe3.txt"), "--json",
         "--no-registry"], cwd=ROOT, capture_output=True, timeout=120, check=False,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("utf-8")
    assert "Quảng Nam" in text  # not \u escapes
    assert json.loads(text)["number"] == "678/KH-UBND"


def _expect_error(path, reason: str, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        call_command("extract_document", str(path), "--json", "--no-registry", stdout=io.StringIO())
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert path.name in err and reason in err


def test_empty_file(tmp_path, capsys):
    path = tmp_path / "rong.txt"
    path.write_bytes(b"")
    _expect_error(path, "tệp rỗng", capsys)


def test_corrupt_docx(tmp_path, capsys):
    path = tmp_path / "hong.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 50)
    _expect_error(path, "không đọc được tệp Word", capsys)


def test_corrupt_pdf(tmp_path, capsys):
    path = tmp_path / "hong.pdf"
    path.write_bytes(b"%PDF-1.4\n garbage without objects")
    _expect_error(path, "PDF bị hỏng", capsys)


def test_unsupported_type_is_known_by_content_not_name(tmp_path, capsys):
    path = tmp_path / "anh.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64)
    _expect_error(path, "không được hỗ trợ", capsys)


def test_password_protected_pdf(tmp_path, capsys):
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("mat-khau")
    path = tmp_path / "khoa.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    _expect_error(path, "mật khẩu", capsys)


def test_password_protected_docx(tmp_path, capsys):
    path = tmp_path / "khoa.docx"  # an encrypted Office file is an OLE container, not a zip
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    _expect_error(path, "mật khẩu", capsys)


def test_scanned_pdf_without_ocr_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "_ocr_available", lambda: False)
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    path = tmp_path / "scan.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(ExtractionError) as error:
        readers.read_text(path)
    assert "apt-get install tesseract-ocr tesseract-ocr-vie" in str(error.value)
    assert "scan.pdf" in str(error.value)


def _text_pdf(lines: list[str]) -> bytes:
    stream = "BT /F1 11 Tf 40 780 Td 14 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_pdf_text_layer_is_read(tmp_path):
    path = tmp_path / "vanban.bin"  # the extension does not matter
    path.write_bytes(_text_pdf(["So: 15/KH-UBND", "KE HOACH", "Giao Thanh tra tinh chu tri."]))
    text = readers.read_text(path)
    assert "15/KH-UBND" in text and "KE HOACH" in text


def _cp1258(text: str) -> bytes:
    """Windows-1258 writes Vietnamese as a base letter (ô, ơ, ư, ă, đ …) plus a combining tone mark."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


def test_text_encodings_are_detected(tmp_path):
    sample = "Số: 9/KH-UBND\nKẾ HOẠCH\nPhòng, chống tham nhũng, tiêu cực"
    for name, data in [("bom.txt", b"\xef\xbb\xbf" + sample.encode("utf-8")), ("u16.txt", sample.encode("utf-16")),
                       ("cp.txt", _cp1258(sample))]:
        path = tmp_path / name
        path.write_bytes(data)
        assert readers.read_text(path).splitlines() == sample.splitlines(), name


def test_html_page_debris_is_removed():
    text = readers.html_to_text("<html><body><nav>Trang chủ Menu</nav><script>var a='Số: 1/KH-X';</script>"
                                "<p>KẾ HOẠCH</p><div class='share'>Chia sẻ</div><footer>Bản quyền</footer></body></html>")
    assert "KẾ HOẠCH" in text
    assert "Trang chủ" not in text and "var a" not in text and "Chia sẻ" not in text and "Bản quyền" not in text


@pytest.mark.django_db
def test_command_resolves_names_through_the_registry(org_tree, tmp_path):
    path = tmp_path / "kh.txt"
    path.write_text("UBND TỈNH\nSố: 3/KH-UBND\nKẾ HOẠCH\nKiểm tra tài chính\nII. NHIỆM VỤ\n"
                    "1. Giao Sở TC chủ trì, phối hợp với Thanh tra tỉnh kiểm tra ngân sách trước ngày 30/6/2026.\n"
                    "2. Phòng Quản trị tổng hợp số liệu.\n", encoding="utf-8")
    out = io.StringIO()
    call_command("extract_document", str(path), "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["issuer"] == "Ủy ban nhân dân tỉnh"
    assert [(t["lead"], t["partners"]) for t in result["tasks"]] == [
        ("Sở Tài chính", ["Thanh tra tỉnh"]), ("Phòng Quản trị", [])]
    out = io.StringIO()
    call_command("extract_document", str(path), "--json", "--no-registry", stdout=out)
    assert json.loads(out.getvalue())["tasks"][0]["lead"] == "Sở TC"
