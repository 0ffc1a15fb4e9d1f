"""Time the document reader on a long plan: a 30-page plan built by repeating and varying a
section of assignments, as .txt and as .docx. Target: under 1 second per document.

    .venv/bin/python benchmarks/bench_extraction.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

from docx import Document as DocxDocument  # noqa: E402

from liemchinh.documents.extraction import extract_file  # noqa: E402

AGENCIES = ["Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Thanh tra tỉnh", "Công an tỉnh", "Sở Y tế",
            "Sở Giáo dục và Đào tạo", "Sở Xây dựng", "Văn phòng Ủy ban nhân dân tỉnh", "Sở Công Thương"]
HEADER = [
    "ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
    "Số: 501/KH-UBND", "Lâm Đồng, ngày 10 tháng 02 năm 2026", "KẾ HOẠCH",
    "Thực hiện công tác phòng, chống tham nhũng, tiêu cực năm 2026",
    "Căn cứ Luật Phòng, chống tham nhũng năm 2018; Nghị định số 59/2019/NĐ-CP ngày 01/7/2019 của Chính phủ;",
    "I. MỤC ĐÍCH, YÊU CẦU", "- Nâng cao hiệu quả công tác phòng, chống tham nhũng.", "II. NHIỆM VỤ CỤ THỂ",
]
FOOTER = ["Trên đây là Kế hoạch, đề nghị các cơ quan, đơn vị nghiêm túc thực hiện./.", "Nơi nhận:",
          "- Thanh tra Chính phủ;", "- Các sở, ban, ngành;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH",
          "Trần Văn Hiệp"]


def body_lines(sections: int) -> list[str]:
    lines: list[str] = []
    for i in range(sections):
        agency = AGENCIES[i % len(AGENCIES)]
        partner = AGENCIES[(i + 3) % len(AGENCIES)]
        month = i % 12 + 1
        lines += [
            f"{i + 1}. Đối với {agency}",
            f"- Chủ trì, phối hợp với {partner} rà soát quy trình, thủ tục hành chính thuộc lĩnh vực quản lý, "
            f"công khai kết quả đợt {i + 1} trên cổng thông tin điện tử; hoàn thành trước ngày 15/{month}/2026.",
            f"- Tổ chức đợt {i + 1} tự kiểm tra việc thực hiện quy tắc ứng xử của cán bộ, công chức, viên chức, kịp thời chấn "
            "chỉnh các biểu hiện nhũng nhiễu, gây phiền hà cho người dân, doanh nghiệp; hằng quý, 6 tháng, năm "
            "báo cáo kết quả về Thanh tra tỉnh.",
            f"- Giao {partner} phối hợp cung cấp thông tin, tài liệu phục vụ đợt kiểm tra {i + 1} (thực hiện trong "
            f"tháng {month} năm 2026).",
        ]
    return lines


def build(directory: Path, pages: int = 30) -> tuple[Path, Path]:
    lines = HEADER + body_lines(sections=pages * 4) + FOOTER  # about 4 sections (≈ 600 words) per page
    txt = directory / "ke_hoach_30_trang.txt"
    txt.write_text("\n".join(lines), encoding="utf-8")
    doc = DocxDocument()
    for line in lines:
        doc.add_paragraph(line)
    docx = directory / "ke_hoach_30_trang.docx"
    doc.save(docx)
    return txt, docx


def timed(path: Path, runs: int = 5) -> tuple[float, dict]:
    best = float("inf")
    result: dict = {}
    for _ in range(runs):
        start = time.perf_counter()
        result = extract_file(path)
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        txt, docx = build(Path(tmp))
        words = len(txt.read_text(encoding="utf-8").split())
        print(f"Plan: {words} words (≈ {words // 500} pages of 500 words), "
              f"{txt.stat().st_size // 1024} KiB as .txt, {docx.stat().st_size // 1024} KiB as .docx")
        ok = True
        for path in (txt, docx):
            seconds, result = timed(path)
            ok = ok and seconds < 1.0
            print(f"{path.suffix:<6} best of 5: {seconds * 1000:7.1f} ms  tasks={len(result['tasks'])} "
                  f"due={sum(1 for t in result['tasks'] if t['due_on'])} legal_bases={len(result['legal_bases'])} "
                  f"{'OK' if seconds < 1.0 else 'SLOW'} (target < 1000 ms)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
