"""Documents written for these tests in layouts the seeds do not have: a decision (articles,
numbered law), a web page (menus, scripts, header table) and an official letter built as .docx
(header and signature in tables). They guard against rules that only fit the seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document as DocxDocument

from liemchinh.documents.extraction import extract_file
from liemchinh.documents.extraction.evaluate import Report

FIXTURES = Path(__file__).parent / "fixtures"


def build_cong_van(path: Path) -> Path:
    doc = DocxDocument()
    header = doc.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nHUYỆN PHÚ LƯƠNG"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    header.cell(1, 0).text = "Số: 318/UBND-TTr\nV/v tăng cường công tác tiếp công dân và giải quyết khiếu nại, tố cáo"
    header.cell(1, 1).text = "Phú Lương, ngày 12 tháng 6 năm 2024"
    for text in [
        "Kính gửi:", "- Thanh tra huyện;", "- Phòng Nội vụ;", "- Ủy ban nhân dân các xã, thị trấn.",
        "Thực hiện Chỉ thị số 35/CT-TTg ngày 07/12/2023 của Thủ tướng Chính phủ về tăng cường công tác tiếp "
        "công dân, Ủy ban nhân dân huyện yêu cầu các cơ quan, đơn vị thực hiện các nội dung sau:",
        "1. Thanh tra huyện chủ trì, phối hợp với Phòng Nội vụ rà soát các vụ việc khiếu nại, tố cáo tồn đọng; "
        "báo cáo Ủy ban nhân dân huyện chậm nhất ngày 30/7/2024.",
        "2. Ủy ban nhân dân các xã, thị trấn có trách nhiệm bố trí lịch tiếp công dân định kỳ của Chủ tịch; "
        "hằng quý báo cáo kết quả về Thanh tra huyện.",
        "3. Phòng Văn hóa và Thông tin:",
        "- Đăng tải lịch tiếp công dân trên Trang thông tin điện tử của huyện;",
        "- Hoàn thành việc rà soát quy trình trong quý III năm 2024.",
        "Ủy ban nhân dân huyện yêu cầu Thủ trưởng các cơ quan, đơn vị nghiêm túc thực hiện./.",
    ]:
        doc.add_paragraph(text)
    footer = doc.add_table(rows=1, cols=2)
    footer.cell(0, 0).text = "Nơi nhận:\n- Như trên;\n- TT Huyện ủy;\n- Lưu: VT, TTr."
    footer.cell(0, 1).text = "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n\nĐỗ Văn Thành"
    doc.save(path)
    return path


def _truth(name: str) -> dict:
    return json.loads((FIXTURES / "synthetic_truth" / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture
def synthetic_docs(tmp_path) -> dict[str, Path]:
    return {
        "quyet_dinh": FIXTURES / "synthetic" / "quyet_dinh.txt",
        "ke_hoach_trang_web": FIXTURES / "synthetic" / "ke_hoach_trang_web.html",
        "cong_van": build_cong_van(tmp_path / "cong_van.docx"),
    }


@pytest.mark.parametrize("name", ["quyet_dinh", "ke_hoach_trang_web", "cong_van"])
def test_synthetic_metadata_is_read(synthetic_docs, name):
    got = extract_file(synthetic_docs[name])
    want = _truth(name)
    for key in ["number", "doc_type", "issuer", "place", "issued_on", "signer", "signer_title"]:
        assert got[key] == want[key], key
    assert got["title"].lower() == want["title"].lower()
    assert got["legal_bases"] == want["legal_bases"]
    assert got["recipients"] == want["recipients"]


def test_synthetic_scores_meet_targets(synthetic_docs):
    report = Report()
    for name, path in synthetic_docs.items():
        report.add(name, extract_file(path), _truth(name))
    summary = report.summary()
    for field, entry in summary["fields"].items():
        assert entry["accuracy"] >= 0.95, field
    assert summary["lists"]["legal_bases"]["f1"] >= 0.9
    assert summary["lists"]["tasks"]["f1"] >= 0.8


def test_docx_keeps_body_order_of_paragraphs_and_tables(tmp_path):
    from liemchinh.documents.extraction.readers import read_text

    text = read_text(build_cong_van(tmp_path / "cv.docx"))
    assert text.index("Số: 318/UBND-TTr") < text.index("Kính gửi:") < text.index("Nơi nhận:") < text.index("Đỗ Văn Thành")


def test_assignment_table_in_docx_and_html(tmp_path):
    from liemchinh.documents.extraction import extract_text
    from liemchinh.documents.extraction.readers import html_to_text
    from liemchinh.documents.tests.test_extraction_steps import ASSIGNMENT_TABLE, EXPECTED_TABLE_TASKS

    doc = DocxDocument()
    for text in ["SỞ Y TẾ", "Số: 9/KH-SYT", "KẾ HOẠCH", "Phòng, chống tham nhũng năm 2025", "PHỤ LỤC"]:
        doc.add_paragraph(text)
    table = doc.add_table(rows=len(ASSIGNMENT_TABLE), cols=5)
    for r, row in enumerate(ASSIGNMENT_TABLE):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    doc.save(tmp_path / "kh.docx")
    html = ("<html><body><p>SỞ Y TẾ</p><p>Số: 9/KH-SYT</p><p>KẾ HOẠCH</p><p>Phòng, chống tham nhũng năm 2025</p><table>"
            + "".join("<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>" for row in ASSIGNMENT_TABLE)
            + "</table></body></html>")
    for result in (extract_file(tmp_path / "kh.docx"), extract_text(html_to_text(html))):
        assert [(t["lead"], t["partners"], t["due_on"], t["recurrence"]) for t in result["tasks"]] == EXPECTED_TABLE_TASKS
