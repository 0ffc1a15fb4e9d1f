"""The synthetic registries: contract columns, determinism, planted conflicts that really hold in the
CSV files (checked here independently of the generator), decoys, noise, id and tax code shapes."""

from __future__ import annotations

import csv
import difflib
import json
import re
from collections import Counter
from datetime import date

import pytest

from liemchinh.core.text import fold, strip_diacritics
from liemchinh.integrity.synth.generator import COLUMNS, SynthOptions, generate

CONTRACT_COLUMNS = {
    "organizations.csv": "org_code,name,parent_code,managed_sectors",
    "officials.csv": "official_id,full_name,birth_date,id_number",
    "positions.csv": "official_id,org_code,title,role,start_date,end_date",
    "relatives.csv": "official_id,relation,full_name,birth_date,id_number",
    "enterprises.csv": "tax_code,name,sector_code,registered_on",
    "enterprise_people.csv": "tax_code,role,full_name,birth_date,id_number,capital_share",
    "contracts.csv": "contract_id,buyer_org_code,supplier_tax_code,value_vnd,signed_on,signer_official_id",
}
SENSITIVE = {"hr", "accounting", "treasurer", "warehouse", "procurement"}
CLOSE = {"spouse", "father", "mother", "child", "sibling"}
ID_SHAPE = re.compile(r"^(0\d\d)([0-3])(\d\d)(\d{6})$")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    directory = tmp_path_factory.mktemp("synth")
    counts = generate(directory, SynthOptions(officials=3000, seed=11, conflict_rate=0.05, id_rate=0.4))
    data = {"dir": directory, "counts": counts, "rows": {}}
    for name in COLUMNS:
        with open(directory / name, encoding="utf-8", newline="") as handle:
            data["rows"][name] = list(csv.DictReader(handle))
    for name in ("truth", "decoys"):
        with open(directory / f"{name}.jsonl", encoding="utf-8") as handle:
            data[name] = [json.loads(line) for line in handle]
    return data


# ------------------------------------------------------------------ a tiny independent checker


def row(world, ref: str) -> tuple[str, dict]:
    """ "positions.csv row 12" → ("positions.csv", the row dict); row 1 is the header."""
    file, number = re.fullmatch(r"(\S+\.csv) row (\d+)", ref).groups()
    return file, world["rows"][file][int(number) - 2]


def evidence(world, line, file) -> list[dict]:
    return [r for f, r in (row(world, ref) for ref in line["evidence"]) if f == file]


def day(text):
    return date.fromisoformat(text) if text else None


def overlap(a, b) -> bool:
    far = date(9999, 1, 1)
    return day(a["start_date"]) <= (day(b["end_date"]) or far) and day(b["start_date"]) <= (
        day(a["end_date"]) or far
    )


def covers(position, when: date) -> bool:
    return day(position["start_date"]) <= when <= (day(position["end_date"]) or date(9999, 1, 1))


def same_person(a: dict, b: dict) -> bool:
    """Two copies of one person: names alike after folding (one typo in each copy allowed), birth dates and id
    numbers compatible where both are given."""
    na, nb = fold(a["full_name"]).replace(" ", ""), fold(b["full_name"]).replace(" ", "")
    if difflib.SequenceMatcher(None, na, nb).ratio() < 0.75:
        return False
    if a["id_number"] and b["id_number"] and a["id_number"] != b["id_number"]:
        return False
    ba, bb = a["birth_date"], b["birth_date"]
    return not (ba and bb and not (ba.startswith(bb) or bb.startswith(ba)))


def official_row(world, official_id):
    return next(r for r in world["rows"]["officials.csv"] if r["official_id"] == official_id)


def org_sectors(world, org_code) -> set[str]:
    org = next(r for r in world["rows"]["organizations.csv"] if r["org_code"] == org_code)
    return set(filter(None, org["managed_sectors"].split(";")))


def check_truth(world, line) -> None:
    rule, oid, org = line["rule"], line["official_id"], line["org_code"]
    positions = evidence(world, line, "positions.csv")
    relatives = evidence(world, line, "relatives.csv")
    people = evidence(world, line, "enterprise_people.csv")
    if rule == "relative_in_sensitive_post":
        head = next(p for p in positions if p["official_id"] == oid)
        post = next(p for p in positions if p["official_id"] == line["counterpart"]["official_id"])
        (relative,) = relatives
        assert head["role"] in {"head", "deputy_head"} and head["org_code"] == org
        assert post["role"] in SENSITIVE and post["org_code"] == org
        assert overlap(head, post)
        assert relative["official_id"] == oid and relative["relation"] in CLOSE
        assert same_person(relative, official_row(world, post["official_id"]))
    elif rule == "contract_with_relative_business":
        (contract,) = evidence(world, line, "contracts.csv")
        (relative,) = relatives
        (person,) = people
        (position,) = positions
        assert (
            contract["contract_id"] == line["counterpart"]["contract_id"]
            and contract["buyer_org_code"] == org
        )
        assert relative["official_id"] == oid and relative["relation"] in CLOSE
        assert person["tax_code"] == contract["supplier_tax_code"] and same_person(person, relative)
        assert position["official_id"] == oid and position["org_code"] == org
        assert covers(position, day(contract["signed_on"]))
        assert position["role"] in {"head", "deputy_head"} or contract["signer_official_id"] == oid
    elif rule == "official_runs_business":
        (person,) = people
        assert person["tax_code"] == line["counterpart"]["tax_code"]
        assert person["role"] in {"owner", "legal_representative", "manager"}
        assert same_person(person, official_row(world, oid))
        assert any(p["official_id"] == oid and p["org_code"] == org for p in positions)
    elif rule == "stake_in_managed_sector":
        (position,) = positions
        (enterprise,) = evidence(world, line, "enterprises.csv")
        (person,) = people
        assert position["official_id"] == oid and position["org_code"] == org
        assert position["role"] in {"head", "deputy_head"} and not position["end_date"]
        assert enterprise["tax_code"] == person["tax_code"] == line["counterpart"]["tax_code"]
        assert enterprise["sector_code"] in org_sectors(world, org)
        if relatives:
            (relative,) = relatives
            assert relative["official_id"] == oid and relative["relation"] in {
                "spouse",
                "father",
                "mother",
                "child",
            }
            assert person["role"] in {"owner", "legal_representative", "manager"} and same_person(
                person, relative
            )
        else:
            assert person["role"] in {"owner", "shareholder"} and 0 < float(person["capital_share"]) <= 1
            assert same_person(person, official_row(world, oid))
    elif rule == "self_dealing_contract":
        (contract,) = evidence(world, line, "contracts.csv")
        (person,) = people
        assert contract["contract_id"] == line["counterpart"]["contract_id"]
        assert contract["buyer_org_code"] == org and contract["signer_official_id"] == oid
        assert person["tax_code"] == contract["supplier_tax_code"]
        assert same_person(person, official_row(world, oid))
    else:
        raise AssertionError(rule)


# ------------------------------------------------------------------ tests


def test_files_have_exactly_the_contract_columns(world):
    for name, header in CONTRACT_COLUMNS.items():
        first_line = (world["dir"] / name).read_text(encoding="utf-8").split("\n", 1)[0]
        assert first_line == header
    assert world["counts"]["officials.csv"] == 3000
    assert world["counts"]["enterprises.csv"] == 1500
    assert world["counts"]["contracts.csv"] == 3000


def test_same_seed_same_bytes_other_seed_other_world(tmp_path):
    options = {"officials": 400, "conflict_rate": 0.05}
    generate(tmp_path / "a", SynthOptions(seed=5, **options))
    generate(tmp_path / "b", SynthOptions(seed=5, **options))
    generate(tmp_path / "c", SynthOptions(seed=6, **options))
    for name in [*COLUMNS, "truth.jsonl", "decoys.jsonl"]:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert (tmp_path / "a" / "officials.csv").read_bytes() != (tmp_path / "c" / "officials.csv").read_bytes()


def test_every_rule_is_planted_and_every_truth_line_holds_in_the_files(world):
    rules = Counter(line["rule"] for line in world["truth"])
    assert set(rules) == {
        "relative_in_sensitive_post",
        "contract_with_relative_business",
        "official_runs_business",
        "stake_in_managed_sector",
        "self_dealing_contract",
    }
    assert min(rules.values()) >= 5
    for line in world["truth"]:
        check_truth(world, line)


def test_truth_lines_are_unique_alerts(world):
    keys = [
        (t["rule"], t["official_id"], t["org_code"], tuple(sorted(t["counterpart"].items())))
        for t in world["truth"]
    ]
    assert len(keys) == len(set(keys))


def test_decoys_are_present_and_really_miss_the_rule(world):
    kinds = Counter(d["kind"] for d in world["decoys"])
    assert {
        "homonym_in_sensitive_post",
        "periods_do_not_overlap",
        "other_relation",
        "contract_outside_term",
    } <= set(kinds)
    heads = {}
    for p in world["rows"]["positions.csv"]:
        if p["role"] in {"head", "deputy_head"}:
            heads.setdefault(p["official_id"], []).append(p)
    for d in world["decoys"]:
        records = d["records"]
        refs = dict(row(world, ref) for ref in records["evidence"])
        if d["kind"] == "homonym_in_sensitive_post":
            other = official_row(world, records["other_official_id"])
            relative = refs["relatives.csv"]
            assert same_person(
                {**other, "birth_date": "", "id_number": ""}, {**relative, "birth_date": ""}
            )  # names
            assert other["birth_date"][:4] != relative["birth_date"][:4]
            assert not same_person(other, relative)
        elif d["kind"] == "periods_do_not_overlap":
            post = refs["positions.csv"]
            assert post["role"] in SENSITIVE
            assert not any(overlap(h, post) for h in heads[records["official_id"]])
        elif d["kind"] == "other_relation":
            assert refs["relatives.csv"]["relation"] == "other"
        elif d["kind"] == "relative_in_other_body":
            assert refs["positions.csv"]["org_code"] != records["org_code"]
        elif d["kind"] == "contract_outside_term":
            signed = day(refs["contracts.csv"]["signed_on"])
            assert not covers(refs["positions.csv"], signed)
        elif d["kind"] == "stake_outside_managed_sectors":
            tax = records["tax_code"]
            sector = next(e for e in world["rows"]["enterprises.csv"] if e["tax_code"] == tax)["sector_code"]
            assert sector not in org_sectors(world, records["org_code"])
        elif d["kind"] == "sibling_in_managed_sector":
            assert refs["relatives.csv"]["relation"] == "sibling"
        elif d["kind"] == "relative_shareholder_in_managed_sector":
            assert refs["enterprise_people.csv"]["role"] == "shareholder"


def test_homonyms_exist_with_different_birth_dates(world):
    births = {}
    for r in world["rows"]["officials.csv"]:
        births.setdefault(fold(r["full_name"]), set()).add(r["birth_date"][:4])
    assert any(len(years) > 2 for years in births.values())  # same name, several different people


def test_names_family_first_with_realistic_frequencies_and_noise(world):
    officials = world["rows"]["officials.csv"]
    families = Counter(fold(r["full_name"]).split()[0] for r in officials)
    share = families["nguyen"] / len(officials)
    assert 0.30 < share < 0.46
    assert families["tran"] > families["pham"] > families["dang"]
    copies = [r["full_name"] for r in world["rows"]["relatives.csv"] + world["rows"]["enterprise_people.csv"]]
    undiacritised = [n for n in copies if n == strip_diacritics(n) and fold(n) != n]
    assert len(undiacritised) > 0.03 * len(copies)
    assert any("  " in n or n != n.strip() for n in copies)
    assert any(n.isupper() for n in copies)
    assert sum(n != strip_diacritics(n) for n in copies) > 0.6 * len(copies)
    middle = Counter(fold(r["full_name"]).split()[1] for r in officials if len(r["full_name"].split()) >= 3)
    assert middle["van"] > 0.1 * len(officials) and middle["thi"] > 0.1 * len(officials)


def test_birth_dates_full_year_or_missing(world):
    births = [r["birth_date"] for r in world["rows"]["relatives.csv"]]
    kinds = Counter(
        "full" if len(b) == 10 else "year" if len(b) == 4 else "empty" if not b else "bad" for b in births
    )
    assert kinds["bad"] == 0 and kinds["full"] and kinds["year"] and kinds["empty"]


def test_id_numbers_have_a_valid_shape_and_are_rare_and_unique(world):
    rows = world["rows"]
    for name in ("officials.csv", "relatives.csv", "enterprise_people.csv"):
        present = [r for r in rows[name] if r["id_number"]]
        assert 0.25 < len(present) / len(rows[name]) < 0.55  # id_rate 0.4
        for r in present:
            match = ID_SHAPE.match(r["id_number"])
            assert match, r["id_number"]
            if len(r["birth_date"]) >= 4:
                year = int(r["birth_date"][:4])
                assert int(match.group(2)) // 2 == (0 if year < 2000 else 1)
                assert match.group(3) == f"{year % 100:02d}"
    owner_of_id = {}
    for r in rows["officials.csv"]:
        if r["id_number"]:
            assert owner_of_id.setdefault(r["id_number"], r["official_id"]) == r["official_id"]


def test_tax_codes_sectors_shares_and_parents(world):
    rows = world["rows"]
    taxes = [e["tax_code"] for e in rows["enterprises.csv"]]
    assert len(taxes) == len(set(taxes))
    assert all(re.fullmatch(r"\d{10}(-001)?", t) for t in taxes)
    assert any(t.endswith("-001") for t in taxes)
    assert all(re.fullmatch(r"\d\d", e["sector_code"]) for e in rows["enterprises.csv"])
    assert {e["tax_code"] for e in rows["enterprise_people.csv"]} <= set(taxes)
    assert {c["supplier_tax_code"] for c in rows["contracts.csv"]} <= set(taxes)
    for p in rows["enterprise_people.csv"]:
        if p["capital_share"]:
            assert 0 < float(p["capital_share"]) <= 1
    codes = [o["org_code"] for o in rows["organizations.csv"]]
    seen = set()
    for o in rows["organizations.csv"]:
        assert o["parent_code"] == "" or o["parent_code"] in seen
        seen.add(o["org_code"])
    assert {p["org_code"] for p in rows["positions.csv"]} <= set(codes)
    roles = Counter(p["role"] for p in rows["positions.csv"])
    assert {"head", "deputy_head", *SENSITIVE, "other"} <= set(roles)


def test_no_background_official_in_an_enterprise_by_id(world):
    """Joining officials and enterprise people by id number finds only planted records."""
    officials_by_id = {
        r["id_number"]: r["official_id"] for r in world["rows"]["officials.csv"] if r["id_number"]
    }
    planted = {(t["official_id"], t["counterpart"].get("tax_code")) for t in world["truth"]}
    contract_supplier = {c["contract_id"]: c["supplier_tax_code"] for c in world["rows"]["contracts.csv"]}
    planted |= {
        (t["official_id"], contract_supplier[t["counterpart"]["contract_id"]])
        for t in world["truth"]
        if "contract_id" in t["counterpart"]
    }
    planted |= {(d["records"]["official_id"], d["records"].get("tax_code")) for d in world["decoys"]}
    joined = [
        (officials_by_id[p["id_number"]], p["tax_code"])
        for p in world["rows"]["enterprise_people.csv"]
        if p["id_number"] in officials_by_id
    ]
    assert joined, "some planted official should carry an id number on both sides"
    assert all(pair in planted for pair in joined)


def test_rejects_too_few_officials(tmp_path):
    with pytest.raises(ValueError):
        generate(tmp_path, SynthOptions(officials=10))


def test_registry_birth_profile_gives_mostly_full_dates(tmp_path):
    from liemchinh.integrity.management.commands.integrity_synth import BIRTH_PROFILES

    def shares(directory):
        with open(directory / "relatives.csv", encoding="utf-8") as handle:
            births = [row["birth_date"] for row in csv.DictReader(handle)]
        return sum(len(b) == 10 for b in births) / len(births)

    generate(tmp_path / "harsh", SynthOptions(officials=600, seed=3, **BIRTH_PROFILES["harsh"]))
    generate(tmp_path / "registry", SynthOptions(officials=600, seed=3, **BIRTH_PROFILES["registry"]))
    assert 0.45 < shares(tmp_path / "harsh") < 0.7
    assert shares(tmp_path / "registry") > 0.85
