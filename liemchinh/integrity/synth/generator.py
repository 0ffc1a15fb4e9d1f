"""Synthetic registries of a province for measuring the conflict-of-interest rules.

`generate(directory, SynthOptions(officials=50_000, seed=1))` writes the seven CSV files of the
integrity contract (contracts/integrity-data.md of the shared design documents) plus:

- `truth.jsonl`: one line per planted conflict, in the alert format: `rule`, `official_id`,
  `org_code`, `counterpart` ({"official_id"} | {"tax_code"} | {"contract_id"}), `evidence`
  ("positions.csv row 12"; rows are 1-based and the header is row 1) and `note`.
- `decoys.jsonl`: one line per planted near-miss that must NOT raise an alert (`kind`, `rule` it
  tempts, records involved, `note`).

The world is generated body by body and streamed to the csv writers, so memory stays small: only
the list of bodies, the registration days of enterprises (an int array) and the id-number
counters stay in memory. The same seed gives the same bytes.

What a conflict means here (Luật PCTN 2018, Điều 20), per rule, with what identifies the alert:

| rule | official_id | org_code | counterpart |
|---|---|---|---|
| relative_in_sensitive_post | the head or deputy head | the body | {"official_id": the relative} |
| contract_with_relative_business | head, deputy head or signer whose relative it is | buyer | {"contract_id"} |
| official_runs_business | the official | body of the official's position | {"tax_code"} |
| stake_in_managed_sector | the head or deputy head | the body | {"tax_code"} |
| self_dealing_contract | the signer | buyer | {"contract_id"} |

Background people are fresh persons who are related to no one, so the background raises no alert
(apart from chance homonyms whose birth date and id are missing, which a resolver should not join
with confidence). Planted enterprises never receive background contracts.
"""

from __future__ import annotations

import csv
import json
import random
import sys
from array import array
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from liemchinh.integrity.contract import COLUMNS as CONTRACT_COLUMNS

from . import world
from .names import COMMON_NAMES, VietnameseNames, WeightedChoice, noisy

COLUMNS = {name: list(columns) for name, columns in CONTRACT_COLUMNS.items()}
RULES = (
    "relative_in_sensitive_post",
    "contract_with_relative_business",
    "official_runs_business",
    "stake_in_managed_sector",
    "self_dealing_contract",
)
SENSITIVE_ROLES = ("hr", "accounting", "treasurer", "warehouse", "procurement")
CLOSE_RELATIONS = ("spouse", "father", "mother", "child", "sibling")

D = date.toordinal
TODAY = D(date(2025, 6, 30))
EPOCH = D(date(2010, 1, 1))
YEAR = 365


@dataclass
class SynthOptions:
    officials: int = 1000
    enterprises: int | None = None  # default: officials / 2
    contracts: int | None = None  # default: officials
    seed: int = 0
    id_rate: float = 0.3  # share of person copies that carry the 12-digit id number
    noise_rate: float = 0.3  # share of person copies (relatives, enterprise people) typed with noise
    conflict_rate: float = 0.01  # planted conflicts per official (decoys: as many)
    # How complete birth dates are: (share with the full date, share with the year only) of a person
    # copy (relatives, enterprise people) and of an official's own row; the rest is left empty. The
    # defaults are harsh (about half the copies lack a full date); registries kept from declarations
    # are closer to (0.9, 0.07) — see birth_profile in integrity_synth.
    copy_birth: tuple[float, float] = (0.55, 0.30)
    official_birth: tuple[float, float] = (0.80, 0.15)
    decoy_rate: float | None = None
    progress: object = None  # callable(officials_written, total) or None


# ---------------------------------------------------------------- records


class Person:
    __slots__ = ("name", "sex", "birth", "pid")

    def __init__(self, name, sex, birth, pid):
        self.name, self.sex, self.birth, self.pid = name, sex, birth, pid


class Rec:
    """A row to be written; `row` is its 1-based line number in its file once written."""

    __slots__ = ("file", "row")

    def ref(self) -> str:
        return f"{self.file} row {self.row}"


class Official(Rec):
    __slots__ = ("oid", "person", "positions", "force_full")

    def __init__(self, oid, person):
        self.file, self.row = "officials.csv", None
        self.oid, self.person, self.positions, self.force_full = oid, person, [], False


class Pos(Rec):
    __slots__ = ("official", "org", "title", "role", "start", "end")

    def __init__(self, official, org, title, role, start, end):
        self.file, self.row = "positions.csv", None
        self.official, self.org, self.title, self.role, self.start, self.end = (
            official,
            org,
            title,
            role,
            start,
            end,
        )

    def covers(self, day: int) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Relative(Rec):
    __slots__ = ("official", "relation", "person", "force_full")

    def __init__(self, official, relation, person, force_full=False):
        self.file, self.row = "relatives.csv", None
        self.official, self.relation, self.person, self.force_full = official, relation, person, force_full


class Enterprise(Rec):
    __slots__ = ("tax", "name", "sector", "reg", "index")

    def __init__(self, tax, name, sector, reg):
        self.file, self.row = "enterprises.csv", None
        self.tax, self.name, self.sector, self.reg = tax, name, sector, reg


class EntPerson(Rec):
    __slots__ = ("enterprise", "role", "person", "share", "force_full")

    def __init__(self, enterprise, role, person, share=None, force_full=False):
        self.file, self.row = "enterprise_people.csv", None
        self.enterprise, self.role, self.person, self.share, self.force_full = (
            enterprise,
            role,
            person,
            share,
            force_full,
        )


class Contract(Rec):
    __slots__ = ("cid", "org", "enterprise", "value", "signed", "signer")

    def __init__(self, cid, org, enterprise, value, signed, signer):
        self.file, self.row = "contracts.csv", None
        self.cid, self.org, self.enterprise, self.value, self.signed, self.signer = (
            cid,
            org,
            enterprise,
            value,
            signed,
            signer,
        )


class Body(Rec):
    __slots__ = ("code", "name", "parent", "sectors", "kind")

    def __init__(self, code, name, parent, sectors, kind):
        self.file, self.row = "organizations.csv", None
        self.code, self.name, self.parent, self.sectors, self.kind = code, name, parent, sectors, kind


def iso(day: int | None) -> str:
    return "" if day is None else date.fromordinal(day).isoformat()


# ---------------------------------------------------------------- the generator


class Generator:
    def __init__(self, directory: Path, options: SynthOptions):
        self.dir = Path(directory)
        self.opt = options
        if options.officials < 15:
            raise ValueError("officials must be at least 15")
        self.rng = random.Random(options.seed)
        self.names = VietnameseNames()
        self.n_officials = options.officials
        self.n_enterprises = (
            options.enterprises if options.enterprises is not None else options.officials // 2
        )
        self.n_contracts = options.contracts if options.contracts is not None else options.officials
        self.decoy_rate = options.decoy_rate if options.decoy_rate is not None else options.conflict_rate
        self.id_counters: dict[str, int] = {}
        self.bodies: list[Body] = []
        self.departments: list[Body] = []
        self.districts: list[Body] = []
        self.ent_reg = array("i")  # registration day of every background enterprise, by index
        self.ent_index = array("i")  # index of every background enterprise (its tax code derives from it)
        self.ent_branch = bytearray()
        self.ent_count = 0  # enterprises written (background and planted)
        self.contract_count = 0
        self.official_count = 0
        self.form = WeightedChoice(world.COMPANY_FORMS)
        self.stats = {"truth": 0, "decoys": 0}

    # ------------------------------------------------------------ people

    def id_number(self, sex: str, birth: int) -> str:
        year = date.fromordinal(birth).year
        province = world.HOME_PROVINCE if self.rng.random() < 0.8 else self.rng.choice(world.OTHER_PROVINCES)
        century_sex = (0 if year < 2000 else 2) + (sex == "F")
        prefix = f"{province}{century_sex}{year % 100:02d}"
        n = self.id_counters.get(prefix, 0)
        if n >= 1_000_000:
            raise ValueError("too many people born the same year for unique id numbers")
        self.id_counters[prefix] = n + 1
        return f"{prefix}{(n * 7919 + int(prefix) * 104_729) % 1_000_000:06d}"  # a bijection while n < 10**6

    def person(self, sex=None, birth=None, family=None, name=None) -> Person:
        rng = self.rng
        sex = sex or ("M" if rng.random() < 0.5 else "F")
        if birth is None:
            birth = D(date(1962, 1, 1)) + rng.randrange(38 * YEAR)
        return Person(name or self.names.full(rng, sex, family), sex, birth, self.id_number(sex, birth))

    def relative_of(self, official: Official, relation: str) -> Person:
        rng, me = self.rng, official.person
        family = me.name.split()[0]
        if relation == "spouse":
            return self.person("F" if me.sex == "M" else "M", me.birth + rng.randint(-5 * YEAR, 5 * YEAR))
        if relation in ("father", "mother"):
            sex = "M" if relation == "father" else "F"
            return self.person(
                sex, me.birth - rng.randint(22 * YEAR, 36 * YEAR), family if relation == "father" else None
            )
        if relation == "child":
            return self.person(
                None,
                min(TODAY - 200, me.birth + rng.randint(22 * YEAR, 36 * YEAR)),
                family if me.sex == "M" else None,
            )
        if relation == "sibling":
            return self.person(None, min(TODAY - 200, me.birth + rng.randint(-8 * YEAR, 8 * YEAR)), family)
        return self.person()

    def fit_relation(self, head: Person, other: Person, close_only=True, allow_sibling=True) -> str:
        """A relation consistent with the two people's sex and age."""
        gap = (other.birth - head.birth) / YEAR
        if gap <= -18:
            return "father" if other.sex == "M" else "mother"
        if gap >= 18:
            return "child"
        if other.sex != head.sex and (not allow_sibling or self.rng.random() < 0.6):
            return "spouse"
        return "sibling" if allow_sibling else "spouse"

    def birth_text(self, person: Person, official_row=False, force_full=False) -> str:
        if force_full:
            return iso(person.birth)
        roll = self.rng.random()
        full, year = self.opt.official_birth if official_row else self.opt.copy_birth
        year_only = full + year
        if roll < full:
            return iso(person.birth)
        if roll < year_only:
            return str(date.fromordinal(person.birth).year)
        return ""

    def id_text(self, person: Person) -> str:
        return person.pid if self.rng.random() < self.opt.id_rate else ""

    # ------------------------------------------------------------ bodies

    def new_body(self) -> Body:
        rng, i = self.rng, len(self.bodies)
        code = f"CQ{i + 1:06d}"
        if i == 0:
            body = Body(code, "Ủy ban nhân dân tỉnh", "", [], "province")
        elif i <= len(world.DEPARTMENTS):
            name, sectors = world.DEPARTMENTS[i - 1]
            body = Body(code, name, self.bodies[0].code, list(sectors), "department")
            self.departments.append(body)
        elif i % 9 == 0 or not self.districts:
            place = world.DISTRICTS[len(self.districts) % len(world.DISTRICTS)]
            suffix = (
                f" ({len(self.districts) // len(world.DISTRICTS) + 1})"
                if len(self.districts) >= len(world.DISTRICTS)
                else ""
            )
            body = Body(code, f"Ủy ban nhân dân huyện {place}{suffix}", self.bodies[0].code, [], "district")
            self.districts.append(body)
        elif rng.random() < 0.5:
            parent = rng.choice(self.departments)
            label, inherits = rng.choice(world.UNIT_UNDER_DEPARTMENT)
            sectors = (
                sorted(rng.sample(parent.sectors, min(len(parent.sectors), rng.randint(1, 2))))
                if (inherits and parent.sectors)
                else []
            )
            body = Body(code, f"{label} thuộc {parent.name} số {i}", parent.code, sectors, "unit")
        else:
            parent = rng.choice(self.districts)
            label, sectors = rng.choice(world.UNIT_UNDER_DISTRICT)
            place = parent.name.replace("Ủy ban nhân dân ", "")
            body = Body(code, f"{label} {place} số {i}", parent.code, list(sectors), "unit")
        self.bodies.append(body)
        return body

    # ------------------------------------------------------------ enterprises

    @staticmethod
    def tax_code(index: int, branch: bool) -> str:
        """10 digits (province prefix, serial, check digit); a branch adds "-001"."""
        if index >= 10_000_000:
            raise ValueError("at most 10 million enterprises")
        serial = (index * 4_093_063 + 2_718_281) % 10_000_000  # a bijection on 7 digits
        digits = f"28{serial:07d}"
        weights = (31, 29, 23, 19, 17, 13, 7, 5, 3)
        check = (10 - sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11) % 10
        code = digits + str(check)
        return code + "-001" if branch else code

    def enterprise(self, sector=None, reg=None) -> Enterprise:
        rng = self.rng
        index = self.ent_count
        self.ent_count += 1
        sector = sector or rng.choice(world.SECTOR_CODES)
        brand = " ".join(rng.sample(world.BRAND_SYLLABLES, 2))
        name = f"{self.form(rng)} {world.SECTORS[sector]} {brand}"
        if reg is None:
            reg = D(date(2000, 1, 1)) + rng.randrange(TODAY - 400 - D(date(2000, 1, 1)))
        ent = Enterprise(self.tax_code(index, rng.random() < 0.05), name, sector, reg)
        ent.index = index
        return ent

    def background_people(self, ent: Enterprise) -> list[EntPerson]:
        rng = self.rng
        out = []
        form_roll = rng.random()
        if form_roll < 0.5:  # one owner who is also the legal representative
            owner = self.person()
            out.append(EntPerson(ent, "owner", owner, 1.0))
            out.append(EntPerson(ent, "legal_representative", owner))
        else:  # shareholders, one of them the legal representative
            k = rng.randint(2, 4)
            cuts = sorted(rng.random() for _ in range(k - 1))
            shares = [b - a for a, b in zip([0.0, *cuts], [*cuts, 1.0], strict=True)]
            people = [self.person() for _ in range(k)]
            for p, share in zip(people, shares, strict=True):
                out.append(EntPerson(ent, "shareholder", p, round(max(share, 0.001), 4)))
            out.append(EntPerson(ent, "legal_representative", people[0]))
        if rng.random() < 0.3:
            out.append(EntPerson(ent, "manager", self.person()))
        return out

    # ------------------------------------------------------------ one body and its people

    def build_body(self, size: int):
        rng = self.rng
        body = self.new_body()
        officials = []
        for i in range(size):
            self.official_count += 1
            birth = D(date(1958, 1, 1)) + rng.randrange(20 * YEAR) if i < 4 else None  # leaders are older
            officials.append(Official(f"CB{self.official_count:07d}", self.person(birth=birth)))
        head_title, deputy_title = world.head_titles(body.kind, body.name)

        def add(off, role, start, end, title=None):
            title = title or (
                head_title
                if role == "head"
                else deputy_title
                if role == "deputy_head"
                else rng.choice(world.ROLE_TITLES[role])
            )
            pos = Pos(off, body.code, title, role, start, end)
            off.positions.append(pos)
            return pos

        change = D(date(2016, 1, 1)) + rng.randrange(6 * YEAR)  # the head changed on this day
        ctx = {
            "body": body,
            "officials": officials,
            "head_former": add(officials[1], "head", EPOCH + rng.randrange(3 * YEAR), change - 1),
            "head": add(officials[0], "head", change, None),
            "deputy": add(officials[2], "deputy_head", D(date(2014, 1, 1)) + rng.randrange(6 * YEAR), None),
        }
        dep_start = EPOCH + rng.randrange(2 * YEAR)
        ctx["deputy_former"] = add(
            officials[3], "deputy_head", dep_start, dep_start + 3 * YEAR + rng.randrange(4 * YEAR)
        )
        ctx["sensitive"] = []
        for off, role in zip(officials[4:9], SENSITIVE_ROLES, strict=True):
            start = EPOCH + rng.randrange(12 * YEAR)
            end = None if rng.random() < 0.7 else min(TODAY - 30, start + YEAR + rng.randrange(5 * YEAR))
            ctx["sensitive"].append(add(off, role, start, end))
        staff = []
        for off in officials[9:]:
            start = EPOCH + rng.randrange(14 * YEAR)
            roll = rng.random()
            if roll < 0.2:  # moved to another post of the same body
                mid = start + 180 + rng.randrange(max(1, TODAY - start - 360))
                add(off, "other", start, mid - 1)
                add(off, "other", mid, None)
            elif roll < 0.3:  # left the body
                add(off, "other", start, min(TODAY - 30, start + YEAR + rng.randrange(6 * YEAR)))
            else:
                add(off, "other", start, None)
                staff.append(off)
        rng.shuffle(staff)
        ctx["staff"] = staff
        return ctx

    # ------------------------------------------------------------ background relatives, enterprises, contracts

    def background_relatives(self, official: Official) -> list[Relative]:
        rng = self.rng
        out = []
        if rng.random() < 0.75:
            out.append(Relative(official, "spouse", self.relative_of(official, "spouse")))
        if rng.random() < 0.3:
            out.append(Relative(official, "father", self.relative_of(official, "father")))
        if rng.random() < 0.35:
            out.append(Relative(official, "mother", self.relative_of(official, "mother")))
        for _ in range(rng.choice((0, 0, 1, 1, 1, 2))):
            out.append(Relative(official, "child", self.relative_of(official, "child")))
        if rng.random() < 0.3:
            out.append(Relative(official, "sibling", self.relative_of(official, "sibling")))
        if rng.random() < 0.05:
            out.append(Relative(official, "other", self.relative_of(official, "other")))
        return out

    def signer_at(self, ctx, day: int) -> Official:
        if ctx["deputy"].covers(day) and self.rng.random() < 0.3:
            return ctx["deputy"].official
        return (ctx["head"] if ctx["head"].covers(day) else ctx["head_former"]).official

    def contract(self, ctx, ent: Enterprise, signed: int, signer: Official) -> Contract:
        self.contract_count += 1
        year = date.fromordinal(signed).year
        value = self.rng.randint(20, 8000) * 1_000_000
        return Contract(f"HD{year}-{self.contract_count:07d}", ctx["body"].code, ent, value, signed, signer)

    # ------------------------------------------------------------ plants

    def pop_staff(self, ctx):
        return ctx["staff"].pop() if ctx["staff"] else None

    def overlapping_start(self, pos: Pos) -> int:
        end = pos.end if pos.end is not None else TODAY
        return pos.start + self.rng.randrange(max(1, end - pos.start - 30))

    def other_sector(self, body: Body) -> str:
        choices = [s for s in world.SECTOR_CODES if s not in body.sectors]
        return self.rng.choice(choices)

    def truth(self, ctx, rule, official, counterpart, evidence, note, org=None):
        ctx["truth"].append(
            {
                "rule": rule,
                "official_id": official.oid,
                "org_code": org or ctx["body"].code,
                "counterpart": counterpart,
                "evidence": evidence,
                "note": note,
            }
        )

    def decoy(self, ctx, kind, rule, records, note):
        ctx["decoys"].append({"kind": kind, "rule": rule, "records": records, "note": note})

    def new_planted_enterprise(self, ctx, sector, reg=None) -> Enterprise:
        ent = self.enterprise(sector, reg)
        ctx["enterprises"].append(ent)
        return ent

    def plant(self, ctx, rule) -> bool:
        rng, body = self.rng, ctx["body"]
        if rule == "relative_in_sensitive_post":
            rel_off = self.pop_staff(ctx)
            if rel_off is None:
                return False
            head_pos = ctx[rng.choice(("head", "head_former", "deputy", "deputy_former"))]
            post = rel_off.positions[0]
            post.role = rng.choice(SENSITIVE_ROLES)
            post.title = rng.choice(world.ROLE_TITLES[post.role])
            post.start = self.overlapping_start(head_pos)
            post.end = None if rng.random() < 0.6 else min(TODAY, post.start + 200 + rng.randrange(3 * YEAR))
            relation = self.fit_relation(head_pos.official.person, rel_off.person)
            rel = Relative(head_pos.official, relation, rel_off.person)
            ctx["relatives"].append(rel)
            self.truth(
                ctx,
                rule,
                head_pos.official,
                {"official_id": rel_off.oid},
                [head_pos, post, rel],
                f"{relation} holds {post.role} while {head_pos.role}",
            )
            return True

        if rule == "contract_with_relative_business":
            variant = rng.choice(("head", "deputy", "signer"))
            if variant == "signer":
                who_pos = rng.choice(ctx["sensitive"])
                who_pos.role, who_pos.title = "procurement", rng.choice(world.ROLE_TITLES["procurement"])
            else:
                who_pos = ctx[variant]
            who = who_pos.official
            end = who_pos.end if who_pos.end is not None else TODAY
            signed = who_pos.start + rng.randrange(max(1, end - who_pos.start))
            relation = rng.choice(CLOSE_RELATIONS)
            relative = Relative(who, relation, self.relative_of(who, relation))
            ctx["relatives"].append(relative)
            ent = self.new_planted_enterprise(
                ctx, self.other_sector(body), max(D(date(2000, 1, 1)), signed - 30 - rng.randrange(8 * YEAR))
            )
            role = rng.choice(("owner", "shareholder", "legal_representative", "manager"))
            share = round(rng.uniform(0.05, 1.0), 4) if role in ("owner", "shareholder") else None
            ep = EntPerson(ent, role, relative.person, share)
            ctx["ent_people"].append(ep)
            signer = who if variant != "head" or rng.random() < 0.5 else self.signer_at(ctx, signed)
            con = self.contract(ctx, ent, signed, signer)
            ctx["contracts"].append(con)
            self.truth(
                ctx,
                rule,
                who,
                {"contract_id": con.cid},
                [con, relative, ep, who_pos],
                f"{relation} of the {who_pos.role} is {role} of the supplier",
            )
            return True

        if rule == "official_runs_business":
            off = self.pop_staff(ctx)
            if off is None:
                return False
            ent = self.new_planted_enterprise(ctx, None)
            role = rng.choice(("owner", "legal_representative", "manager"))
            ep = EntPerson(ent, role, off.person, 1.0 if role == "owner" else None)
            ctx["ent_people"].append(ep)
            self.truth(
                ctx, rule, off, {"tax_code": ent.tax}, [off, off.positions[0], ep], f"official is {role}"
            )
            return True

        if rule == "stake_in_managed_sector":
            if not body.sectors:
                return False
            head_pos = ctx[rng.choice(("head", "deputy"))]
            head = head_pos.official
            ent = self.new_planted_enterprise(ctx, rng.choice(body.sectors))
            variant = rng.choice(("shareholder", "owner", "relative"))
            evidence = [head_pos, ent, body]
            if variant == "relative":
                relation = rng.choice(("spouse", "father", "mother", "child"))
                relative = Relative(head, relation, self.relative_of(head, relation))
                ctx["relatives"].append(relative)
                role = rng.choice(("owner", "legal_representative", "manager"))
                ep = EntPerson(ent, role, relative.person, 1.0 if role == "owner" else None)
                evidence.append(relative)
                note = f"{relation} of the {head_pos.role} is {role} in a managed sector"
            else:
                share = 1.0 if variant == "owner" else round(rng.uniform(0.02, 0.49), 4)
                ep = EntPerson(ent, variant, head.person, share)
                note = f"{head_pos.role} is {variant} in a managed sector"
            ctx["ent_people"].append(ep)
            evidence.append(ep)
            self.truth(ctx, rule, head, {"tax_code": ent.tax}, evidence, note)
            if variant == "owner":
                self.truth(
                    ctx,
                    "official_runs_business",
                    head,
                    {"tax_code": ent.tax},
                    [head, head_pos, ep],
                    "official is owner",
                )
            return True

        if rule == "self_dealing_contract":
            signer_pos = ctx[rng.choice(("head", "deputy"))]
            signer = signer_pos.official
            signed = signer_pos.start + rng.randrange(max(1, TODAY - signer_pos.start))
            ent = self.new_planted_enterprise(
                ctx, self.other_sector(body), max(D(date(2000, 1, 1)), signed - 30 - rng.randrange(8 * YEAR))
            )
            role = rng.choice(("shareholder", "shareholder", "owner", "legal_representative", "manager"))
            share = (
                round(rng.uniform(0.02, 0.6), 4)
                if role == "shareholder"
                else 1.0
                if role == "owner"
                else None
            )
            ep = EntPerson(ent, role, signer.person, share)
            ctx["ent_people"].append(ep)
            con = self.contract(ctx, ent, signed, signer)
            ctx["contracts"].append(con)
            self.truth(
                ctx,
                rule,
                signer,
                {"contract_id": con.cid},
                [con, ep, signer],
                f"signer is {role} of the supplier",
            )
            if role != "shareholder":
                self.truth(
                    ctx,
                    "official_runs_business",
                    signer,
                    {"tax_code": ent.tax},
                    [signer, signer_pos, ep],
                    f"official is {role}",
                )
            return True
        raise ValueError(rule)

    DECOYS = (
        "homonym_in_sensitive_post",
        "relative_in_other_body",
        "periods_do_not_overlap",
        "other_relation",
        "contract_outside_term",
        "stake_outside_managed_sectors",
        "sibling_in_managed_sector",
        "relative_shareholder_in_managed_sector",
        "homonym_runs_business",
    )

    def plant_decoy(self, ctx, kind) -> bool:
        rng, body = self.rng, ctx["body"]
        head_pos = ctx["head"]
        head = head_pos.official

        if kind in (
            "homonym_in_sensitive_post",
            "relative_in_other_body",
            "periods_do_not_overlap",
            "other_relation",
        ):
            off = self.pop_staff(ctx)
            if off is None:
                return False
            post = off.positions[0]
            post.role = rng.choice(SENSITIVE_ROLES)
            post.title = rng.choice(world.ROLE_TITLES[post.role])
            post.start = self.overlapping_start(head_pos)
            post.end = None
            if kind == "homonym_in_sensitive_post":
                name = rng.choice(COMMON_NAMES[off.person.sex])
                off.person.name = name
                off.force_full = True
                shift = rng.choice((-1, 1)) * rng.randint(6 * YEAR, 15 * YEAR)
                other = self.person(off.person.sex, off.person.birth + shift, name=name)
                rel = Relative(head, self.fit_relation(head.person, other), other, force_full=True)
                note = f"relative {name} born {iso(other.birth)} is not the official born {iso(off.person.birth)}"
            else:
                relation = "other" if kind == "other_relation" else self.fit_relation(head.person, off.person)
                rel = Relative(head, relation, off.person)
                note = kind.replace("_", " ")
                if kind == "relative_in_other_body":
                    lineage = {body.code, body.parent}
                    others = [b for b in self.bodies[1:-1] if b.code not in lineage and b.parent != body.code]
                    if not others:
                        return False
                    post.org = rng.choice(others).code
                    note = f"relative holds {post.role} in {post.org}, not in {body.code}"
                elif kind == "periods_do_not_overlap":
                    post.end = head_pos.start - 1 - rng.randrange(200)
                    post.start = max(EPOCH - 5 * YEAR, post.end - 200 - rng.randrange(4 * YEAR))
                    note = (
                        f"relative's {post.role} post ended {iso(post.end)}, head since {iso(head_pos.start)}"
                    )
            ctx["relatives"].append(rel)
            self.decoy(
                ctx,
                kind,
                "relative_in_sensitive_post",
                {
                    "official_id": head.oid,
                    "org_code": body.code,
                    "other_official_id": off.oid,
                    "evidence": [rel, post],
                },
                note,
            )
            return True

        if kind == "contract_outside_term":
            if rng.random() < 0.5:  # the current head's relative, contract signed before the term began
                who_pos, other_pos = head_pos, ctx["head_former"]
                signed = other_pos.start + rng.randrange(max(1, other_pos.end - other_pos.start))
            else:  # the former head's relative, contract signed after the term ended
                who_pos, other_pos = ctx["head_former"], head_pos
                signed = other_pos.start + rng.randrange(max(1, TODAY - other_pos.start))
            who = who_pos.official
            relation = rng.choice(CLOSE_RELATIONS)
            relative = Relative(who, relation, self.relative_of(who, relation))
            ent = self.new_planted_enterprise(
                ctx, self.other_sector(body), max(D(date(2000, 1, 1)), signed - 30 - rng.randrange(5 * YEAR))
            )
            ep = EntPerson(ent, "owner", relative.person, 1.0)
            con = self.contract(ctx, ent, signed, other_pos.official)
            ctx["relatives"].append(relative)
            ctx["ent_people"].append(ep)
            ctx["contracts"].append(con)
            self.decoy(
                ctx,
                kind,
                "contract_with_relative_business",
                {
                    "official_id": who.oid,
                    "org_code": body.code,
                    "contract_id": con.cid,
                    "evidence": [con, relative, ep, who_pos],
                },
                f"signed {iso(signed)} outside {iso(who_pos.start)}–{iso(who_pos.end)}",
            )
            return True

        if kind in (
            "stake_outside_managed_sectors",
            "sibling_in_managed_sector",
            "relative_shareholder_in_managed_sector",
        ):
            if kind != "stake_outside_managed_sectors" and not body.sectors:
                return False
            if kind == "stake_outside_managed_sectors":
                ent = self.new_planted_enterprise(ctx, self.other_sector(body))
                ep = EntPerson(ent, "shareholder", head.person, round(rng.uniform(0.02, 0.49), 4))
                records = [ep]
            else:
                relation = (
                    "sibling"
                    if kind == "sibling_in_managed_sector"
                    else rng.choice(("spouse", "father", "mother", "child"))
                )
                relative = Relative(head, relation, self.relative_of(head, relation))
                ctx["relatives"].append(relative)
                ent = self.new_planted_enterprise(ctx, rng.choice(body.sectors))
                if kind == "sibling_in_managed_sector":
                    ep = EntPerson(
                        ent, rng.choice(("owner", "legal_representative", "manager")), relative.person, None
                    )
                    if ep.role == "owner":
                        ep.share = 1.0
                else:
                    ep = EntPerson(ent, "shareholder", relative.person, round(rng.uniform(0.02, 0.49), 4))
                records = [relative, ep]
            ctx["ent_people"].append(ep)
            self.decoy(
                ctx,
                kind,
                "stake_in_managed_sector",
                {"official_id": head.oid, "org_code": body.code, "tax_code": ent.tax, "evidence": records},
                kind.replace("_", " "),
            )
            return True

        if kind == "homonym_runs_business":
            off = self.pop_staff(ctx)
            if off is None:
                return False
            name = rng.choice(COMMON_NAMES[off.person.sex])
            off.person.name = name
            off.force_full = True
            other = self.person(
                off.person.sex,
                off.person.birth + rng.choice((-1, 1)) * rng.randint(6 * YEAR, 15 * YEAR),
                name=name,
            )
            ent = self.new_planted_enterprise(ctx, None)
            ep = EntPerson(
                ent, rng.choice(("owner", "legal_representative", "manager")), other, None, force_full=True
            )
            if ep.role == "owner":
                ep.share = 1.0
            ctx["ent_people"].append(ep)
            self.decoy(
                ctx,
                kind,
                "official_runs_business",
                {"official_id": off.oid, "tax_code": ent.tax, "evidence": [off, ep]},
                f"{name} born {iso(other.birth)} is not the official born {iso(off.person.birth)}",
            )
            return True
        raise ValueError(kind)

    # ------------------------------------------------------------ writing

    def draw_count(self, expected: float) -> int:
        whole = int(expected)
        return whole + (self.rng.random() < expected - whole)

    def run(self) -> dict:
        self.dir.mkdir(parents=True, exist_ok=True)
        with ExitStack() as stack:
            writers, rows = {}, {}
            for name, columns in COLUMNS.items():
                handle = stack.enter_context(open(self.dir / name, "w", encoding="utf-8", newline=""))
                writers[name] = csv.writer(handle, lineterminator="\n")
                writers[name].writerow(columns)
                rows[name] = 1
            truth_file = stack.enter_context(open(self.dir / "truth.jsonl", "w", encoding="utf-8"))
            decoy_file = stack.enter_context(open(self.dir / "decoys.jsonl", "w", encoding="utf-8"))
            self.write_all(writers, rows, truth_file, decoy_file)
        return {
            "officials": self.official_count,
            "bodies": len(self.bodies),
            "enterprises": self.ent_count,
            "contracts": self.contract_count,
            **{name: rows[name] - 1 for name in COLUMNS},
            **self.stats,
        }

    def write_all(self, writers, rows, truth_file, decoy_file):

        def emit(rec: Rec, values):
            rows[rec.file] += 1
            rec.row = rows[rec.file]
            writers[rec.file].writerow(values)

        def person_cols(person, force_full=False):
            return (
                noisy(person.name, rng, self.opt.noise_rate),
                self.birth_text(person, force_full=force_full),
                self.id_text(person),
            )

        def resolve(value):
            if isinstance(value, Rec):
                return value.ref()
            if isinstance(value, dict):
                return {k: resolve(v) for k, v in value.items()}
            if isinstance(value, list):
                return [resolve(v) for v in value]
            return value

        rng = self.rng
        remaining = self.n_officials
        written = 0
        next_report = 100_000
        while remaining > 0:
            size = rng.randint(15, 65)
            if remaining - size < 15:
                size = remaining
            ctx = self.build_body(size)
            ctx.update(relatives=[], enterprises=[], ent_people=[], contracts=[], truth=[], decoys=[])
            for _ in range(self.draw_count(self.opt.conflict_rate * size)):
                rules = list(RULES)
                rng.shuffle(rules)
                any(self.plant(ctx, rule) for rule in rules)
            for _ in range(self.draw_count(self.decoy_rate * size)):
                kinds = list(self.DECOYS)
                rng.shuffle(kinds)
                any(self.plant_decoy(ctx, kind) for kind in kinds)

            body = ctx["body"]
            emit(body, (body.code, body.name, body.parent, ";".join(body.sectors)))
            for off in ctx["officials"]:
                p = off.person
                emit(
                    off,
                    (
                        off.oid,
                        noisy(p.name, rng, self.opt.noise_rate * 0.3),
                        self.birth_text(p, official_row=True, force_full=off.force_full),
                        self.id_text(p),
                    ),
                )
            for off in ctx["officials"]:
                for pos in off.positions:
                    emit(pos, (off.oid, pos.org, pos.title, pos.role, iso(pos.start), iso(pos.end)))
            planted_relatives = ctx["relatives"]
            for off in ctx["officials"]:
                for rel in self.background_relatives(off):
                    emit(rel, (off.oid, rel.relation, *person_cols(rel.person)))
            for rel in planted_relatives:
                emit(rel, (rel.official.oid, rel.relation, *person_cols(rel.person, rel.force_full)))

            # background enterprises up to the proportional target
            target = self.n_enterprises * (written + size) // self.n_officials
            background = []
            while self.ent_count < target:
                background.append(self.enterprise())
            for ent in ctx["enterprises"] + background:
                emit(ent, (ent.tax, ent.name, ent.sector, iso(ent.reg)))
            for ep in ctx["ent_people"]:
                emit(
                    ep,
                    (
                        ep.enterprise.tax,
                        ep.role,
                        *person_cols(ep.person, ep.force_full),
                        "" if ep.share is None else f"{ep.share:g}",
                    ),
                )
            for ent in background:
                for ep in self.background_people(ent):
                    emit(
                        ep,
                        (
                            ent.tax,
                            ep.role,
                            *person_cols(ep.person),
                            "" if ep.share is None else f"{ep.share:g}",
                        ),
                    )
                self.ent_reg.append(ent.reg)
                self.ent_index.append(ent.index)
                self.ent_branch.append(ent.tax.endswith("-001"))

            # contracts: planted ones, then background ones with clean enterprises
            for con in ctx["contracts"]:
                emit(con, (con.cid, con.org, con.enterprise.tax, con.value, iso(con.signed), con.signer.oid))
            target = self.n_contracts * (written + size) // self.n_officials
            while self.contract_count < target and self.ent_index:
                k = rng.randrange(len(self.ent_index))
                reg = self.ent_reg[k]
                first = max(reg + 1, D(date(2012, 1, 1)))
                signed = first + rng.randrange(max(1, TODAY - first))
                signer = self.signer_at(ctx, signed)
                self.contract_count += 1
                year = date.fromordinal(signed).year
                rows["contracts.csv"] += 1
                writers["contracts.csv"].writerow(
                    (
                        f"HD{year}-{self.contract_count:07d}",
                        body.code,
                        self.tax_code(self.ent_index[k], self.ent_branch[k]),
                        rng.randint(20, 8000) * 1_000_000,
                        iso(signed),
                        signer.oid,
                    )
                )

            for line in ctx["truth"]:
                truth_file.write(json.dumps(resolve(line), ensure_ascii=False) + "\n")
            for line in ctx["decoys"]:
                decoy_file.write(json.dumps(resolve(line), ensure_ascii=False) + "\n")
            self.stats["truth"] += len(ctx["truth"])
            self.stats["decoys"] += len(ctx["decoys"])

            written += size
            remaining -= size
            if self.opt.progress and written >= next_report:
                self.opt.progress(written, self.n_officials)
                next_report += 100_000


def generate(directory, options: SynthOptions) -> dict:
    """Write the synthetic registries into `directory`; returns row counts."""
    return Generator(Path(directory), options).run()


def stderr_progress(done: int, total: int) -> None:
    print(f"  {done:,}/{total:,} cán bộ", file=sys.stderr, flush=True)
