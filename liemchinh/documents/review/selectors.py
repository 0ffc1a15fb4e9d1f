"""Reads for the review screen: how each agency name resolves against the registry, the bodies and
groups an officer may pick instead, and the stored document a draft would duplicate."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from liemchinh.core.models import Organization, OrgGroup
from liemchinh.core.selectors.orgs import NameIndex, active_on_q, visible_orgs
from liemchinh.documents.review.services import require_importer
from liemchinh.documents.services import document_duplicate


@dataclass
class Resolution:
    name: str
    found: Organization | OrgGroup | None

    @property
    def resolved(self) -> bool:
        return self.found is not None

    @property
    def label(self) -> str:
        return self.found.name if self.found is not None else ""

    @property
    def is_group(self) -> bool:
        return isinstance(self.found, OrgGroup)


class Resolver:
    """Resolves names as on one day with one index (one query for all the names of a draft)."""

    def __init__(self, on: dt.date | None) -> None:
        self.index = NameIndex(on)

    def __call__(self, name: str) -> Resolution:
        name = (name or "").strip()
        return Resolution(name=name, found=self.index.resolve(name) if name else None)


def agency_choices(actor, on: dt.date | None = None) -> list[tuple[str, str]]:
    """(code, label) of the groups and of the bodies the officer sees, for picking a body or
    group in place of a name the registry does not know. Codes resolve like names."""
    require_importer(actor)
    groups = [(group.code, f"{group.name} (nhóm)") for group in OrgGroup.objects.order_by("name")]
    orgs = visible_orgs(actor)
    if on is not None:
        orgs = orgs.filter(active_on_q(on))
    bodies = [(org.code, org.name) for org in orgs.order_by("path").only("code", "name")]
    return groups + bodies


def duplicate_of(*, number: str, issuer: str, title: str = "", issued_on: dt.date | None = None):
    """The stored document with the same number from the same issuer, if any."""
    if not (number or "").strip() and not (title or "").strip():
        return None
    return document_duplicate(number=number or "", issuer=issuer or "", title=title or "", issued_on=issued_on)


def highlighted(text: str, marks: list[tuple[int, int, str, str]]) -> SafeString:
    """`text` escaped, with each (start, end, id, kind) as <mark id=… class="src-kind">. Spans nest;
    one that would cross another is left out; duplicates of a span keep the first id."""
    marks = sorted([m for m in marks if 0 <= m[0] < m[1] <= len(text)], key=lambda m: (m[0], -m[1]))
    events: list[tuple[int, int, str]] = []  # (position, order, html)
    stack: list[tuple[int, int]] = []
    seen: set[tuple[int, int]] = set()
    kept = []
    for start, end, ident, kind in marks:
        if (start, end) in seen:
            continue
        while stack and stack[-1][1] <= start:
            stack.pop()
        if stack and end > stack[-1][1]:
            continue  # crosses the enclosing mark
        stack.append((start, end))
        seen.add((start, end))
        kept.append((start, end, ident, kind))
    for depth, (start, end, ident, kind) in enumerate(kept):
        events.append((start, 1, depth, f'<mark id="{html.escape(ident)}" class="src src-{html.escape(kind)}">'))
        events.append((end, 0, -depth, "</mark>"))
    events.sort(key=lambda e: (e[0], e[1], e[2]))
    out, position = [], 0
    for at, _order, _depth, tag in events:
        out.append(html.escape(text[position:at], quote=False))
        out.append(tag)
        position = at
    out.append(html.escape(text[position:], quote=False))
    return mark_safe("".join(out))  # noqa: S308 - every piece of text is escaped above
