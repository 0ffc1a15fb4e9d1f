"""The chain graph: left-to-right layout, escaping, text alternative, odd input."""

from __future__ import annotations

from liemchinh.integrity.chain_graph import COL_GAP, NODE_W, PAD, chain_steps, chain_svg, layout, score_text

CHAIN = {
    "nodes": [
        {"id": "o", "kind": "official", "label": "Nguyễn Văn An"},
        {"id": "r", "kind": "relative", "label": "Trần Thị Bình"},
        {"id": "e", "kind": "person", "label": "TRAN THI BINH"},
        {"id": "f", "kind": "enterprise", "label": "Công ty TNHH Một Thành Viên Thương Mại Dịch Vụ Bình An"},
        {"id": "c", "kind": "contract", "label": "HD-01"},
    ],
    "edges": [
        {"from": "o", "to": "r", "label": "vợ/chồng"},
        {"from": "r", "to": "e", "label": "cùng người", "score": 0.876},
        {"from": "e", "to": "f", "label": "chủ sở hữu"},
        {"from": "f", "to": "c", "label": "nhà cung cấp"},
    ],
}


def test_nodes_are_laid_out_left_to_right_along_the_chain():
    placed, edges, width, height = layout(CHAIN)
    xs = {p.id: p.x for p in placed}
    assert [xs[k] for k in "orefc"] == [PAD + i * (NODE_W + COL_GAP) for i in range(5)]
    assert len({p.y for p in placed}) == 1
    assert width == PAD * 2 + 5 * NODE_W + 4 * COL_GAP and height > 0 and len(edges) == 4


def test_branches_stack_in_the_same_column():
    chain = {
        "nodes": [
            {"id": "a", "kind": "official", "label": "A"},
            {"id": "b", "kind": "relative", "label": "B"},
            {"id": "c", "kind": "body", "label": "C"},
        ],
        "edges": [{"from": "a", "to": "b", "label": "x"}, {"from": "a", "to": "c", "label": "y"}],
    }
    placed, _edges, _w, _h = layout(chain)
    b, c = (next(p for p in placed if p.id == k) for k in "bc")
    assert b.x == c.x and b.y < c.y


def test_svg_is_accessible_and_escaped():
    chain = {
        "nodes": [
            {"id": "a", "kind": "official", "label": "<script>alert(1)</script>"},
            {"id": "b", "kind": "weird", "label": "B & C"},
        ],
        "edges": [{"from": "a", "to": "b", "label": '"quote"'}],
    }
    svg = str(chain_svg(chain, title="Chuỗi <1>"))
    assert svg.startswith('<svg class="chain-graph"') and 'role="img"' in svg
    assert '<title id="chain-title">Chuỗi &lt;1&gt;</title>' in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "B &amp; C" in svg
    assert "chain-other" in svg  # an unknown kind gets the neutral style
    assert '<desc id="chain-desc">' in svg


def test_long_labels_are_wrapped_and_scores_use_a_decimal_comma():
    svg = str(chain_svg(CHAIN))
    assert svg.count("<tspan") >= 6
    assert "cùng người (0,88)" in svg and "chain-edge-scored" in svg
    assert score_text(1) == "1,00" and score_text(None) == ""


def test_steps_read_the_chain_in_words():
    steps = chain_steps(CHAIN)
    assert steps[0] == "Nguyễn Văn An (Cán bộ) — vợ/chồng → Trần Thị Bình (Người thân)"
    assert steps[1].endswith("cùng người (0,88) → TRAN THI BINH (Người của doanh nghiệp)")
    assert len(steps) == 4


def test_empty_broken_and_cyclic_chains_do_not_fail():
    assert str(chain_svg({})) == "" and str(chain_svg(None)) == "" and chain_steps("nonsense") == []
    broken = {
        "nodes": [{"id": "a", "label": "A"}, {"label": "no id"}, "x"],
        "edges": [{"from": "a", "to": "missing"}, {"from": "a", "to": "a"}, 5],
    }
    assert "A" in str(chain_svg(broken)) and chain_steps(broken) == ["A (Đối tượng)"]
    cycle = {
        "nodes": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
        "edges": [{"from": "a", "to": "b", "label": "1"}, {"from": "b", "to": "a", "label": "2"}],
    }
    placed, _e, width, _h = layout(cycle)
    assert len(placed) == 2 and width > 0
    assert "<svg" in str(chain_svg(cycle))


def test_certain_edges_show_no_score():
    chain = {
        "nodes": [
            {"id": "officials:A", "kind": "official", "label": "A"},
            {"id": "enterprise_people:x", "kind": "enterprise_person", "label": "B"},
        ],
        "edges": [{"from": "officials:A", "to": "enterprise_people:x", "label": "chủ sở hữu", "score": 1.0}],
    }
    svg = str(chain_svg(chain))
    assert "(1,00)" not in svg and "chain-edge-scored" not in svg and "chain-enterprise_person" in svg
    assert chain_steps(chain) == ["A (Cán bộ) — chủ sở hữu → B (Người của doanh nghiệp)"]
