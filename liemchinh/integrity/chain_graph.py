"""The chain of an alert (official → relation → person → role in an enterprise → contract) drawn
as a small inline SVG, left to right, server-side, with no script and no external library.

`Alert.chain` = {"nodes": [{"id", "kind", "label"}], "edges": [{"from", "to", "label", "score"?}]}
(engine/scan.py: node ids are record keys such as "officials:CB001"; an edge resting on entity
resolution has a score below 1 and is drawn dashed with its score).
Nodes are placed in columns by their distance from the chain's start (a node with no incoming
edge); nodes of the same column are stacked. The SVG carries role="img", a <title> and a <desc>
reading the chain in words; `chain_steps` gives the same words for a visible text alternative.
Pure: no ORM, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

NODE_W, NODE_H = 176, 58
COL_GAP, ROW_GAP, PAD = 140, 26, 12
LINE_CHARS, MAX_LINES = 24, 2
KINDS = ("official", "relative", "person", "enterprise_person", "body", "enterprise", "contract")


@dataclass(frozen=True)
class Placed:
    id: str
    kind: str
    label: str
    x: int
    y: int


def kind_label(kind: str) -> str:
    return {
        "official": _("Cán bộ"),
        "relative": _("Người thân"),
        "person": _("Người của doanh nghiệp"),
        "enterprise_person": _("Người của doanh nghiệp"),
        "body": _("Cơ quan"),
        "enterprise": _("Doanh nghiệp"),
        "contract": _("Hợp đồng"),
    }.get(kind, _("Đối tượng"))


def score_text(score) -> str:
    """0.97 → "0,97" (Vietnamese decimal comma)."""
    try:
        return f"{float(score):.2f}".replace(".", ",")
    except (TypeError, ValueError):
        return ""


def _nodes_edges(chain: dict | None) -> tuple[list[dict], list[dict]]:
    chain = chain if isinstance(chain, dict) else {}
    nodes, seen = [], set()
    for node in chain.get("nodes") or []:
        if not isinstance(node, dict) or "id" not in node or str(node["id"]) in seen:
            continue
        seen.add(str(node["id"]))
        nodes.append(
            {
                "id": str(node["id"]),
                "kind": str(node.get("kind") or ""),
                "label": str(node.get("label") or node["id"]),
            }
        )
    edges = []
    for edge in chain.get("edges") or []:
        if not isinstance(edge, dict):
            continue
        a, b = str(edge.get("from", "")), str(edge.get("to", ""))
        if a in seen and b in seen and a != b:
            edges.append({**edge, "from": a, "to": b, "label": str(edge.get("label") or "")})
    return nodes, edges


def layout(chain: dict | None) -> tuple[list[Placed], list[dict], int, int]:
    """Columns by longest distance from a start node (cycles are cut), rows in the given order."""
    nodes, edges = _nodes_edges(chain)
    column = {n["id"]: 0 for n in nodes}
    # Longest-path layering; at most len(nodes) relaxation rounds, so a cycle cannot loop forever.
    for _round in range(len(nodes)):
        changed = False
        for e in edges:
            if column[e["to"]] < column[e["from"]] + 1 <= len(nodes) - 1:
                column[e["to"]] = column[e["from"]] + 1
                changed = True
        if not changed:
            break
    rows: dict[int, int] = {}
    placed = []
    for n in nodes:
        col = column[n["id"]]
        row = rows.get(col, 0)
        rows[col] = row + 1
        placed.append(
            Placed(
                n["id"], n["kind"], n["label"], PAD + col * (NODE_W + COL_GAP), PAD + row * (NODE_H + ROW_GAP)
            )
        )
    width = PAD * 2 + (max(column.values(), default=0) + 1) * (NODE_W + COL_GAP) - COL_GAP if nodes else 0
    height = PAD * 2 + max(rows.values(), default=0) * (NODE_H + ROW_GAP) - ROW_GAP if nodes else 0
    return placed, edges, width, height


def _lines(label: str) -> list[str]:
    words, lines, current = label.split(), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if len(candidate) <= LINE_CHARS or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        lines[-1] = lines[-1][: LINE_CHARS - 1].rstrip() + "…"
    return [line if len(line) <= LINE_CHARS + 6 else line[: LINE_CHARS + 5] + "…" for line in lines]


def uncertain(edge: dict) -> bool:
    """An edge resting on entity resolution: its score is below 1 (a certain join scores 1.0)."""
    try:
        return float(edge.get("score")) < 0.9999
    except (TypeError, ValueError):
        return False


def edge_text(edge: dict) -> str:
    return f"{edge['label']} ({score_text(edge['score'])})" if uncertain(edge) else edge["label"]


def chain_steps(chain: dict | None) -> list[str]:
    """The chain in words, one line per edge: "Nguyễn Văn An (Cán bộ) — vợ/chồng → Trần Thị Bình (Người thân)"."""
    nodes, edges = _nodes_edges(chain)
    by_id = {n["id"]: n for n in nodes}

    def name(node_id: str) -> str:
        n = by_id[node_id]
        return f"{n['label']} ({kind_label(n['kind'])})"

    steps = [f"{name(e['from'])} — {edge_text(e)} → {name(e['to'])}" for e in edges]
    linked = {e["from"] for e in edges} | {e["to"] for e in edges}
    steps += [name(n["id"]) for n in nodes if n["id"] not in linked]
    return steps


def chain_svg(chain: dict | None, *, title: str = "") -> SafeString:
    """The SVG markup (escaped), or an empty string when the chain has no node."""
    placed, edges, width, height = layout(chain)
    if not placed:
        return SafeString("")
    at = {p.id: p for p in placed}
    title = title or _("Chuỗi liên kết của cảnh báo")
    desc = "; ".join(chain_steps(chain))
    edge_parts = []
    for e in edges:
        a, b = at[e["from"]], at[e["to"]]
        x1, y1 = a.x + NODE_W, a.y + NODE_H // 2
        x2, y2 = b.x, b.y + NODE_H // 2
        if b.x <= a.x:  # same or earlier column: from the bottom of one to the top of the other
            x1, y1, x2, y2 = a.x + NODE_W // 2, a.y + NODE_H, b.x + NODE_W // 2, b.y
        mx, my = (x1 + x2) // 2, (y1 + y2) // 2
        css = "chain-edge chain-edge-scored" if uncertain(e) else "chain-edge"
        edge_parts.append(
            format_html(
                '<g class="{}"><line x1="{}" y1="{}" x2="{}" y2="{}" marker-end="url(#chain-arrow)"/>'
                '<text x="{}" y="{}" text-anchor="middle">{}</text></g>',
                css,
                x1,
                y1,
                x2 - 2,
                y2,
                mx,
                my - 6,
                edge_text(e),
            )
        )
    node_parts = []
    for p in placed:
        kind_css = p.kind if p.kind in KINDS else "other"
        lines = _lines(p.label)
        text = format_html_join(
            "",
            '<tspan x="{}" dy="{}">{}</tspan>',
            ((p.x + NODE_W // 2, 0 if i == 0 else 15, line) for i, line in enumerate(lines)),
        )
        node_parts.append(
            format_html(
                '<g class="chain-node chain-{}"><rect x="{}" y="{}" width="{}" height="{}" rx="8"/>'
                '<text class="chain-kind" x="{}" y="{}" text-anchor="middle">{}</text>'
                '<text class="chain-label" x="{}" y="{}" text-anchor="middle">{}</text></g>',
                kind_css,
                p.x,
                p.y,
                NODE_W,
                NODE_H,
                p.x + NODE_W // 2,
                p.y + 15,
                kind_label(p.kind),
                p.x + NODE_W // 2,
                p.y + 32,
                text,
            )
        )
    return format_html(
        '<svg class="chain-graph" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" '
        'height="{h}" role="img" aria-labelledby="chain-title chain-desc">'
        '<title id="chain-title">{title}</title><desc id="chain-desc">{desc}</desc>'
        '<defs><marker id="chain-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z"/></marker></defs>{edges}{nodes}</svg>',
        w=width,
        h=height,
        title=title,
        desc=desc,
        edges=format_html_join("", "{}", ((part,) for part in edge_parts)),  # parts are already safe
        nodes=format_html_join("", "{}", ((part,) for part in node_parts)),
    )
