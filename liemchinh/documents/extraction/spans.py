"""Where each proposal of the reader came from: character offsets in the normalised text that the
review screen shows to the officer (the cleaned lines joined by newlines).

The contract's output is unchanged; this is a second entry point for the review screen. A
proposal is located by its own words, spaces and line breaks being equal and letter case
ignored; a value the reader rewrote (an expanded issuer, a law named with its year) is found by
its longest opening of at least two words. A value that cannot be found has no span."""

from __future__ import annotations

import re
from dataclasses import dataclass

from liemchinh.documents.extraction.normalize import normalise
from liemchinh.documents.extraction.pipeline import Resolver, extract_text

Span = tuple[int, int]


@dataclass
class Located:
    """The contract's dictionary, the text shown to the officer, and the spans of the proposals:
    {"number": (s, e) | None, …, "legal_bases": [(s, e) | None, …], "recipients": [...],
    "tasks": [{"text": (s, e) | None, "lead": …, "partners": [...], "due_on": …}, …]}."""

    result: dict
    text: str
    spans: dict


def shown_text(raw: str) -> str:
    """The normalised text of the document as the review screen shows it."""
    return "\n".join(normalise(raw).lines)


def _pattern(words: list[str]) -> re.Pattern:
    return re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)


def find_span(text: str, needle: str | None, start: int = 0, end: int | None = None, *,
              min_words: int = 2) -> Span | None:
    """The first place of `needle` in text[start:end] (spaces and case free); failing that, of
    its longest opening of at least `min_words` words."""
    if not needle or not needle.strip():
        return None
    end = len(text) if end is None else end
    words = needle.split()
    for count in range(len(words), min(min_words, len(words)) - 1, -1):
        match = _pattern(words[:count]).search(text, start, end)
        if match:
            return match.start(), match.end()
    return None


def _date_span(text: str, iso: str | None) -> Span | None:
    if not iso:
        return None
    year, month, day = (int(part) for part in iso.split("-"))
    patterns = [
        rf"ngày\s+0?{day}\s+tháng\s+0?{month}\s+năm\s+{year}",
        rf"\b0?{day}\s*[/.-]\s*0?{month}\s*[/.-]\s*{year}\b",
    ]
    for pattern in patterns:
        match = re.search(pattern, text, re.IGNORECASE)
        if match:
            return match.start(), match.end()
    return None


def locate(result: dict, text: str) -> dict:
    """The spans of every proposal of `result` in `text`."""
    spans: dict = {}
    for key in ("number", "issuer", "place", "title", "signer", "signer_title"):
        spans[key] = find_span(text, result.get(key), min_words=1 if key in ("number", "place", "signer") else 2)
    spans["issued_on"] = _date_span(text, result.get("issued_on"))
    spans["doc_type"] = None
    spans["legal_bases"] = [find_span(text, base) for base in result.get("legal_bases") or []]
    tail = max((span[1] for span in (spans["signer"], spans["signer_title"]) if span), default=0)
    recipients_at = re.search(r"^Nơi nhận", text, re.MULTILINE)
    after = recipients_at.start() if recipients_at else tail
    spans["recipients"] = [find_span(text, name, after) or find_span(text, name) for name in result.get("recipients") or []]
    tasks = []
    cursor = 0
    for task in result.get("tasks") or []:
        where = find_span(text, task.get("text"), cursor, min_words=4) or find_span(text, task.get("text"), min_words=4)
        if where:
            cursor = where[1]
            inside = where
        else:
            inside = (0, len(text))

        due = _date_span(text[inside[0]:inside[1]], task.get("due_on"))
        tasks.append({
            "text": where,
            "lead": find_span(text, task.get("lead"), *inside),
            "partners": [find_span(text, name, *inside) for name in task.get("partners") or []],
            "due_on": (inside[0] + due[0], inside[0] + due[1]) if due else None,
        })
    spans["tasks"] = tasks
    return spans


def extract_with_spans(raw: str, resolve: Resolver | None = None) -> Located:
    """The reader's proposal for the text `raw`, with where each part came from. Spans are located
    on the reader's own wording (before names are resolved), in the normalised text."""
    text = shown_text(raw)
    plain = extract_text(raw)
    result = extract_text(raw, resolve=resolve) if resolve is not None else plain
    return Located(result=result, text=text, spans=locate(plain, text))
