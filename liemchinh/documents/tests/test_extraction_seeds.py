"""The reader against the hand-annotated seed documents, and the evaluate_extraction command."""

from __future__ import annotations

import io
import json
from pathlib import Path

from django.core.management import call_command

from liemchinh.documents.extraction import extract_file
from liemchinh.documents.extraction.evaluate import Report, compare_document, title_match

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = FIXTURES / "seeds"
TRUTH = FIXTURES / "truth"


def _report() -> dict:
    report = Report()
    for path in sorted(SEEDS.glob("*.txt")):
        report.add(path.stem, extract_file(path), json.loads((TRUTH / f"{path.stem}.json").read_text(encoding="utf-8")))
    return report.summary()


def test_every_seed_has_truth():
    assert {p.stem for p in SEEDS.glob("*.txt")} == {p.stem for p in TRUTH.glob("*.json")}


def test_seed_scores_meet_targets():
    summary = _report()
    assert summary["documents"] == 5
    for field, entry in summary["fields"].items():
        assert entry["accuracy"] >= 0.95, field
    assert summary["lists"]["legal_bases"]["f1"] >= 0.9
    assert summary["lists"]["tasks"]["f1"] >= 0.8


def test_press_article_is_news_without_tasks():
    result = extract_file(SEEDS / "003_d1c8b0882b25044f.txt")
    assert result["doc_type"] == "news"
    assert result["tasks"] == [] and result["legal_bases"] == [] and result["recipients"] == []


def test_scoring_rules():
    assert title_match("Kế hoạch  PCTN", "kế hoạch pctn") == "exact"
    assert title_match("Kế hoạch phòng chống tham nhũng 2025", "Kế hoạch phòng, chống tham nhũng 2025") == "fuzzy"
    assert title_match("Kế hoạch A", None) is None
    row = compare_document(
        {"tasks": [{"lead": "UBND tỉnh", "due_on": "2025-01-31"}, {"lead": "Sở Y tế", "due_on": None}],
         "legal_bases": ["59/2019/NĐ-CP"], "recipients": []},
        {"tasks": [{"lead": "Ủy ban nhân dân tỉnh", "due_on": "2025-01-31"}, {"lead": "Sở Y tế", "due_on": "2025-02-01"}],
         "legal_bases": ["59/2019/NĐ-CP", "10/CT-TTg"], "recipients": []})
    assert row["tasks"] == (1, 1, 1)
    assert row["legal_bases"] == (1, 0, 1)


def test_evaluate_extraction_command_prints_fields_lists_and_documents():
    out = io.StringIO()
    call_command("evaluate_extraction", str(SEEDS), str(TRUTH), stdout=out)
    text = out.getvalue()
    assert "legal_bases" in text and "tasks" in text and "001_27325cff689fa06c" in text
    out = io.StringIO()
    call_command("evaluate_extraction", str(SEEDS), str(TRUTH), "--json", stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["documents"] == 5
    assert set(summary["fields"]) >= {"number", "title", "signer_title"}
    assert summary["fields"]["title"]["exact"] + summary["fields"]["title"]["fuzzy"] <= 5
    assert set(summary["per_document"]) == {p.stem for p in SEEDS.glob("*.txt")}
