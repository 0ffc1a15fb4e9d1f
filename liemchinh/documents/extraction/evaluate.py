"""Scoring extraction output against hand-made truth.

Single values (number, doc_type, issuer, place, issued_on, signer, signer_title) are compared
after folding (case, diacritics-insensitive for names; abbreviations expanded) — the share of
documents right. `title` counts as right when, whitespace normalised and case ignored, it is
equal ("exact") or at least 0.9 similar ("fuzzy"); the two are reported apart. Lists are scored
by precision, recall and F1, micro-averaged over documents: legal bases on their folded form,
recipients on their folded form, tasks on lead agency (folded; a lead is the same when equal or
at least 0.9 similar, None matches None) together with due_on."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from liemchinh.core.text import collapse_spaces, fold
from liemchinh.documents.extraction.agencies import name_key

SINGLE = ["number", "doc_type", "issuer", "place", "issued_on", "title", "signer", "signer_title"]
LISTS = ["legal_bases", "recipients", "tasks"]
FUZZY = 0.9


def _key(value) -> str | None:
    if value is None:
        return None
    return name_key(str(value))


def title_match(got, want) -> str | None:
    """"exact", "fuzzy" or None."""
    if got is None and want is None:
        return "exact"
    if got is None or want is None:
        return None
    a, b = collapse_spaces(got).lower(), collapse_spaces(want).lower()
    if a == b:
        return "exact"
    return "fuzzy" if SequenceMatcher(None, a, b).ratio() >= FUZZY else None


def _similar(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a == b or SequenceMatcher(None, a, b).ratio() >= FUZZY


def match_lists(got: list, want: list, same) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) with one-to-one greedy matching."""
    left = list(want)
    tp = 0
    for item in got:
        for i, candidate in enumerate(left):
            if same(item, candidate):
                tp += 1
                del left[i]
                break
    return tp, len(got) - tp, len(left)


def _basis_key(text: str) -> str:
    return re.sub(r"[\s.]", "", fold(text))


def _same_task(a: dict, b: dict) -> bool:
    return a.get("due_on") == b.get("due_on") and _similar(_key(a.get("lead")), _key(b.get("lead")))


def compare_document(got: dict, want: dict) -> dict:
    row: dict = {}
    for name in SINGLE:
        if name == "title":
            row[name] = title_match(got.get(name), want.get(name))
        else:
            row[name] = _key(got.get(name)) == _key(want.get(name))
    row["legal_bases"] = match_lists([_basis_key(x) for x in got.get("legal_bases") or []],
                                     [_basis_key(x) for x in want.get("legal_bases") or []], str.__eq__)
    row["recipients"] = match_lists([_key(x) for x in got.get("recipients") or []],
                                    [_key(x) for x in want.get("recipients") or []], str.__eq__)
    row["tasks"] = match_lists(got.get("tasks") or [], want.get("tasks") or [], _same_task)
    return row


@dataclass
class Report:
    documents: dict[str, dict] = field(default_factory=dict)

    def add(self, name: str, got: dict, want: dict) -> None:
        self.documents[name] = compare_document(got, want)

    def summary(self) -> dict:
        n = len(self.documents) or 1
        out: dict = {"documents": len(self.documents), "fields": {}, "lists": {}}
        for name in SINGLE:
            rows = [row[name] for row in self.documents.values()]
            entry = {"accuracy": round(sum(bool(v) for v in rows) / n, 3)}
            if name == "title":
                entry["exact"] = sum(v == "exact" for v in rows)
                entry["fuzzy"] = sum(v == "fuzzy" for v in rows)
            out["fields"][name] = entry
        for name in LISTS:
            tp = sum(row[name][0] for row in self.documents.values())
            fp = sum(row[name][1] for row in self.documents.values())
            fn = sum(row[name][2] for row in self.documents.values())
            precision = tp / (tp + fp) if tp + fp else 1.0
            recall = tp / (tp + fn) if tp + fn else 1.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            out["lists"][name] = {"tp": tp, "fp": fp, "fn": fn, "precision": round(precision, 3),
                                  "recall": round(recall, 3), "f1": round(f1, 3)}
        out["per_document"] = {
            name: {**{k: (v if k == "title" else bool(v)) for k, v in row.items() if k in SINGLE},
                   **{k: {"tp": row[k][0], "fp": row[k][1], "fn": row[k][2]} for k in LISTS}}
            for name, row in self.documents.items()}
        return out


def render(summary: dict) -> str:
    lines = [f"Documents: {summary['documents']}", "", "Field            accuracy"]
    for name, entry in summary["fields"].items():
        extra = f"  (exact {entry['exact']}, fuzzy≥0.9 {entry['fuzzy']})" if name == "title" else ""
        lines.append(f"{name:<16} {entry['accuracy']:.3f}{extra}")
    lines += ["", "List             precision  recall  F1     (tp/fp/fn)"]
    for name, entry in summary["lists"].items():
        lines.append(f"{name:<16} {entry['precision']:.3f}      {entry['recall']:.3f}   {entry['f1']:.3f}  "
                     f"({entry['tp']}/{entry['fp']}/{entry['fn']})")
    lines += ["", "Per document (✓ right, ✗ wrong; lists tp/fp/fn)"]
    short = {"number": "num", "doc_type": "type", "issuer": "iss", "place": "plc", "issued_on": "date",
             "title": "title", "signer": "sig", "signer_title": "sigT"}
    lines.append(f"{'document':<28}" + " ".join(f"{v:>5}" for v in short.values())
                 + f" {'bases':>8} {'recip':>8} {'tasks':>8}")
    for name, row in summary["per_document"].items():
        cells = []
        for key in short:
            value = row[key]
            cells.append(f"{('✓' if value else '✗') if key != 'title' else (value or '✗')[:5]:>5}")
        lists = " ".join(f"{row[k]['tp']}/{row[k]['fp']}/{row[k]['fn']:<2}".rjust(8) for k in LISTS)
        lines.append(f"{name[:28]:<28}" + " ".join(cells) + " " + lists)
    return "\n".join(lines)
