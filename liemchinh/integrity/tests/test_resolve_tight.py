"""Tight contexts of entity resolution: a pair a rule actually asks about (a head's relative and the
accountant of the head's body) is far likelier one person than two mentions of the whole province,
so equal names with partial birth information link there — and only there."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random

import pytest

from liemchinh.integrity import keys, rules
from liemchinh.integrity.engine import resolve, tables
from liemchinh.integrity.engine.scan import scan
from liemchinh.integrity.synth.names import VietnameseNames

BODIES = 30
AS_OF = dt.date(2026, 1, 1)

# (head id, body, relative row, official row of the post holder, the holder's role)
# relative row: official_id, relation, full_name, birth_date, id_number
# official row: official_id, full_name, birth_date, id_number
YEAR_ONLY = (
    "H001",
    "CQ001",
    ["H001", "spouse", "Phạm Thị Thu Trang", "1980", ""],
    ["A001", "Phạm Thị Thu Trang", "1980-05-06", ""],
    "accounting",
)
DECOY = (
    "H002",
    "CQ002",
    ["H002", "child", "Lê Văn Hải", "1983-06-23", ""],
    ["A002", "Lê Văn Hải", "1994-09-20", ""],
    "accounting",
)
NAME_ONLY = (
    "H003",
    "CQ003",
    ["H003", "sibling", "Đoàn Minh Khôi", "", ""],
    ["A003", "Đoàn Minh Khôi", "1979-01-01", ""],
    "warehouse",
)
TYPO = (
    "H004",
    "CQ004",
    ["H004", "mother", "Vũ Thị Ngọc Lan", "1950-02-03", ""],
    ["A004", "Vu Thi Ngoc Lna", "1950-02-03", ""],
    "treasurer",
)
PLANTED = (YEAR_ONLY, DECOY, NAME_ONLY, TYPO)
# The same evidence as YEAR_ONLY out of any rule's context: a relative of an ordinary official of
# one body and an ordinary official of another body, same name, one side giving only the year.
LOOSE_RELATIVE = ["B0007", "father", "Hồ Quang Tùng", "1961", ""]
LOOSE_OFFICIAL = ["L001", "Hồ Quang Tùng", "1961-07-08", ""]
# A name-only pair out of context: a relative with no birth date, an official of another body.
LOOSE_NAME_RELATIVE = ["B0009", "spouse", "Kiều Thanh Bình", "", ""]
LOOSE_NAME_OFFICIAL = ["L002", "Kiều Thanh Bình", "1975-03-03", ""]


def _birth(rng: random.Random) -> str:
    day = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(50 * 365))
    roll = rng.random()
    return day.isoformat() if roll < 0.7 else (str(day.year) if roll < 0.9 else "")


def write_world(directory) -> None:
    rng = random.Random(20260202)
    names = VietnameseNames()
    bodies = [[f"CQ{i:03d}", f"Cơ quan số {i}", "", ""] for i in range(1, BODIES + 1)]
    officials, positions, relatives = [], [], []
    for i in range(1, 1501):
        oid = f"B{i:04d}"
        officials.append([oid, names.full(rng, rng.choice("MF")), _birth(rng), ""])
        body = f"CQ{rng.randrange(1, BODIES + 1):03d}"
        role = rng.choice(["other", "other", "other", "hr", "accounting"])
        positions.append([oid, body, "Chuyên viên", role, "2015-01-01", ""])
        for relation in rng.sample(["spouse", "child", "father", "mother", "sibling"], 2):
            relatives.append([oid, relation, names.full(rng, rng.choice("MF")), _birth(rng), ""])
    for head, body, relative, holder, role in PLANTED:
        officials.append([head, names.full(rng, "M"), "1960-01-01", ""])
        positions.append([head, body, "Thủ trưởng", "head", "2016-01-01", ""])
        relatives.append(relative)
        officials.append(holder)
        positions.append([holder[0], body, "Chuyên viên", role, "2018-01-01", ""])
    relatives.append(LOOSE_RELATIVE)
    officials.append(LOOSE_OFFICIAL)
    positions.append(["L001", "CQ030", "Chuyên viên", "other", "2018-01-01", ""])
    relatives.append(LOOSE_NAME_RELATIVE)
    officials.append(LOOSE_NAME_OFFICIAL)
    positions.append(["L002", "CQ029", "Chuyên viên", "accounting", "2018-01-01", ""])
    people = [
        [
            f"02{i:08d}",
            rng.choice(["owner", "shareholder"]),
            names.full(rng, rng.choice("MF")),
            _birth(rng),
            "",
            "",
        ]
        for i in range(800)
    ]
    files = {
        "organizations.csv": (["org_code", "name", "parent_code", "managed_sectors"], bodies),
        "officials.csv": (["official_id", "full_name", "birth_date", "id_number"], officials),
        "positions.csv": (["official_id", "org_code", "title", "role", "start_date", "end_date"], positions),
        "relatives.csv": (["official_id", "relation", "full_name", "birth_date", "id_number"], relatives),
        "enterprise_people.csv": (
            ["tax_code", "role", "full_name", "birth_date", "id_number", "capital_share"],
            people,
        ),
    }
    for name, (header, rows) in files.items():
        with open(directory / name, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            writer.writerows(rows)


def _pair(relative_row, official_row):
    a, b = keys.relative_key(*relative_row), keys.official_key(official_row[0])
    return (a, b) if a < b else (b, a)


@pytest.fixture(scope="module")
def resolved(tmp_path_factory):
    directory = tmp_path_factory.mktemp("tight")
    write_world(directory)
    con = tables.connect(threads=2)
    tables.load_from_dir(con, directory)
    figures = resolve.resolve(con)
    candidates = {
        (left, right): (p, json.loads(expl))
        for left, right, p, expl in con.execute(
            "SELECT left_key, right_key, probability, explanation FROM link_candidates"
        ).fetchall()
    }
    links = {
        (left, right): p
        for left, right, p in con.execute("SELECT left_key, right_key, probability FROM links").fetchall()
    }
    alerts = scan(con, as_of=AS_OF)
    yield figures, candidates, links, alerts
    con.close()


def _alerted(alerts, head, holder) -> bool:
    return any(
        a["rule"] == rules.RELATIVE_IN_SENSITIVE_POST
        and a["official_id"] == head
        and a["counterpart"] == {"official_id": holder}
        for a in alerts
    )


def test_tight_priors_are_far_above_the_population_prior(resolved):
    figures, *_ = resolved
    tight = figures["tight_priors"]["b:officials-relatives"]
    assert tight > 100 * figures["prior"]
    assert tight > figures["context_priors"]["officials-relatives/1"]


def test_equal_names_and_year_only_birth_in_tight_context_link_and_alert(resolved):
    _, candidates, links, alerts = resolved
    key = _pair(YEAR_ONLY[2], YEAR_ONLY[3])
    assert links[key] >= rules.ALERT_MIN_SCORE
    assert any(line["field"] == "ngữ cảnh" for line in candidates[key][1])
    assert _alerted(alerts, "H001", "A001")


def test_a_typo_with_equal_dates_in_tight_context_alerts(resolved):
    _, _, links, alerts = resolved
    assert links[_pair(TYPO[2], TYPO[3])] >= rules.ALERT_MIN_SCORE
    assert _alerted(alerts, "H004", "A004")


def test_same_name_with_contradicting_birth_dates_does_not_link(resolved):
    _, candidates, links, alerts = resolved
    key = _pair(DECOY[2], DECOY[3])
    assert links.get(key, 0.0) < rules.LINK_FLOOR
    assert not _alerted(alerts, "H002", "A002")


def test_a_name_only_pair_in_tight_context_stays_below_link_high(resolved):
    _, candidates, links, _ = resolved
    key = _pair(NAME_ONLY[2], NAME_ONLY[3])
    assert key in candidates  # proposed and scored although neither birth information compares
    assert candidates[key][0] <= rules.LINK_TIGHT_NAME_ONLY_CAP < rules.LINK_HIGH


def test_the_same_evidence_out_of_context_is_not_linked(resolved):
    _, candidates, links, alerts = resolved
    key = _pair(LOOSE_RELATIVE, LOOSE_OFFICIAL)
    assert links.get(key, 0.0) < rules.LINK_FLOOR
    assert not any(a["counterpart"] == {"official_id": "L001"} for a in alerts)


def test_thresholds_keep_name_only_pairs_apart():
    assert (
        rules.LINK_NAME_ONLY_CAP < rules.ALERT_MIN_SCORE <= rules.LINK_TIGHT_NAME_ONLY_CAP < rules.LINK_HIGH
    )


def test_a_name_only_pair_out_of_context_is_not_linked(resolved):
    _, _, links, alerts = resolved
    assert links.get(_pair(LOOSE_NAME_RELATIVE, LOOSE_NAME_OFFICIAL), 0.0) < rules.LINK_FLOOR
    assert not any(a["counterpart"] == {"official_id": "L002"} for a in alerts)
