"""Where the reader's proposals came from, and how the review screen marks them."""

from __future__ import annotations

from pathlib import Path

from liemchinh.documents.extraction import extract_text
from liemchinh.documents.extraction.readers import read_text
from liemchinh.documents.extraction.spans import extract_with_spans, find_span
from liemchinh.documents.review.selectors import highlighted

SEED = next((Path(__file__).parent / "fixtures" / "seeds").glob("001_*.txt"))


def test_spans_point_at_the_words_of_each_proposal():
    raw = read_text(SEED)
    located = extract_with_spans(raw)
    assert located.result == extract_text(raw)  # the contract's output is unchanged
    text, spans = located.text, located.spans

    def at(span):
        return text[span[0]:span[1]]

    assert at(spans["number"]) == "262/KH-UBND"
    assert at(spans["issued_on"]) == "ngày 08 tháng 11 năm 2023"
    assert at(spans["signer"]) == "Hoàng Quốc Khánh"
    assert at(spans["title"]).startswith("TIẾP\nTỤC THỰC HIỆN CHỈ THỊ")
    assert [at(span) for span in spans["legal_bases"]] == ["10/CT-TTG", "Luật Phòng, chống tham nhũng", "59/2019/NĐ-CP"]
    assert at(spans["recipients"][0]) == "Thanh tra Chính phủ"
    assert len(spans["tasks"]) == len(located.result["tasks"])
    for task, where in zip(located.result["tasks"], spans["tasks"], strict=True):
        assert " ".join(at(where["text"]).split()) == " ".join(task["text"].split())
        if where["lead"]:
            assert where["text"][0] <= where["lead"][0] < where["lead"][1] <= where["text"][1]


def test_find_span_ignores_case_and_line_breaks_and_falls_back_on_the_opening_words():
    text = "Căn cứ Luật Phòng, chống tham\nnhũng ngày 20 tháng 11 năm 2018"
    assert find_span(text, "luật phòng, chống tham nhũng") == (7, 35)
    assert find_span(text, "Luật Phòng, chống tham nhũng 2018") == (7, 35)
    assert find_span(text, "Nghị định 59/2019/NĐ-CP") is None
    assert find_span(text, "") is None


def test_highlighted_escapes_the_text_and_nests_the_marks():
    text = "Giao <Sở Tư pháp> chủ trì & báo cáo"
    marks = [(0, len(text), "src-task-0", "task"), (5, 17, "src-task-0-lead", "agency"),
             (8, 20, "crossing", "field"), (5, 17, "again", "field"), (0, 99, "outside", "field")]
    out = str(highlighted(text, marks))
    assert out == ('<mark id="src-task-0" class="src src-task">Giao <mark id="src-task-0-lead" class="src src-agency">'
                   "&lt;Sở Tư pháp&gt;</mark> chủ trì &amp; báo cáo</mark>")
