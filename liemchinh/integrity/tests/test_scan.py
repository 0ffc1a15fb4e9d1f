"""The five rules over small DuckDB worlds: each fires on its minimal case and not on its decoy;
rule versions by date; one alert per identity; the contract's output shape."""

from __future__ import annotations

import copy
import csv
import dataclasses
import datetime as dt

import pytest

from liemchinh.integrity import keys
from liemchinh.integrity import rules as R
from liemchinh.integrity.engine import tables
from liemchinh.integrity.engine.scan import contract_line, scan
from liemchinh.integrity.synth.generator import COLUMNS

AS_OF = dt.date(2025, 6, 30)

# The head CB1 of body B1 (managed sector 41) since 2019; his wife is official CB2, accountant of B1.
BASE = {
    "organizations.csv": [
        ["B1", "Sở Xây dựng", "", "41;68"],
        ["B2", "Sở Y tế", "", "86"],
    ],
    "officials.csv": [
        ["CB1", "Nguyễn Văn An", "1970-03-02", "038070000001"],
        ["CB2", "Trần Thị Bình", "1975-06-09", ""],
        ["CB3", "Lê Văn Cường", "1980-01-01", ""],
    ],
    "positions.csv": [
        ["CB1", "B1", "Giám đốc", "head", "2019-01-01", ""],
        ["CB2", "B1", "Kế toán trưởng", "accounting", "2020-01-01", ""],
        ["CB3", "B1", "Phó Giám đốc", "deputy_head", "2015-01-01", ""],
    ],
    "relatives.csv": [
        ["CB1", "spouse", "Tran Thi Binh", "1975-06-09", ""],
    ],
    "enterprises.csv": [],
    "enterprise_people.csv": [],
    "contracts.csv": [],
}


def rel_key(row):
    return keys.relative_key(row[0], row[1], row[2], row[3], row[4])


def ep_key(row):
    return keys.enterprise_person_key(row[0], row[1], row[2], row[3], row[4])


def build(tmp_path, world, links):
    """Write the world as contract CSV files, load them, and put `links` [(key, key, p)] in place."""
    for name, rows in world.items():
        with open(tmp_path / name, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(COLUMNS[name])
            writer.writerows(rows)
    con = tables.connect()
    tables.load_from_dir(con, tmp_path)
    con.execute(
        "CREATE TABLE links (left_key VARCHAR, right_key VARCHAR, probability DOUBLE, match_weight DOUBLE, "
        "explanation VARCHAR, judged VARCHAR)"
    )
    for a, b, p in links:
        left, right = sorted((a, b))
        con.execute("INSERT INTO links VALUES (?, ?, ?, NULL, '[]', NULL)", [left, right, p])
    return con


def run(tmp_path, world, links, **kwargs):
    con = build(tmp_path, world, links)
    try:
        return scan(con, as_of=kwargs.pop("as_of", AS_OF), **kwargs)
    finally:
        con.close()


def of_rule(alerts, rule):
    return [a for a in alerts if a["rule"] == rule]


def world(**changes):
    w = copy.deepcopy(BASE)
    for name, rows in changes.items():
        w[name.replace("_csv", ".csv")] = rows
    return w


WIFE_LINK = (rel_key(BASE["relatives.csv"][0]), keys.official_key("CB2"), 0.95)


# ---------------------------------------------------------------- relative_in_sensitive_post


def test_relative_in_sensitive_post_fires_with_chain_evidence_and_score(tmp_path):
    alerts = of_rule(run(tmp_path, world(), [WIFE_LINK]), R.RELATIVE_IN_SENSITIVE_POST)
    assert len(alerts) == 1
    alert = alerts[0]
    assert (alert["official_id"], alert["org_code"], alert["counterpart"]) == (
        "CB1",
        "B1",
        {"official_id": "CB2"},
    )
    assert alert["score"] == pytest.approx(0.95)
    # header is row 1: CB1's post is positions.csv row 2, the wife's post row 3, the relative row 2
    assert alert["evidence"] == [
        "positions.csv row 2",
        "relatives.csv row 2",
        "officials.csv row 3",
        "positions.csv row 3",
    ]
    assert "vợ/chồng" in alert["explanation"] and "kế toán" in alert["explanation"]
    assert "khoản 3 Điều 20" in alert["explanation"] and "01/01/2020" in alert["explanation"]
    labels = {e["label"] for e in alert["chain"]["edges"]}
    assert {"người đứng đầu", "vợ/chồng", "cùng một người", "kế toán"} <= labels


def test_relative_who_left_before_the_head_arrived_raises_nothing(tmp_path):
    positions = copy.deepcopy(BASE["positions.csv"])
    positions[1] = ["CB2", "B1", "Kế toán trưởng", "accounting", "2012-01-01", "2018-12-31"]
    assert not of_rule(
        run(tmp_path, world(positions_csv=positions), [WIFE_LINK]), R.RELATIVE_IN_SENSITIVE_POST
    )


def test_one_shared_day_is_an_overlap(tmp_path):
    positions = copy.deepcopy(BASE["positions.csv"])
    positions[1] = ["CB2", "B1", "Kế toán trưởng", "accounting", "2012-01-01", "2019-01-01"]
    assert of_rule(run(tmp_path, world(positions_csv=positions), [WIFE_LINK]), R.RELATIVE_IN_SENSITIVE_POST)


def test_relative_in_another_body_raises_nothing(tmp_path):
    positions = copy.deepcopy(BASE["positions.csv"])
    positions[1] = ["CB2", "B2", "Kế toán trưởng", "accounting", "2020-01-01", ""]
    assert not of_rule(
        run(tmp_path, world(positions_csv=positions), [WIFE_LINK]), R.RELATIVE_IN_SENSITIVE_POST
    )


def test_other_relation_and_other_post_raise_nothing(tmp_path):
    relatives = [["CB1", "other", "Tran Thi Binh", "1975-06-09", ""]]
    link = (rel_key(relatives[0]), keys.official_key("CB2"), 0.95)
    assert not of_rule(run(tmp_path, world(relatives_csv=relatives), [link]), R.RELATIVE_IN_SENSITIVE_POST)
    positions = copy.deepcopy(BASE["positions.csv"])
    positions[1][3] = "other"
    assert not of_rule(
        run(tmp_path, world(positions_csv=positions), [WIFE_LINK]), R.RELATIVE_IN_SENSITIVE_POST
    )


def test_sibling_counts_for_article_20_3(tmp_path):
    relatives = [["CB1", "sibling", "Tran Thi Binh", "1975-06-09", ""]]
    link = (rel_key(relatives[0]), keys.official_key("CB2"), 0.95)
    assert of_rule(run(tmp_path, world(relatives_csv=relatives), [link]), R.RELATIVE_IN_SENSITIVE_POST)


def test_homonym_below_the_alert_threshold_raises_nothing(tmp_path):
    weak = (WIFE_LINK[0], WIFE_LINK[1], R.ALERT_MIN_SCORE - 0.2)
    assert not run(tmp_path, world(), [weak])
    assert not run(tmp_path, world(), [])  # no link at all: nothing joins the two registries


def test_deputy_head_counts_too(tmp_path):
    relatives = [["CB3", "child", "Tran Thi Binh", "1975-06-09", ""]]
    link = (rel_key(relatives[0]), keys.official_key("CB2"), 0.9)
    alerts = of_rule(run(tmp_path, world(relatives_csv=relatives), [link]), R.RELATIVE_IN_SENSITIVE_POST)
    assert [(a["official_id"], a["counterpart"]) for a in alerts] == [("CB3", {"official_id": "CB2"})]


def test_rule_version_in_force_on_the_overlap_decides(tmp_path):
    # A (fictitious) later version that no longer names accountants, from 01/01/2021.
    later = dataclasses.replace(
        R.rule_versions(R.RELATIVE_IN_SENSITIVE_POST)[-1],
        effective_from=dt.date(2021, 1, 1),
        subject_roles=frozenset({"hr"}),
        citation="văn bản thử",
    )
    table = dict(R.RULE_VERSIONS)
    table[R.RELATIVE_IN_SENSITIVE_POST] = [*R.RULE_VERSIONS[R.RELATIVE_IN_SENSITIVE_POST], later]
    # overlap 2020-01-01 … open: some days fall under the 2018 law → fires, citing it
    alerts = of_rule(run(tmp_path, world(), [WIFE_LINK], versions=table), R.RELATIVE_IN_SENSITIVE_POST)
    assert len(alerts) == 1 and "Điều 20" in alerts[0]["explanation"]
    # the accountant arrives after the change: no version in force on the overlap names the post
    positions = copy.deepcopy(BASE["positions.csv"])
    positions[1][4] = "2022-01-01"
    assert not of_rule(
        run(tmp_path, world(positions_csv=positions), [WIFE_LINK], versions=table),
        R.RELATIVE_IN_SENSITIVE_POST,
    )


def test_overlap_before_the_2018_law_cites_the_2005_law(tmp_path):
    positions = [
        ["CB1", "B1", "Giám đốc", "head", "2012-01-01", "2016-12-31"],
        ["CB2", "B1", "Kế toán trưởng", "accounting", "2014-01-01", "2017-12-31"],
    ]
    alerts = of_rule(run(tmp_path, world(positions_csv=positions), [WIFE_LINK]), R.RELATIVE_IN_SENSITIVE_POST)
    assert len(alerts) == 1 and "Điều 37" in alerts[0]["explanation"] and "2005" in alerts[0]["explanation"]


def test_one_alert_per_identity_best_score_and_union_of_evidence(tmp_path):
    relatives = [
        ["CB1", "spouse", "Tran Thi Binh", "1975-06-09", ""],
        ["CB1", "spouse", "Trần Thị Bình", "1975", ""],
    ]
    positions = [*BASE["positions.csv"], ["CB2", "B1", "Thủ quỹ", "treasurer", "2021-01-01", ""]]
    links = [
        (rel_key(relatives[0]), keys.official_key("CB2"), 0.85),
        (rel_key(relatives[1]), keys.official_key("CB2"), 0.97),
    ]
    alerts = of_rule(
        run(tmp_path, world(relatives_csv=relatives, positions_csv=positions), links),
        R.RELATIVE_IN_SENSITIVE_POST,
    )
    assert len(alerts) == 1
    assert alerts[0]["score"] == pytest.approx(0.97)
    assert alerts[0]["evidence"][1] == "relatives.csv row 3"  # the best chain's rows come first
    assert {
        "relatives.csv row 2",
        "relatives.csv row 3",
        "positions.csv row 3",
        "positions.csv row 5",
    } <= set(alerts[0]["evidence"])
    assert len(alerts[0]["evidence"]) == len(set(alerts[0]["evidence"]))


# ---------------------------------------------------------------- contracts


ENT = ["0301234567", "Công ty TNHH Bình An", "56", "2015-01-01"]
OWNER = ["0301234567", "owner", "TRẦN THỊ BÌNH", "1975", "", "1"]
OWNER_LINK = (rel_key(BASE["relatives.csv"][0]), ep_key(OWNER), 0.9)


def contract_world(signed_on, signer="CB3", supplier="0301234567", relatives=None, people=None):
    return world(
        enterprises_csv=[ENT],
        enterprise_people_csv=people or [OWNER],
        relatives_csv=relatives or BASE["relatives.csv"],
        contracts_csv=[["HD1", "B1", supplier, "1250000000", signed_on, signer]],
    )


def test_contract_with_relative_business_at_signing_date(tmp_path):
    alerts = of_rule(
        run(tmp_path, contract_world("2024-04-01"), [OWNER_LINK]), R.CONTRACT_WITH_RELATIVE_BUSINESS
    )
    assert [(a["official_id"], a["org_code"], a["counterpart"]) for a in alerts] == [
        ("CB1", "B1", {"contract_id": "HD1"})
    ]
    assert alerts[0]["score"] == pytest.approx(0.9)
    assert alerts[0]["evidence"][:2] == ["contracts.csv row 2", "positions.csv row 2"]
    assert "01/04/2024" in alerts[0]["explanation"]


def test_contract_signed_before_the_heads_term_raises_nothing(tmp_path):
    assert not of_rule(
        run(tmp_path, contract_world("2018-06-01"), [OWNER_LINK]), R.CONTRACT_WITH_RELATIVE_BUSINESS
    )


def test_the_signer_counts_whatever_his_post(tmp_path):
    relatives = [["CB2", "father", "Tran Thi Binh", "1975-06-09", ""]]  # CB2 is the accountant
    link = (rel_key(relatives[0]), ep_key(OWNER), 0.9)
    alerts = of_rule(
        run(tmp_path, contract_world("2018-06-01", signer="CB2", relatives=relatives), [link]),
        R.CONTRACT_WITH_RELATIVE_BUSINESS,
    )
    assert [(a["official_id"], a["counterpart"]) for a in alerts] == [("CB2", {"contract_id": "HD1"})]
    assert "người ký hợp đồng" in alerts[0]["explanation"]


def test_contract_with_a_branch_of_the_relatives_enterprise(tmp_path):
    alerts = run(tmp_path, contract_world("2024-04-01", supplier="0301234567-001"), [OWNER_LINK])
    assert of_rule(alerts, R.CONTRACT_WITH_RELATIVE_BUSINESS)


def test_self_dealing_contract_any_role(tmp_path):
    holder = ["0301234567", "shareholder", "Nguyen Van An", "1970", "", "0.1"]
    link = (keys.official_key("CB1"), ep_key(holder), 0.92)
    alerts = run(tmp_path, contract_world("2024-04-01", signer="CB1", people=[holder]), [link])
    got = of_rule(alerts, R.SELF_DEALING_CONTRACT)
    assert [(a["official_id"], a["org_code"], a["counterpart"]) for a in got] == [
        ("CB1", "B1", {"contract_id": "HD1"})
    ]
    assert not of_rule(alerts, R.OFFICIAL_RUNS_BUSINESS)  # a shareholder does not run the business
    assert not of_rule(alerts, R.STAKE_IN_MANAGED_SECTOR)  # sector 56 is not managed by B1
    # someone else signed: not self-dealing
    assert not of_rule(
        run(tmp_path, contract_world("2024-04-01", signer="CB3", people=[holder]), [link]),
        R.SELF_DEALING_CONTRACT,
    )


# ---------------------------------------------------------------- enterprises


def test_official_runs_business_one_alert_per_current_body(tmp_path):
    people = [["0301234567", "legal_representative", "Le Van Cuong", "1980-01-01", "", ""]]
    link = (keys.official_key("CB3"), ep_key(people[0]), 0.99)
    w = world(enterprises_csv=[ENT], enterprise_people_csv=people)
    w["positions.csv"].append(
        ["CB3", "B2", "Chuyên viên", "other", "2010-01-01", "2014-12-31"]
    )  # a former post
    alerts = of_rule(run(tmp_path, w, [link]), R.OFFICIAL_RUNS_BUSINESS)
    assert [(a["official_id"], a["org_code"], a["counterpart"]) for a in alerts] == [
        ("CB3", "B1", {"tax_code": "0301234567"})
    ]
    # an official with no post on the scan date is nobody's official any more
    earlier = of_rule(run(tmp_path, w, [link], as_of=dt.date(2012, 1, 1)), R.OFFICIAL_RUNS_BUSINESS)
    assert [a["org_code"] for a in earlier] == ["B2"]
    assert not of_rule(run(tmp_path, w, [link], as_of=dt.date(2009, 1, 1)), R.OFFICIAL_RUNS_BUSINESS)


@pytest.mark.parametrize(
    ("relation", "role", "sector", "fires"),
    [
        ("spouse", "owner", "4101", True),  # managed "41" covers "4101"
        ("child", "manager", "68", True),
        ("sibling", "owner", "4101", False),  # Điều 20 khoản 4 does not name siblings
        ("spouse", "shareholder", "4101", False),  # a relative's shares are not "kinh doanh"
        ("spouse", "owner", "56", False),  # sector not managed by the body
        ("spouse", "owner", "4", False),  # a shorter code is not inside "41"
    ],
)
def test_stake_in_managed_sector_through_a_relative(tmp_path, relation, role, sector, fires):
    relatives = [["CB1", relation, "Tran Thi Binh", "1975-06-09", ""]]
    person = ["0301234567", role, "TRẦN THỊ BÌNH", "1975", "", "0.3" if role == "shareholder" else ""]
    link = (rel_key(relatives[0]), ep_key(person), 0.9)
    w = world(
        relatives_csv=relatives,
        enterprises_csv=[["0301234567", "Công ty", sector, ""]],
        enterprise_people_csv=[person],
    )
    alerts = of_rule(run(tmp_path, w, [link]), R.STAKE_IN_MANAGED_SECTOR)
    assert bool(alerts) is fires
    if fires:
        assert (alerts[0]["official_id"], alerts[0]["org_code"], alerts[0]["counterpart"]) == (
            "CB1",
            "B1",
            {"tax_code": "0301234567"},
        )
        assert "khoản 4 Điều 20" in alerts[0]["explanation"]


def test_stake_of_the_head_himself_and_not_of_a_staff_member(tmp_path):
    holder = ["0301234567", "shareholder", "NGUYEN VAN AN", "1970-03-02", "038070000001", "0.2"]
    w = world(enterprises_csv=[["0301234567", "Công ty", "68", ""]], enterprise_people_csv=[holder])
    alerts = run(tmp_path, w, [(keys.official_key("CB1"), ep_key(holder), 1.0)])
    got = of_rule(alerts, R.STAKE_IN_MANAGED_SECTOR)
    assert [(a["official_id"], a["score"]) for a in got] == [("CB1", 1.0)]
    assert all(e["from"] != e["to"] for e in got[0]["chain"]["edges"])
    assert len({n["id"] for n in got[0]["chain"]["nodes"]}) == len(got[0]["chain"]["nodes"])
    # the accountant holding the same shares manages no sector
    alerts = run(tmp_path, w, [(keys.official_key("CB2"), ep_key(holder), 1.0)])
    assert not of_rule(alerts, R.STAKE_IN_MANAGED_SECTOR)


def test_contract_lines_have_exactly_the_contract_shape(tmp_path):
    alerts = run(tmp_path, contract_world("2024-04-01", signer="CB1"), [WIFE_LINK, OWNER_LINK])
    assert {a["rule"] for a in alerts} == {R.RELATIVE_IN_SENSITIVE_POST, R.CONTRACT_WITH_RELATIVE_BUSINESS}
    for alert in alerts:
        line = contract_line(alert)
        assert list(line) == [
            "rule",
            "official_id",
            "org_code",
            "counterpart",
            "score",
            "evidence",
            "explanation",
        ]
        assert line["rule"] in R.RULE_CODES
        assert isinstance(line["official_id"], str) and isinstance(line["org_code"], str)
        assert len(line["counterpart"]) == 1
        assert list(line["counterpart"])[0] in ("official_id", "tax_code", "contract_id")
        assert 0 <= line["score"] <= 1
        assert line["evidence"] and all(e.split(" row ")[1].isdigit() for e in line["evidence"])
        assert line["explanation"].startswith(("Nguyễn", "Hợp đồng"))


def test_scan_without_links_table_raises_only_id_joined_alerts(tmp_path):
    con = build(tmp_path, world(), [])
    con.execute("DROP TABLE links")
    assert scan(con, as_of=AS_OF) == []


# ---------------------------------------------------------------- against the generator


def _key_of(con, evidence):
    file, _row, number = evidence.split(" ")
    table = {
        "relatives.csv": "relatives",
        "enterprise_people.csv": "enterprise_people",
        "officials.csv": "officials",
    }.get(file)
    if table is None:
        return None
    return con.execute(f"SELECT record_key FROM {table} WHERE source_row = ?", [int(number)]).fetchone()[0]  # noqa: S608


def _same_person_pair(con, rule, official_id, other_official_id, evidence):
    found = [k for k in (_key_of(con, e) for e in evidence) if k]
    if other_official_id:  # the relative is the other official
        found = [k for k in found if k.startswith("relatives:")] + [keys.official_key(other_official_id)]
    elif rule == R.CONTRACT_WITH_RELATIVE_BUSINESS or any(k.startswith("relatives:") for k in found):
        found = [k for k in found if not k.startswith("officials:")]
    else:  # the official himself
        found = [k for k in found if not k.startswith("relatives:")] + [keys.official_key(official_id)]
    pair = tuple(sorted(set(found)))
    assert len(pair) == 2, (rule, evidence)
    return pair


def test_rules_find_every_planted_conflict_and_no_decoy_given_the_true_links(tmp_path):
    """With the links a perfect resolver would give (the planted same-person pairs, homonyms
    excluded), the rules raise exactly the generator's truth: the rules' logic alone is exact."""
    import json

    from liemchinh.integrity.evaluate import alert_key
    from liemchinh.integrity.synth.generator import SynthOptions, generate

    generate(tmp_path, SynthOptions(officials=3000, seed=5, conflict_rate=0.04))
    con = tables.connect()
    tables.load_from_dir(con, tmp_path)
    truth = [json.loads(t) for t in (tmp_path / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    decoys = [json.loads(t) for t in (tmp_path / "decoys.jsonl").read_text(encoding="utf-8").splitlines()]
    pairs = {
        _same_person_pair(
            con,
            t["rule"],
            t["official_id"],
            t["counterpart"]["official_id"] if t["rule"] == R.RELATIVE_IN_SENSITIVE_POST else None,
            t["evidence"],
        )
        for t in truth
    }
    pairs |= {
        _same_person_pair(
            con,
            d["rule"],
            d["records"]["official_id"],
            d["records"].get("other_official_id"),
            d["records"]["evidence"],
        )
        for d in decoys
        if not d["kind"].startswith("homonym")
    }
    con.execute(
        "CREATE TABLE links (left_key VARCHAR, right_key VARCHAR, probability DOUBLE, match_weight DOUBLE, "
        "explanation VARCHAR, judged VARCHAR)"
    )
    con.executemany("INSERT INTO links VALUES (?, ?, 1.0, NULL, '[]', NULL)", sorted(pairs))
    alerts = scan(con, as_of=AS_OF)
    assert len(truth) > 100 and {d["kind"] for d in decoys} >= {
        "periods_do_not_overlap",
        "contract_outside_term",
        "sibling_in_managed_sector",
    }
    assert {alert_key(a) for a in alerts} == {alert_key(t) for t in truth}
