"""One test group per pipeline step: normalise, dates, header, legal bases, agencies, tasks,
recipients."""

from __future__ import annotations

import datetime as dt

from liemchinh.documents.extraction import extract_text
from liemchinh.documents.extraction.agencies import (
    clean_name,
    is_generic,
    lead_of,
    leading_agency,
    partners_of,
)
from liemchinh.documents.extraction.bases import legal_bases
from liemchinh.documents.extraction.dates import find_deadline, find_recurrence, parse_date
from liemchinh.documents.extraction.header import (
    doc_type_from_number,
    issuer_from_header,
    recipients,
    signature,
    smart_case,
)
from liemchinh.documents.extraction.normalize import drop_repeats, join_broken, normalise
from liemchinh.documents.extraction.tasks import extract_tasks

# --- normalise ---------------------------------------------------------------------------------


def test_normalise_reads_metadata_table_and_drops_debris_and_footnotes():
    cleaned = normalise("| Số hiệu | 12/KH-UBND |\n| Người ký | Lê Văn A |\nTăng cỡ chữ Giảm cỡ chữ\n"
                        "PublishingPortal - Block\nNội dung chính¹ của văn bản.\n¹ Chú thích cuối trang.")
    assert cleaned.meta == {"number": "12/KH-UBND", "signer": "Lê Văn A"}
    assert cleaned.lines == ["Nội dung chính của văn bản."]
    assert cleaned.footnotes == ["Chú thích cuối trang."]


def test_repeated_passage_is_kept_once():
    lines = ["Số: 1/KH-UBND", "Dòng một dài.", "Dòng hai dài.", "Dòng ba dài.", "Số: 1/KH-UBND", "Dòng một dài.",
             "Dòng hai dài.", "Dòng ba dài.", "Dòng bốn."]
    assert drop_repeats(lines) == ["Số: 1/KH-UBND", "Dòng một dài.", "Dòng hai dài.", "Dòng ba dài.", "Dòng bốn."]


def test_lines_broken_mid_sentence_are_rejoined_but_items_are_not():
    lines = ["1. Sở Nội vụ tham mưu,", "phối hợp các cơ quan liên quan.", "- Các cơ quan Báo, Đài Phát thanh",
             "- Truyền hình tiếp tục tuyên truyền.", "- Mục mới.", "Cung cấp hồ sơ, tài liệu minh chứng theo", "", "Bộ chỉ số của tỉnh."]
    assert join_broken(lines) == [
        "1. Sở Nội vụ tham mưu, phối hợp các cơ quan liên quan.",
        "- Các cơ quan Báo, Đài Phát thanh - Truyền hình tiếp tục tuyên truyền.",
        "- Mục mới.",
        "Cung cấp hồ sơ, tài liệu minh chứng theo Bộ chỉ số của tỉnh.",
    ]


def test_header_date_split_over_two_lines_is_one_line():
    cleaned = normalise("Hà Giang, ngày 08\ntháng 11 năm 2023")
    assert cleaned.lines == ["Hà Giang, ngày 08 tháng 11 năm 2023"]


# --- dates ---------------------------------------------------------------------------------------


def test_dates_in_both_written_forms():
    assert parse_date("16/09/2025") == dt.date(2025, 9, 16)
    assert parse_date("ngày 08 tháng 11 năm 2023") == dt.date(2023, 11, 8)


def test_deadlines():
    assert find_deadline("gửi báo cáo trước ngày 20/3/2025.") == dt.date(2025, 3, 20)
    assert find_deadline("chậm nhất ngày 30/9/2025") == dt.date(2025, 9, 30)
    assert find_deadline("hoàn thành trước ngày 5 tháng 6 năm 2024") == dt.date(2024, 6, 5)
    assert find_deadline("(Thực hiện trong tháng 02 năm 2025)") == dt.date(2025, 2, 28)
    assert find_deadline("xong trong quý I năm 2024") == dt.date(2024, 3, 31)
    assert find_deadline("trong quý III", default_year=2025) == dt.date(2025, 9, 30)
    assert find_deadline("trước ngày 15/4", default_year=2026) == dt.date(2026, 4, 15)
    assert find_deadline("Các báo cáo gửi sau ngày 31/8/2025 sẽ không được xem xét") is None
    assert find_deadline("Thời kỳ đánh giá: Từ 16/12/2023 đến 15/12/2024.") is None


def test_recurrences():
    assert find_recurrence("hằng quý, 6 tháng, năm báo cáo kết quả") == ["quarterly", "half_yearly", "yearly"]
    assert find_recurrence("Hàng năm tham mưu UBND tỉnh") == "yearly"
    assert find_recurrence("định kỳ 6 tháng báo cáo") == "half_yearly"
    assert find_recurrence("theo các kỳ thống kê quý, 06 tháng, 09 tháng và năm") == [
        "quarterly", "half_yearly", "nine_monthly", "yearly"]
    assert find_recurrence("báo cáo định kỳ, đột xuất theo yêu cầu") is None
    assert find_recurrence("trong quý I năm 2025") is None


# --- header -------------------------------------------------------------------------------------


def test_issuer_is_the_lowest_body_of_the_header_block_in_full_words():
    assert issuer_from_header(["UBND TỈNH THÁI BÌNH", "SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "Số: 5/KH-SKHĐT"], 10) == "Sở Kế hoạch và Đầu tư"
    assert issuer_from_header(["ỦY BAN NHÂN DÂN", "TỈNH HÀ GIANG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], 10) == (
        "Ủy ban nhân dân tỉnh Hà Giang")
    assert smart_case("ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ") == "Ủy ban nhân dân thành phố Cần Thơ"


def test_doc_type_from_number_code():
    assert doc_type_from_number("12/QĐ-UBND") == "decision"
    assert doc_type_from_number("7/2024/CT-UBND") == "directive"
    assert doc_type_from_number("318/UBND-TTr") == "official_letter"
    assert doc_type_from_number(None) is None


def test_signature_block():
    lines = ["Nơi nhận:", "- Như trên;", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "(Đã ký)", "", "Vũ Thị Lan"]
    assert signature(lines, 0, {}) == ("Vũ Thị Lan", "KT. CHỦ TỊCH PHÓ CHỦ TỊCH")
    assert signature(["TM. ỦY BAN NHÂN DÂN"], 0, {"signer": "Lê B"}) == ("Lê B", "TM. ỦY BAN NHÂN DÂN")


def test_recipients_without_notes_and_archive_line():
    lines = ["Nơi nhận:", "- Văn phòng Chính phủ (b/c);", "- Các Sở, Ban, ngành (th/hiện);", "- Báo tỉnh;",
             "- Lưu: VT, NC."]
    assert recipients(lines) == ["Văn phòng Chính phủ", "Các Sở, Ban, ngành", "Báo tỉnh"]


def test_header_fields_of_a_minimal_plan():
    text = ("ỦY BAN NHÂN DÂN\nHUYỆN MƯỜNG KHƯƠNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Số: 88/KH-UBND\nMường Khương, ngày 2 tháng 4 năm 2026\nKẾ HOẠCH\nPhòng, chống tham nhũng năm 2026\n"
            "Căn cứ Nghị quyết số 12/NQ-HĐND ngày 01/3/2026;\nI. MỤC ĐÍCH\n- Nâng cao nhận thức.\n")
    result = extract_text(text)
    assert result["number"] == "88/KH-UBND"
    assert result["doc_type"] == "plan"
    assert result["issuer"] == "Ủy ban nhân dân huyện Mường Khương"
    assert (result["place"], result["issued_on"]) == ("Mường Khương", "2026-04-02")
    assert result["title"] == "Phòng, chống tham nhũng năm 2026"
    assert result["legal_bases"] == ["12/NQ-HĐND"]
    assert result["tasks"] == []


# --- legal bases ------------------------------------------------------------------------------


def test_legal_bases_once_each_in_written_form_and_laws_by_name_and_year():
    preamble = ["Căn cứ Luật Phòng, chống tham nhũng ngày 20 tháng 11 năm 2018; Nghị định số 59/2019/NĐ-CP ngày "
                "01/7/2019; Nghị định số 134/2021/NĐ-CP sửa đổi Nghị định số 59/2019/NĐ-CP;",
                "Thực hiện Kế hoạch số 136-KH/TU ngày 02/5/2015 của Tỉnh ủy, UBND tỉnh ban hành Kế hoạch số 5/KH-UBND."]
    assert legal_bases("Thực hiện Chỉ thị số 10/CT-TTg", preamble, "5/KH-UBND") == [
        "10/CT-TTg", "Luật Phòng, chống tham nhũng 2018", "59/2019/NĐ-CP", "134/2021/NĐ-CP", "136-KH/TU"]


def test_numbered_law_is_cited_by_number():
    assert legal_bases(None, ["Căn cứ Luật Tố cáo số 25/2018/QH14 ngày 12/6/2018;"], None) == ["25/2018/QH14"]


# --- agencies -----------------------------------------------------------------------------------


def test_leading_agency_and_partners():
    phrase, rest = leading_agency("Giao Sở Tư pháp chủ trì, phối hợp với Thanh tra tỉnh và các cơ quan chức năng "
                                  "tiếp tục tuyên truyền.")
    assert lead_of(phrase) == "Sở Tư pháp"
    assert partners_of(rest) == ["Thanh tra tỉnh"]
    assert leading_agency("Tổ chức thu thập hồ sơ, tài liệu.")[0] is None
    assert leading_agency("Báo cáo kết quả về Thanh tra tỉnh.")[0] is None


def test_names_are_written_in_full_and_groups_stay_whole():
    assert clean_name("Đề nghị Ủy ban MTTQ Việt Nam tỉnh") == "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"
    assert clean_name("Thủ trưởng các sở, ban, ngành") == "các sở, ban, ngành"
    assert lead_of("Sở Khoa học và Công nghệ") == "Sở Khoa học và Công nghệ"
    assert lead_of("Chủ tịch UBND các huyện, thị xã, thành phố") == "Ủy ban nhân dân các huyện, thị xã, thành phố"
    assert is_generic("các cơ quan, đơn vị có liên quan")
    assert not is_generic("các cơ quan báo chí, truyền thông")


# --- tasks --------------------------------------------------------------------------------------


def test_tasks_from_headings_assignments_deadline_notes_and_not_from_aims():
    body = [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "- Sở Y tế phải hoàn thành trước ngày 01/01/2030.",
        "II. TỔ CHỨC THỰC HIỆN",
        "1. Đối với Thanh tra tỉnh",
        "- Xây dựng báo cáo (hoàn thành trước ngày 15/4/2025).",
        "- Bố trí kinh phí.",
        "2. Giao Sở Tài chính chủ trì, phối hợp với Kho bạc Nhà nước tỉnh bảo đảm kinh phí; hằng năm báo cáo.",
        "3. Đề nghị các cơ quan ngành dọc:",
        "- Công an tỉnh tổng hợp số liệu.",
        "- Tòa án nhân dân tỉnh tổng hợp số liệu.",
        "* Đề nghị các cơ quan, đơn vị gửi báo cáo trước ngày 20/3/2025.",
        "4. Các cơ quan, đơn vị tăng cường kiểm tra.",
        "Trên đây là Kế hoạch, đề nghị các cơ quan nghiêm túc thực hiện./.",
    ]
    tasks = extract_tasks(body, 2025)
    summary = [(t["lead"], t["due_on"], t["recurrence"], t["partners"]) for t in tasks]
    assert summary == [
        ("Thanh tra tỉnh", "2025-04-15", None, []),
        ("Thanh tra tỉnh", None, None, []),
        ("Sở Tài chính", None, "yearly", ["Kho bạc Nhà nước tỉnh"]),
        ("Công an tỉnh", "2025-03-20", None, []),
        ("Tòa án nhân dân tỉnh", "2025-03-20", None, []),
    ]


def test_deadline_without_agency_is_a_task_for_everyone():
    tasks = extract_tasks(["III. LỘ TRÌNH", "- Xây dựng kế hoạch, gửi về Thanh tra tỉnh chậm nhất ngày 30/9/2025."])
    assert [(t["lead"], t["due_on"]) for t in tasks] == [(None, "2025-09-30")]


def test_resolver_is_applied_to_issuer_leads_and_partners():
    text = ("UBND TỈNH X\nSỞ NỘI VỤ\nSố: 3/KH-SNV\nKẾ HOẠCH\nCải cách hành chính\nII. NHIỆM VỤ\n"
            "1. Phòng Tổ chức chủ trì, phối hợp với Thanh tra Sở rà soát.\n")
    registry = {"Sở Nội vụ": "Sở Nội vụ tỉnh X", "Thanh tra Sở": "Thanh tra Sở Nội vụ"}
    result = extract_text(text, resolve=registry.get)
    assert result["issuer"] == "Sở Nội vụ tỉnh X"
    assert result["tasks"][0]["lead"] == "Phòng Tổ chức"
    assert result["tasks"][0]["partners"] == ["Thanh tra Sở Nội vụ"]


def test_directive_with_header_table_on_one_line_and_lead_in_naming_the_agency():
    text = (
        "ỦY BAN NHÂN DÂN TỈNH NINH THUẬN     CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số: 07/CT-UBND     Ninh Thuận, ngày 14/5/2024\nCHỈ THỊ\nVề tăng cường kỷ luật hành chính\n"
        "Để khắc phục hạn chế, Chủ tịch Ủy ban nhân dân tỉnh chỉ thị:\n"
        "1. Giám đốc các sở có trách nhiệm:\n"
        "a) Công khai đầy đủ thủ tục hành chính.\n"
        "b) Báo cáo kết quả thực hiện hằng quý về Sở Nội vụ.\n"
        "2. Giao Sở Nội vụ tổng hợp báo cáo Chủ tịch UBND tỉnh trong tháng 12/2024.\n"
        "Yêu cầu Giám đốc các sở nghiêm túc thực hiện Chỉ thị này./.\n"
        "Nơi nhận:\n- Văn phòng Chính phủ;\n- Lưu: VT.\nCHỦ TỊCH\nTrần Quốc Nam\n")
    result = extract_text(text)
    assert (result["number"], result["doc_type"]) == ("07/CT-UBND", "directive")
    assert result["issuer"] == "Ủy ban nhân dân tỉnh Ninh Thuận"
    assert (result["place"], result["issued_on"]) == ("Ninh Thuận", "2024-05-14")
    assert (result["signer"], result["signer_title"]) == ("Trần Quốc Nam", "CHỦ TỊCH")
    assert [(t["lead"], t["due_on"], t["recurrence"]) for t in result["tasks"]] == [
        ("Các sở", None, None), ("Các sở", None, "quarterly"), ("Sở Nội vụ", "2024-12-31", None)]
    assert result["recipients"] == ["Văn phòng Chính phủ"]


def test_text_that_is_not_a_document_gives_nulls():
    result = extract_text("Just a line of text.")
    assert result["doc_type"] is None and result["number"] is None and result["tasks"] == []


def test_flattened_two_column_end_table_and_unfilled_date():
    text = ("| HỘI ĐỒNG NHÂN DÂN\nTỈNH KON TUM | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
            "| Số: 15/KH-HĐND | Kon Tum, ngày    tháng    năm 2025 |\nKẾ HOẠCH\nGiám sát năm 2025\n"
            "II. PHÂN CÔNG\n1. Ban Pháp chế Hội đồng nhân dân tỉnh:\n- Gửi đề cương trước ngày 15/4/2025.\n"
            "Nơi nhận: | TM. THƯỜNG TRỰC HĐND\n- UBND tỉnh;\n- Lưu: VT. | KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn Bảy\n")
    result = extract_text(text)
    assert result["issuer"] == "Hội đồng nhân dân tỉnh Kon Tum"
    assert (result["place"], result["issued_on"]) == ("Kon Tum", None)
    assert result["signer"] == "Nguyễn Văn Bảy"
    assert result["signer_title"] == "TM. THƯỜNG TRỰC HĐND KT. CHỦ TỊCH PHÓ CHỦ TỊCH"
    assert result["recipients"] == ["UBND tỉnh"]
    assert [(t["lead"], t["due_on"]) for t in result["tasks"]] == [("Ban Pháp chế Hội đồng nhân dân tỉnh", "2025-04-15")]


def test_decision_with_spaced_number_proposal_and_execution_clause():
    text = ("UBND TỈNH HÀ TĨNH\nSỞ NỘI VỤ\nSố: 1238 /QĐ- SNV\nHà Tĩnh, ngày 9 tháng 10 năm 2025\nQUYẾT ĐỊNH\n"
            "Về việc thành lập Tổ kiểm tra công vụ\nGIÁM ĐỐC SỞ NỘI VỤ\n"
            "Căn cứ Quyết định số 22/2023/QĐ-UBND ngày 05/5/2023 của UBND tỉnh;\n"
            "Xét đề nghị của Chánh Thanh tra Sở tại Tờ trình số 45/TTr-TT ngày 01/10/2025.\nQUYẾT ĐỊNH:\n"
            "Điều 1. Thành lập Tổ kiểm tra công vụ.\n"
            "Điều 2. Tổ kiểm tra có nhiệm vụ kiểm tra kỷ luật tại các đơn vị; báo cáo trước ngày 30/11/2025.\n"
            "Điều 3. Chánh Văn phòng Sở, Chánh Thanh tra Sở chịu trách nhiệm thi hành Quyết định này./.\n"
            "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nLê Thị Hà\n")
    result = extract_text(text)
    assert (result["number"], result["issuer"]) == ("1238/QĐ-SNV", "Sở Nội vụ")
    assert result["legal_bases"] == ["22/2023/QĐ-UBND"]
    assert [(t["lead"], t["due_on"]) for t in result["tasks"]] == [("Tổ kiểm tra", "2025-11-30")]
    assert result["signer_title"] == "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC"


def test_body_handed_the_work_leads():
    tasks = extract_tasks(["II. NHIỆM VỤ", "1. Ủy ban nhân dân tỉnh giao Sở Y tế chủ trì, phối hợp với Sở Tài chính "
                           "kiểm tra việc mua sắm thiết bị y tế."])
    assert [(t["lead"], t["partners"]) for t in tasks] == [("Sở Y tế", ["Sở Tài chính"])]


def test_report_results_are_not_tasks_and_numbers_keep_their_dotted_codes():
    text = ("UBND TỈNH ĐỒNG THÁP\nTHANH TRA TỈNH\nSố: 210/BC-TTr\nĐồng Tháp, ngày 15 tháng 6 năm 2025\nBÁO CÁO\n"
            "Kết quả công tác 6 tháng đầu năm 2025\nThực hiện Công văn số 1022/TTCP-C.IV ngày 02/6/2025 của Thanh tra "
            "Chính phủ, Thanh tra tỉnh báo cáo như sau:\nI. KẾT QUẢ\n1. Sở Nội vụ đã kiểm tra 15 đơn vị.\n"
            "II. NHIỆM VỤ\n1. Sở Nội vụ chủ trì kiểm tra công vụ đột xuất, hoàn thành trong quý IV năm 2025.\n")
    result = extract_text(text)
    assert result["doc_type"] == "report"
    assert result["legal_bases"] == ["1022/TTCP-C.IV"]
    assert [(t["lead"], t["due_on"]) for t in result["tasks"]] == [("Sở Nội vụ", "2025-12-31")]


def test_web_news_article_is_news_with_its_date_and_headline():
    from liemchinh.documents.extraction.readers import html_to_text

    html = ("<html><body><div id='menu'>Trang chủ Tin tức</div><h1>Huyện A triển khai công tác phòng, chống tham "
            "nhũng</h1><p>Thứ hai, 10/03/2025</p>" + "<p>" + "Nội dung bài viết dài về hội nghị triển khai. " * 5
            + "</p>" * 1 + "</body></html>")
    result = extract_text(html_to_text(html))
    assert result["doc_type"] == "news"
    assert result["issued_on"] == "2025-03-10"
    assert result["title"] == "Huyện A triển khai công tác phòng, chống tham nhũng"
    assert result["tasks"] == [] and result["legal_bases"] == []


def test_district_plan_with_lettered_assignments_and_period_deadlines():
    from pathlib import Path

    path = Path(__file__).parent / "fixtures" / "synthetic" / "ke_hoach_huyen_regression.txt"
    result = extract_text(path.read_text(encoding="utf-8"))
    assert result["issuer"] == "Ủy ban nhân dân huyện Đức Trọng"
    assert result["title"] == "Công tác phòng, chống tham nhũng, tiêu cực năm 2025"
    assert result["signer_title"] == "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH"
    assert [(t["lead"], t["due_on"], t["recurrence"]) for t in result["tasks"]] == [
        ("Phòng Văn hóa và Thông tin", None, None),
        ("Các phòng, ban, ngành, Ủy ban nhân dân các xã, thị trấn", "2025-03-31", None),
        ("Thanh tra huyện", "2025-09-30", None),
        ("Thanh tra huyện", None, "quarterly"),
        ("Phòng Nội vụ", "2025-05-31", None),
        ("Ủy ban nhân dân các xã, thị trấn", "2025-03-10", None),
        ("Thanh tra huyện", None, ["half_yearly", "yearly"]),
    ]
    assert result["tasks"][0]["partners"] == ["Trung tâm Văn hóa - Thông tin và Thể thao huyện"]


def test_party_committee_plan():
    text = ("TỈNH ỦY QUẢNG NINH\n*\nSố 12-KH/TU\nĐẢNG CỘNG SẢN VIỆT NAM\nQuảng Ninh, ngày 5 tháng 3 năm 2025\n"
            "KẾ HOẠCH\nthực hiện Chỉ thị số 04-CT/TW của Ban Bí thư\nThực hiện Chỉ thị số 04-CT/TW ngày 02/6/2021 của "
            "Ban Bí thư, Ban Thường vụ Tỉnh ủy ban hành kế hoạch như sau:\nI. NHIỆM VỤ\n1. Ban Nội chính Tỉnh ủy chủ "
            "trì theo dõi, báo cáo trước ngày 30/11/2025.\nNơi nhận:\n- Ban Bí thư (b/c),\n- Văn phòng Tỉnh ủy\n"
            "- Lưu Văn phòng Tỉnh ủy.\nT/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ THƯỜNG TRỰC\nNguyễn Xuân Ký\n")
    result = extract_text(text)
    assert (result["number"], result["doc_type"], result["issuer"]) == ("12-KH/TU", "plan", "Tỉnh ủy Quảng Ninh")
    assert result["legal_bases"] == ["04-CT/TW"]
    assert result["recipients"] == ["Ban Bí thư", "Văn phòng Tỉnh ủy"]
    assert result["signer_title"] == "T/M BAN THƯỜNG VỤ PHÓ BÍ THƯ THƯỜNG TRỰC"
    assert [(t["lead"], t["due_on"]) for t in result["tasks"]] == [("Ban Nội chính Tỉnh ủy", "2025-11-30")]


def test_type_and_subject_on_one_capitals_line_and_pdf_like_header_lines():
    text = ("ỦY BAN NHÂN DÂN TỈNH BẮC KẠN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Số: 9/KH-UBND Bắc Kạn, ngày 3 tháng 1 năm 2025\nKẾ HOẠCH TRIỂN KHAI CÔNG TÁC PHÒNG, CHỐNG\n"
            "THAM NHŨNG NĂM 2025\nCăn cứ Nghị định số 59/2019/NĐ-CP;\nI. NHIỆM VỤ\n1. Sở Y tế chủ trì rà soát.")
    result = extract_text(text)
    assert (result["number"], result["doc_type"]) == ("9/KH-UBND", "plan")
    assert (result["issuer"], result["place"], result["issued_on"]) == (
        "Ủy ban nhân dân tỉnh Bắc Kạn", "Bắc Kạn", "2025-01-03")
    assert result["title"] == "Triển khai công tác phòng, chống tham nhũng năm 2025"
    assert extract_text("SỞ Y TẾ\nSố: 9/KH-SYT\nKẾ HOẠCH HÀNH ĐỘNG\nPhòng, chống tham nhũng năm 2025\n"
                        "Căn cứ Nghị định số 59/2019/NĐ-CP;\n")["title"] == "Phòng, chống tham nhũng năm 2025"


def test_missing_subject_line_is_null_not_the_preamble():
    result = extract_text("SỞ Y TẾ\nSố: 9/KH-SYT\nKẾ HOẠCH\nCăn cứ Nghị định số 59/2019/NĐ-CP;\nI. NHIỆM VỤ\n")
    assert result["title"] is None
    assert result["legal_bases"] == ["59/2019/NĐ-CP"]


ASSIGNMENT_TABLE = [
    ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành"],
    ["I", "Công tác tuyên truyền", "", "", ""],
    ["1", "Tuyên truyền Luật Phòng, chống tham nhũng", "Phòng Nghiệp vụ", "Các phòng liên quan", "Quý II/2025"],
    ["2", "Tự kiểm tra quy tắc ứng xử", "Các bệnh viện tuyến tỉnh", "Phòng Tổ chức cán bộ", "Tháng 6/2025"],
    ["3", "Báo cáo công tác phòng, chống tham nhũng", "Thanh tra Sở", "", "Hằng quý"],
    ["4", "Kê khai tài sản, thu nhập", "Phòng Tổ chức cán bộ", "", "31/12/2025"],
]
EXPECTED_TABLE_TASKS = [
    ("Phòng Nghiệp vụ", [], "2025-06-30", None),
    ("Các bệnh viện tuyến tỉnh", ["Phòng Tổ chức cán bộ"], "2025-06-30", None),
    ("Thanh tra Sở", [], None, "quarterly"),
    ("Phòng Tổ chức cán bộ", [], "2025-12-31", None),
]


def test_assignment_table_rows_are_tasks():
    table = "\n".join("| " + " | ".join(row) + " |" for row in ASSIGNMENT_TABLE)
    text = ("SỞ Y TẾ\nSố: 9/KH-SYT\nX, ngày 3 tháng 1 năm 2025\nKẾ HOẠCH\nPhòng, chống tham nhũng năm 2025\n"
            "Nơi nhận:\n- Lưu: VT.\nGIÁM ĐỐC\nLê Văn Tám\nPHỤ LỤC\n" + table)
    result = extract_text(text)
    assert [(t["lead"], t["partners"], t["due_on"], t["recurrence"]) for t in result["tasks"]] == EXPECTED_TABLE_TASKS
    assert result["signer"] == "Lê Văn Tám"


def test_hard_wrapped_full_width_line_goes_on_even_before_a_capital():
    lines = ["- Các cơ quan, đơn vị tăng cường chủ động kiểm tra thực thi công vụ của cán bộ, chú",
             "trọng kiểm tra đột xuất nhằm sớm phát hiện những hành vi gây phiền hà, sách báo cáo",
             "Ủy ban nhân dân tỉnh kết quả thực hiện.", "2. Giao Sở Nội vụ chủ trì.", "Nơi nhận:", "- Như trên",
             "- Lưu VT"]
    assert join_broken(lines) == [
        "- Các cơ quan, đơn vị tăng cường chủ động kiểm tra thực thi công vụ của cán bộ, chú trọng kiểm tra đột "
        "xuất nhằm sớm phát hiện những hành vi gây phiền hà, sách báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện.",
        "2. Giao Sở Nội vụ chủ trì.", "Nơi nhận:", "- Như trên", "- Lưu VT"]
