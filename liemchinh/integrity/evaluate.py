"""Precision, recall and F1 of a conflict-of-interest scan against the planted truth.

Both files are JSON Lines in the alert format of the integrity contract. An alert matches a truth
line when all four of these are equal:

- `rule`;
- `official_id` (the head/deputy head, signer or official the rule is about);
- `org_code` (the body concerned: the body of the post, the buyer of the contract);
- `counterpart`, compared as a whole object: {"official_id": …}, {"tax_code": …} or
  {"contract_id": …}. Values are compared as strings with surrounding spaces removed; an empty
  or missing counterpart matches only an empty one.

`score`, `evidence` and `explanation` are not compared: which rows are quoted as evidence is the
scanner's business, only which conflict it found counts. Alerts with the same key count once (an
alert for the same rule and the same records is one alert), and so do duplicate truth lines.

Per rule: TP = keys in both, FP = alert keys not in the truth, FN = truth keys without an alert;
precision = TP/(TP+FP), recall = TP/(TP+FN), F1 = their harmonic mean. A ratio whose denominator
is zero is reported as None ("—"). "overall" is the micro-average over all keys of all rules;
alerts of a rule the truth does not know are counted as false positives under that rule's name.
"""

from __future__ import annotations

import json
from pathlib import Path

from liemchinh.integrity.synth.generator import RULES

Key = tuple[str, str, str, tuple[tuple[str, str], ...]]


def alert_key(line: dict) -> Key:
    counterpart = line.get("counterpart") or {}
    return (
        str(line.get("rule", "")).strip(),
        str(line.get("official_id", "")).strip(),
        str(line.get("org_code", "")).strip(),
        tuple(sorted((str(k).strip(), str(v).strip()) for k, v in counterpart.items())),
    )


def read_keys(path) -> set[Key]:
    keys = set()
    with open(Path(path), encoding="utf-8") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                line = json.loads(text)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}: dòng {number} không phải JSON hợp lệ ({exc.msg})") from exc
            keys.add(alert_key(line))
    return keys


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def _scores(tp: int, fp: int, fn: int) -> dict:
    precision = _ratio(tp, tp + fp)
    recall = _ratio(tp, tp + fn)
    f1 = (
        2 * precision * recall / (precision + recall)
        if precision is not None and recall is not None and precision + recall > 0
        else (0.0 if precision is not None and recall is not None else None)
    )
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}


def evaluate_keys(alerts: set[Key], truth: set[Key]) -> dict:
    rules = list(RULES) + sorted({k[0] for k in alerts | truth} - set(RULES))
    result = {}
    for rule in rules:
        a = {k for k in alerts if k[0] == rule}
        t = {k for k in truth if k[0] == rule}
        result[rule] = _scores(len(a & t), len(a - t), len(t - a))
    result["overall"] = _scores(len(alerts & truth), len(alerts - truth), len(truth - alerts))
    return result


def evaluate(alerts_path, truth_path) -> dict:
    return evaluate_keys(read_keys(alerts_path), read_keys(truth_path))


def format_table(result: dict) -> str:
    def pct(value):
        return "—" if value is None else f"{value:.3f}"

    width = max(len(name) for name in result)
    lines = [f"{'rule':<{width}}  {'TP':>7} {'FP':>7} {'FN':>7}  {'precision':>9} {'recall':>7} {'F1':>7}"]
    for name, s in result.items():
        lines.append(
            f"{name:<{width}}  {s['tp']:>7} {s['fp']:>7} {s['fn']:>7}  "
            f"{pct(s['precision']):>9} {pct(s['recall']):>7} {pct(s['f1']):>7}"
        )
    return "\n".join(lines)
