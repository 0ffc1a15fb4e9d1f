"""Scoring alerts against the planted truth, and the two management commands."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from liemchinh.integrity.evaluate import evaluate


def write_jsonl(path, lines):
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return path


def alert(rule, official, org, **counterpart):
    return {"rule": rule, "official_id": official, "org_code": org, "counterpart": counterpart}


@pytest.fixture
def pair(tmp_path):
    truth = write_jsonl(
        tmp_path / "truth.jsonl",
        [
            alert("relative_in_sensitive_post", "CB1", "CQ1", official_id="CB2"),
            alert("relative_in_sensitive_post", "CB3", "CQ1", official_id="CB4"),
            alert("official_runs_business", "CB5", "CQ2", tax_code="2800000001"),
            alert("self_dealing_contract", "CB6", "CQ2", contract_id="HD2020-1"),
        ],
    )
    alerts = write_jsonl(
        tmp_path / "alerts.jsonl",
        [
            # true positive, written twice with other score/evidence: counts once
            {
                **alert("relative_in_sensitive_post", "CB1", "CQ1", official_id="CB2"),
                "score": 0.9,
                "evidence": ["a"],
            },
            {
                **alert("relative_in_sensitive_post", "CB1", "CQ1", official_id="CB2"),
                "score": 0.7,
                "evidence": ["b"],
            },
            # wrong counterpart: a false positive, and CB3's truth stays a false negative
            alert("relative_in_sensitive_post", "CB3", "CQ1", official_id="CB9"),
            # right records, wrong body: false positive
            alert("official_runs_business", "CB5", "CQ9", tax_code="2800000001"),
            alert("official_runs_business", "CB5", "CQ2", tax_code=" 2800000001 "),  # true positive (spaces)
            alert("self_dealing_contract", "CB6", "CQ2", contract_id="HD2020-1"),  # true positive
            alert("made_up_rule", "CB6", "CQ2", contract_id="HD2020-1"),  # unknown rule: false positive
        ],
    )
    return alerts, truth


def test_counts_and_ratios_per_rule_and_overall(pair):
    result = evaluate(*pair)
    r1 = result["relative_in_sensitive_post"]
    assert (r1["tp"], r1["fp"], r1["fn"]) == (1, 1, 1)
    assert r1["precision"] == 0.5 and r1["recall"] == 0.5 and r1["f1"] == 0.5
    r3 = result["official_runs_business"]
    assert (r3["tp"], r3["fp"], r3["fn"]) == (1, 1, 0)
    assert r3["precision"] == 0.5 and r3["recall"] == 1.0 and r3["f1"] == pytest.approx(2 / 3)
    assert result["self_dealing_contract"]["f1"] == 1.0
    assert (result["made_up_rule"]["tp"], result["made_up_rule"]["fp"]) == (0, 1)
    assert result["made_up_rule"]["recall"] is None
    nothing = result["stake_in_managed_sector"]
    assert (nothing["tp"], nothing["fp"], nothing["fn"], nothing["precision"], nothing["f1"]) == (
        0,
        0,
        0,
        None,
        None,
    )
    overall = result["overall"]
    assert (overall["tp"], overall["fp"], overall["fn"]) == (3, 3, 1)
    assert overall["precision"] == 0.5 and overall["recall"] == 0.75 and overall["f1"] == pytest.approx(0.6)


def test_evaluate_command_json_and_table(pair):
    out = io.StringIO()
    call_command("integrity_evaluate", str(pair[0]), str(pair[1]), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["overall"]["tp"] == 3
    out = io.StringIO()
    call_command("integrity_evaluate", str(pair[0]), str(pair[1]), stdout=out)
    table = out.getvalue()
    assert "relative_in_sensitive_post" in table and "0.500" in table and "—" in table


def test_evaluate_command_reports_a_bad_line(tmp_path, pair):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"rule": "x"}\nnot json\n', encoding="utf-8")
    with pytest.raises(CommandError, match="dòng 2"):
        call_command("integrity_evaluate", str(bad), str(pair[1]))


def test_synth_command_writes_the_files_and_the_truth_scores_perfectly(tmp_path):
    out = io.StringIO()
    call_command(
        "integrity_synth",
        str(tmp_path),
        "--officials",
        "200",
        "--seed",
        "3",
        "--conflict-rate",
        "0.05",
        "--enterprises",
        "50",
        "--contracts",
        "120",
        "--id-rate",
        "0.5",
        "--noise-rate",
        "0.5",
        stdout=out,
    )
    assert "officials.csv: 200" in out.getvalue()
    assert len((tmp_path / "enterprises.csv").read_text(encoding="utf-8").splitlines()) == 51
    assert len((tmp_path / "contracts.csv").read_text(encoding="utf-8").splitlines()) == 121
    truth = tmp_path / "truth.jsonl"
    assert truth.read_text(encoding="utf-8").strip()
    result = evaluate(truth, truth)
    assert result["overall"]["precision"] == 1.0 and result["overall"]["recall"] == 1.0


def test_synth_command_rejects_bad_options(tmp_path):
    with pytest.raises(CommandError):
        call_command("integrity_synth", str(tmp_path), "--officials", "5")
    with pytest.raises(CommandError):
        call_command("integrity_synth", str(tmp_path), "--noise-rate", "1.5")
