"""Entity resolution: which mentions of different registries are one person, with what score,
explained how, and how officers' judgements override it."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random

import pytest

from liemchinh.integrity import keys, rules
from liemchinh.integrity.engine import resolve, tables
from liemchinh.integrity.synth.names import VietnameseNames

HEADERS = {
    "officials.csv": ["official_id", "full_name", "birth_date", "id_number"],
    "relatives.csv": ["official_id", "relation", "full_name", "birth_date", "id_number"],
    "enterprise_people.csv": ["tax_code", "role", "full_name", "birth_date", "id_number", "capital_share"],
}

# Planted mentions: (file, row) — every case below is one pair across two registries.
OFFICIALS = [
    ["T01", "Trần Quang Khải", "1971-03-05", ""],  # variant: relative typed without diacritics, in capitals
    ["T02", "Phùng Thị Bích Ngọc", "1980-02-11", ""],  # typo in the enterprise register
    ["T03", "Nguyễn Văn An", "", ""],  # homonym with no birth date, no id
    ["T04", "Khổng Minh Triết", "", ""],  # rare name, nothing else
    ["T05", "Lê Hoàng Phúc", "1985-05-05", "001085000001"],  # same name and date, different ids
    ["T06", "Đỗ Văn Minh", "1979-09-09", "001079000002"],  # same id, name typed differently
    ["T07", "Nguyễn Thị Hương", "1975-01-01", ""],  # homonym born 13 years apart
    ["T08", "Vương Đình Khiêm", "1966-12-24", ""],  # space noise and a year-only copy
    ["T09", "Nguyễn Văn Hùng", "1970-06-06", ""],  # a very common name, same date
]
RELATIVES = [
    ["B0001", "spouse", "TRAN  QUANG khai", "1971-03-05", ""],
    ["B0002", "father", "Nguyen Van An", "", ""],
    ["B0003", "sibling", "Khong Minh Triet", "", ""],
    ["B0004", "child", "Lê Hoàng Phúc", "1985-05-05", "001085000009"],
    ["B0005", "mother", "Nguyễn Thị Hương", "1988-07-07", ""],
    ["B0006", "sibling", "Vương ĐìnhKhiêm", "1966-12-24", ""],
    ["B0007", "spouse", "Nguyen Van Hung", "1970-06-06", ""],
]
PEOPLE = [
    ["0100000001", "owner", "Phung Thi Bic Ngoc", "1980-02-11", "", "1"],
    ["0100000002", "manager", "Do Minh", "", "001079000002", ""],
    ["0100000003", "shareholder", "Vuong Dinh Khiem", "1966", "", "0.2"],
]


def _background(rng: random.Random, n: int):
    """Fresh people with realistic Vietnamese names: what makes a common name weigh little."""
    names = VietnameseNames()
    for _ in range(n):
        sex = rng.choice("MF")
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(50 * 365))
        roll = rng.random()
        cell = birth.isoformat() if roll < 0.7 else (str(birth.year) if roll < 0.9 else "")
        yield names.full(rng, sex), cell


def write_world(directory):
    rng = random.Random(20260101)
    officials = [
        [f"B{i:04d}", name, cell, ""] for i, (name, cell) in enumerate(_background(rng, 1500), start=1)
    ]
    officials += OFFICIALS
    relatives = [
        [
            f"B{rng.randrange(1, 1501):04d}",
            rng.choice(["spouse", "child", "father", "mother"]),
            name,
            cell,
            "",
        ]
        for name, cell in _background(rng, 1500)
    ] + RELATIVES
    people = [
        [f"02{i:08d}", rng.choice(["owner", "shareholder"]), name, cell, "", ""]
        for i, (name, cell) in enumerate(_background(rng, 800))
    ] + PEOPLE
    for name, rows in (
        ("officials.csv", officials),
        ("relatives.csv", relatives),
        ("enterprise_people.csv", people),
    ):
        with open(directory / name, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(HEADERS[name])
            writer.writerows(rows)


def official(oid):
    return keys.official_key(oid)


def relative(row):
    return keys.relative_key(*row)


def person(row):
    return keys.enterprise_person_key(*row[:5])


def pair(a, b):
    return (a, b) if a < b else (b, a)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    directory = tmp_path_factory.mktemp("world")
    write_world(directory)
    return directory


def run(world, **kwargs):
    con = tables.connect(threads=2)
    tables.load_from_dir(con, world)
    stages = []
    figures = resolve.resolve(con, progress=lambda stage, pct: stages.append((stage, pct)), **kwargs)
    links = {
        (left, right): {"probability": p, "explanation": json.loads(expl), "judged": judged}
        for left, right, p, expl, judged in con.execute(
            "SELECT left_key, right_key, probability, explanation, judged FROM links"
        ).fetchall()
    }
    return con, figures, links, stages


@pytest.fixture(scope="module")
def splink_run(world):
    return run(world)


CASES = {
    "variant": pair(official("T01"), relative(RELATIVES[0])),
    "typo": pair(official("T02"), person(PEOPLE[0])),
    "homonym_no_birth": pair(official("T03"), relative(RELATIVES[1])),
    "rare_name_only": pair(official("T04"), relative(RELATIVES[2])),
    "different_ids": pair(official("T05"), relative(RELATIVES[3])),
    "same_id": pair(official("T06"), person(PEOPLE[1])),
    "homonym_other_birth": pair(official("T07"), relative(RELATIVES[4])),
    "spaces": pair(official("T08"), relative(RELATIVES[5])),
    "common_name": pair(official("T09"), relative(RELATIVES[6])),
}


def test_diacritics_case_and_space_variants_link_with_a_high_score(splink_run):
    _, _, links, _ = splink_run
    assert links[CASES["variant"]]["probability"] >= rules.LINK_HIGH
    assert links[CASES["spaces"]]["probability"] >= rules.LINK_HIGH


def test_a_typo_links(splink_run):
    _, _, links, _ = splink_run
    assert links[CASES["typo"]]["probability"] >= rules.LINK_HIGH


def test_homonyms_without_birth_date_or_id_never_get_a_high_score(splink_run):
    _, _, links, _ = splink_run
    for case in ("homonym_no_birth", "rare_name_only"):
        assert links.get(CASES[case], {"probability": 0.0})["probability"] < rules.LINK_HIGH
    assert CASES["homonym_other_birth"] not in links


def test_different_id_numbers_never_link_and_equal_ones_always_do(splink_run):
    _, _, links, _ = splink_run
    assert CASES["different_ids"] not in links
    assert links[CASES["same_id"]]["probability"] == 1.0


def test_links_are_ordered_across_sources_above_the_floor(splink_run):
    _, figures, links, stages = splink_run
    assert links and figures["links"] == len(links)
    for (left, right), link in links.items():
        assert left < right and left.split(":")[0] != right.split(":")[0]
        assert link["probability"] >= rules.LINK_FLOOR
    assert [s for s, _ in stages][0] == "mentions" and stages[-1] == ("done", 100)


def test_every_link_is_explained_field_by_field(splink_run):
    _, _, links, _ = splink_run
    explanation = links[CASES["typo"]]["explanation"]
    fields = {item["field"]: item for item in explanation}
    assert {"số định danh cá nhân", "họ và tên", "ngày sinh"} <= set(fields)
    assert fields["họ và tên"]["level"] == "sai khác một ký tự"
    assert fields["ngày sinh"]["level"] == "trùng ngày sinh" and fields["ngày sinh"]["bayes_factor"] > 1000
    assert fields["số định danh cá nhân"]["level"] == "một bên không có"
    # The name agreement of a common name weighs less than that of a rare one (term frequencies).
    variant = {item["field"]: item for item in links[CASES["variant"]]["explanation"]}
    assert variant["họ và tên"]["level"] == "trùng họ tên (bỏ dấu)"


def test_common_name_agreement_weighs_less_than_a_rare_one(splink_run):
    _, _, links, _ = splink_run

    def name_factor(case):
        return next(i["bayes_factor"] for i in links[CASES[case]]["explanation"] if i["field"] == "họ và tên")

    assert name_factor("common_name") * 5 < name_factor("variant")


def test_judgements_same_not_same_unsure(world, splink_run):
    _, _, before, _ = splink_run
    judgements = [
        (*reversed(CASES["variant"]), "not_same"),  # given in either order
        (*CASES["homonym_no_birth"], "same"),
        (*CASES["typo"], "unsure"),
    ]
    _, _, links, _ = run(world, judgements=judgements)
    assert CASES["variant"] not in links
    assert links[CASES["homonym_no_birth"]] | {"explanation": None} == {
        "probability": 1.0,
        "explanation": None,
        "judged": "same",
    }
    assert links[CASES["typo"]]["judged"] == "unsure"
    assert links[CASES["typo"]]["probability"] == pytest.approx(before[CASES["typo"]]["probability"])


def test_exact_baseline_finds_only_exact_agreements(world):
    _, figures, links, _ = run(world, method="exact")
    assert figures["method"] == "exact"
    assert CASES["variant"] in links  # same folded name, same full date
    assert CASES["same_id"] in links
    assert CASES["typo"] not in links and CASES["spaces"] not in links
    assert CASES["different_ids"] not in links and CASES["homonym_no_birth"] not in links
    assert all(link["probability"] == 1.0 for link in links.values())


@pytest.mark.django_db
def test_stored_judgements_survive_a_re_import_with_rows_moved(world, tmp_path):
    from liemchinh.integrity.models import MatchJudgement

    MatchJudgement.objects.create(
        left_key=CASES["variant"][0], right_key=CASES["variant"][1], verdict="not_same"
    )
    # The same registries with the relatives' rows in another order: record keys do not move.
    for name in ("officials.csv", "enterprise_people.csv"):
        (tmp_path / name).write_bytes((world / name).read_bytes())
    header, *rows = (world / "relatives.csv").read_text(encoding="utf-8").splitlines()
    (tmp_path / "relatives.csv").write_text("\n".join([header, *reversed(rows)]) + "\n", encoding="utf-8")
    _, _, links, _ = run(tmp_path, judgements=resolve.stored_judgements())
    assert CASES["variant"] not in links
    assert links[CASES["typo"]]["probability"] >= rules.LINK_HIGH


def test_the_stored_model_is_complete_and_compiles_for_spark():
    from splink.internals.settings_creator import SettingsCreator

    from liemchinh.integrity.engine import model

    stored = resolve.load_model()
    for comparison in stored["comparisons"]:
        for level in comparison["comparison_levels"]:
            assert (
                level.get("is_null_level")
                or 0 < level["m_probability"] <= 1
                and 0 < level["u_probability"] <= 1
            )
    spark = model.for_dialect(resolve.splink_settings(stored, 1e-6), "spark")
    settings = SettingsCreator.from_path_or_dict(spark).get_settings("spark")
    conditions = [level.sql_condition for c in settings.comparisons for level in c.comparison_levels]
    assert any("jaro_winkler(" in sql for sql in conditions)
    assert not any("jaro_winkler_similarity" in sql for sql in conditions)
