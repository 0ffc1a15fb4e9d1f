"""Turning a file into plain text. The type is recognised by content, not by the file's name:
.docx (zip with word/document.xml), .pdf (%PDF), HTML (tags), otherwise text in UTF-8 (with or
without BOM), UTF-16 or Windows-1258. Every failure is an ExtractionError with a Vietnamese
message naming the file."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import unicodedata
import zipfile
from pathlib import Path

from liemchinh.documents.extraction.errors import ExtractionError

OCR_HINT = "apt-get install tesseract-ocr tesseract-ocr-vie"


def detect_kind(data: bytes) -> str:
    """"docx", "pdf", "html", "text" or "unknown"."""
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return "docx"  # a damaged Word file: let the reader report it
        return "docx" if "word/document.xml" in names else "unknown"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"  # legacy .doc, or an encrypted .docx
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"
    sample = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if sample.startswith((b"<!doctype html", b"<html")) or re.search(rb"<(html|body|div|p|head)[\s>]", sample):
        return "html"
    if b"\x00" in head:
        return "unknown"
    return "text"


def decode_text(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if data[:200].count(b"\x00") > 20:  # UTF-16 without BOM
        try:
            return data.decode("utf-16-le")
        except UnicodeDecodeError:
            pass
    return data.decode("cp1258", errors="replace")


def _docx_text(data: bytes, name: str) -> str:
    from docx import Document as DocxDocument
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = DocxDocument(io.BytesIO(data))
    except Exception as exc:
        raise ExtractionError(f"Tệp {name}: không đọc được tệp Word (tệp hỏng hoặc không đúng định dạng .docx).") from exc
    lines: list[str] = []

    def walk(container) -> None:
        for child in container.iter_inner_content():
            if isinstance(child, Paragraph):
                lines.append(child.text)
            elif isinstance(child, Table) and len(child.columns) >= 4:
                # a grid (assignment tables): one "| a | b | … |" line per row, like HTML and text
                for row in child.rows:
                    cells, seen = [], set()
                    for cell in row.cells:
                        if id(cell._tc) not in seen:
                            seen.add(id(cell._tc))
                            cells.append(" ".join(cell.text.split()))
                    lines.append("| " + " | ".join(cells) + " |")
            elif isinstance(child, Table):
                for row in child.rows:
                    seen = set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:  # merged cells repeat
                            continue
                        seen.add(id(cell._tc))
                        walk(cell)
                    lines.append("")

    walk(document)
    return "\n".join(lines)


def _ocr_available() -> bool:
    if not shutil.which("tesseract") or not shutil.which("pdftoppm"):
        return False
    try:
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30, check=False)  # noqa: S603,S607
    except OSError:
        return False
    return "vie" in (langs.stdout + langs.stderr).split()


def _ocr_page(pdf_path: str, page_number: int) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        prefix = str(Path(tmp) / "page")
        subprocess.run(["pdftoppm", "-r", "300", "-png", "-f", str(page_number), "-l", str(page_number),  # noqa: S603,S607
                        pdf_path, prefix], check=True, capture_output=True, timeout=120)
        images = sorted(Path(tmp).glob("page*.png"))
        if not images:
            return ""
        result = subprocess.run(["tesseract", str(images[0]), "stdout", "-l", "vie"],  # noqa: S603,S607
                                check=True, capture_output=True, text=True, timeout=300)
        return result.stdout


def _pdf_text(data: bytes, name: str, path: str | None) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
    except (PdfReadError, ValueError, OSError, KeyError) as exc:
        raise ExtractionError(f"Tệp {name}: tệp PDF bị hỏng, không đọc được.") from exc
    if encrypted:
        try:
            opened = reader.decrypt("")
        except Exception:  # noqa: BLE001 - any failure means we cannot open it
            opened = 0
        if not opened:
            raise ExtractionError(f"Tệp {name}: tệp PDF được bảo vệ bằng mật khẩu, không đọc được.")
    pages: list[str] = []
    try:
        for number, page in enumerate(reader.pages, start=1):
            text = page.extract_text() or ""
            if len(text.strip()) < 20:
                if not _ocr_available():
                    raise ExtractionError(
                        f"Tệp {name}: trang {number} là ảnh quét, không có lớp chữ; chưa cài đặt OCR tiếng Việt "
                        f"(cài bằng lệnh: {OCR_HINT}).")
                if path is None:
                    with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as handle:
                        handle.write(data)
                        path = handle.name
                text = _ocr_page(path, number)
            pages.append(text)
    except ExtractionError:
        raise
    except Exception as exc:
        raise ExtractionError(f"Tệp {name}: tệp PDF bị hỏng, không đọc được.") from exc
    return "\n".join(pages)


_HTML_DROP = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg",
              "button", "select", "template")
_HTML_BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section",
               "article", "ul", "ol", "blockquote", "pre"}


def html_to_text(html: str) -> str:
    from lxml import html as lxml_html

    try:
        root = lxml_html.fromstring(html)
    except Exception:  # noqa: BLE001 - empty or broken markup: keep what the text says
        return re.sub(r"<[^>]+>", " ", html)
    for element in root.iter(*_HTML_DROP):
        element.drop_tree()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        classes = f"{element.get('class', '')} {element.get('id', '')}".lower()
        if re.search(r"\b(menu|navbar|breadcrumb|sidebar|footer|share|social|toolbar)\b", classes):
            element.drop_tree()
    parts: list[str] = []

    def walk(element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _HTML_BLOCK:
            parts.append("\n")
        if tag in ("td", "th"):
            parts.append("| ")
        if element.text and tag:
            parts.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if tag in ("td", "th"):
            parts.append(" |")
        if tag in _HTML_BLOCK:
            parts.append("\n")

    walk(root)
    text = "".join(parts)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    return re.sub(r"\n\s*\n+", "\n", text)


def read_text(path: str | Path) -> str:
    """The text of the file at `path`, whatever its format."""
    path = Path(path)
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ExtractionError(f"Tệp {name}: không mở được tệp ({exc.strerror}).") from exc
    if not data.strip():
        raise ExtractionError(f"Tệp {name}: tệp rỗng, không có nội dung.")
    kind = detect_kind(data)
    if kind == "docx":
        text = _docx_text(data, name)
    elif kind == "pdf":
        text = _pdf_text(data, name, str(path))
    elif kind == "html":
        text = html_to_text(decode_text(data))
    elif kind == "text":
        text = decode_text(data)
        if text.count("\ufffd") > max(10, len(text) // 50):
            raise ExtractionError(f"Tệp {name}: không nhận ra bảng mã của văn bản.")
    elif kind == "ole":
        raise ExtractionError(
            f"Tệp {name}: tệp Word được bảo vệ bằng mật khẩu hoặc ở định dạng .doc cũ; hãy lưu lại thành .docx không mật khẩu.")
    else:
        raise ExtractionError(f"Tệp {name}: loại tệp không được hỗ trợ (chỉ đọc .docx, .pdf, .txt, .html).")
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise ExtractionError(f"Tệp {name}: tệp không có nội dung chữ.")
    return text
