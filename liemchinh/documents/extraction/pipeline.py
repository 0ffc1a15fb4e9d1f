"""The whole reading: text → the contract's dictionary. Pure; names are resolved only through
the optional `resolve(name) -> canonical name | None` callable."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from liemchinh.documents.extraction import header as hdr
from liemchinh.documents.extraction.bases import legal_bases, preamble
from liemchinh.documents.extraction.dates import parse_date
from liemchinh.documents.extraction.normalize import normalise
from liemchinh.documents.extraction.readers import read_text
from liemchinh.documents.extraction.tasks import extract_tasks, tasks_from_rows

Resolver = Callable[[str], "str | None"]
KEYS = ["number", "doc_type", "issuer", "place", "issued_on", "title", "signer", "signer_title",
        "legal_bases", "tasks", "recipients"]
_META_TYPES = {word.capitalize(): code for word, code in hdr.DOC_TYPES}


def _news_title_and_date(lines: list[str]):
    date = None
    title = None
    for line in lines[:12]:
        if date is None and re.fullmatch(r"(?:[\w ]{2,12},\s*)?\d{1,2}/\d{1,2}/\d{4}(?:\s*[-|]?\s*\d{1,2}:\d{2})?", line):
            date = parse_date(line)
            continue
        if title is None and 15 <= len(line) <= 250 and not line.endswith((".", ":")) and line[0].isupper():
            title = line
    return title, date


def extract_text(text: str, resolve: Resolver | None = None) -> dict:
    cleaned = normalise(text)
    lines, meta = cleaned.lines, cleaned.meta
    layout = hdr.find_layout(lines, meta)
    limit = max(layout.header_end, 30)
    number = hdr.own_number(lines, meta, limit)
    page_type, page_title = hdr.title_from_page_title(lines, number)
    doc_type = (hdr.doc_type_of_line(lines[layout.type_line]) if layout.type_line is not None else None) \
        or page_type or _META_TYPES.get(meta.get("doc_type", "").strip().capitalize()) \
        or hdr.doc_type_from_number(number)
    place, issued_on = hdr.place_and_date(lines, meta, limit)
    has_end_matter = any(re.match(r"^Nơi nhận", line) for line in lines) or any(
        hdr._CAPACITY.match(line) for line in lines)
    title = layout.title or page_title or meta.get("title")
    if doc_type is None and not has_end_matter:
        news_title, news_date = _news_title_and_date(lines)
        if news_date or len([line for line in lines if len(line) > 150]) >= 3:  # a dated article, or prose
            doc_type = "news"
            title = title or news_title
            issued_on = issued_on or news_date
    pre = preamble(lines, layout.header_end, layout.body_end)
    body_numbers = [m.group(0) for line in pre for m in hdr.NUMBER_RE.finditer(line)]
    title = hdr.tidy_title(title, body_numbers)

    issuer = hdr.issuer_from_header(lines, limit)
    if issuer in ("Ủy ban nhân dân", "Hội đồng nhân dân") and meta.get("issuer"):
        locality = meta["issuer"].strip()
        issuer = f"{issuer} {locality[:1].lower()}{locality[1:]}"
    if issuer is None and doc_type != "news":
        issuer = hdr.issuer_from_text(lines[layout.header_end:layout.header_end + 40])
    signer, signer_title = hdr.signature(lines, layout.body_end, meta)

    if doc_type == "news":
        bases, tasks, recipients = [], [], []
        signer = signer if signer_title else None
    else:
        bases = legal_bases(title, pre, number)
        body = lines[layout.header_end + len(pre):layout.body_end]
        tasks = extract_tasks(body, issued_on.year if issued_on else None)
        tasks += tasks_from_rows(cleaned.task_rows, issued_on.year if issued_on else None)
        recipients = hdr.recipients(lines[layout.body_end:])

    if resolve is not None:
        def canon(name):
            return (resolve(name) or name) if name else name
        issuer = canon(issuer)
        for task in tasks:
            task["lead"] = canon(task["lead"])
            task["partners"] = [canon(p) for p in task["partners"]]

    result = {
        "number": number, "doc_type": doc_type, "issuer": issuer, "place": place,
        "issued_on": issued_on.isoformat() if issued_on else None, "title": title,
        "signer": signer, "signer_title": signer_title, "legal_bases": bases, "tasks": tasks,
        "recipients": recipients,
    }
    return {key: result[key] for key in KEYS}


def extract_file(path: str | Path, resolve: Resolver | None = None) -> dict:
    return extract_text(read_text(path), resolve=resolve)
