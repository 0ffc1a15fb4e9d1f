# ruff: noqa: S608 - SQL text is built from this module's constants and rules.py lists; no user value is spliced
"""The five conflict-of-interest rules as set-based SQL over the scan tables and `links`.

`scan(con)` expects the tables of engine/tables.py and, when entity resolution ran, the `links`
table of engine/resolve.py (pairs of person mentions judged the same person, with a probability).
Each rule is one INSERT … SELECT into `scan_hits`; the hits are then deduplicated by alert identity
(rule, official_id, org_code, counterpart), keeping the best score, the explanation and chain of the
best hit and the union of the evidence. What the rules mean, their lists and their dates are in
liemchinh/integrity/rules.py; here is how the registries are read:

- a person join is either by official id (a relative row belongs to its official; a contract names
  its signer) — certain — or through a link between two mentions, with the link's probability;
  the alert's score is the product along the chain (rules.chain_score), and hits below
  rules.ALERT_MIN_SCORE are dropped;
- "in post on a day" = start_date ≤ day ≤ end_date, an empty end_date meaning still in post and an
  empty start_date "since always";
- relative_in_sensitive_post: the head's (deputy head's) post and the relative's sensitive post in
  the same body overlap, on at least one day where a version of the rule naming the relation and
  both roles was in force; the relative is found as an official by linking the relatives row to
  the officials row; counterpart = the relative's official id;
- contract_with_relative_business: at the signing date, the head or deputy head of the buyer then
  in post, or the contract's signer, has a close relative who holds a role in the supplier;
- official_runs_business: as of the scan date, one alert per body where the official then holds a
  post (the truth of the contract identifies the alert by the body of the post); an official with
  no post on that day is not an official of any body any more and raises nothing;
- stake_in_managed_sector: as of the scan date, the head or deputy head of a body whose managed
  VSIC codes begin the enterprise's sector code;
- self_dealing_contract: the signer of a contract is linked to any person of the supplier;
- an enterprise and its branches ("0101234567-001") are one enterprise for the contract rules: the
  people recorded under the main tax code count for a contract with a branch and vice versa.
"""

from __future__ import annotations

import datetime as dt
import json
import time

from liemchinh.integrity import rules as R

# ---------------------------------------------------------------- helpers installed on the connection


def _case_macro(name: str, labels: dict[str, str]) -> str:
    whens = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in labels.items())
    return f"CREATE OR REPLACE MACRO {name}(x) AS CASE x {whens} ELSE coalesce(x, '') END"


def _install_helpers(con, as_of: dt.date, min_score: float, table) -> None:
    con.execute(_case_macro("lc_rel_label", R.RELATION_LABELS))
    con.execute(_case_macro("lc_role_label", R.ROLE_LABELS))
    con.execute(_case_macro("lc_erole_label", R.ENTERPRISE_ROLE_LABELS))
    con.execute("CREATE OR REPLACE MACRO lc_vn_date(d) AS coalesce(strftime(d, '%d/%m/%Y'), '?')")
    con.execute(
        "CREATE OR REPLACE MACRO lc_until(d) AS CASE WHEN d IS NULL OR d >= DATE '9999-01-01' THEN 'nay' "
        "ELSE strftime(d, '%d/%m/%Y') END"
    )
    con.execute(f"CREATE OR REPLACE MACRO lc_start(d) AS coalesce(d, DATE '{R.FAR_PAST.isoformat()}')")
    con.execute(f"CREATE OR REPLACE MACRO lc_end(d) AS coalesce(d, DATE '{R.FAR_FUTURE.isoformat()}')")
    con.execute("CREATE OR REPLACE MACRO lc_tax_base(x) AS split_part(coalesce(x, ''), '-', 1)")
    con.execute(
        "CREATE OR REPLACE MACRO lc_sector(x) AS upper(regexp_replace(coalesce(x, ''), '[ .]', '', 'g'))"
    )
    con.execute("CREATE OR REPLACE MACRO lc_nz(x) AS coalesce(x, '')")
    con.execute(f"CREATE OR REPLACE MACRO lc_as_of() AS DATE '{as_of.isoformat()}'")
    con.execute(f"CREATE OR REPLACE MACRO lc_min_score() AS {float(min_score)!r}")

    con.execute(
        """CREATE OR REPLACE TEMP TABLE rule_versions (
             rule VARCHAR, effective_from DATE, effective_to DATE, citation VARCHAR,
             official_roles VARCHAR[], relations VARCHAR[], subject_roles VARCHAR[],
             official_enterprise_roles VARCHAR[], relative_enterprise_roles VARCHAR[], signer_counts BOOLEAN)"""
    )
    rows = []
    for rule in R.RULE_CODES:
        for version, start, end in R.version_windows(rule, table):
            rows.append(
                (
                    rule,
                    start,
                    end,
                    version.citation,
                    sorted(version.official_roles),
                    sorted(version.relations),
                    sorted(version.subject_roles),
                    sorted(version.official_enterprise_roles),
                    sorted(version.relative_enterprise_roles),
                    version.signer_counts,
                )
            )
    con.executemany("INSERT INTO rule_versions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)

    # Both directions of every link; without a resolution step, no fuzzy join at all.
    has_links = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'links'"
    ).fetchone()[0]
    source = (
        "links"
        if has_links
        else "(SELECT NULL::VARCHAR AS left_key, NULL::VARCHAR AS right_key, "
        "NULL::DOUBLE AS probability WHERE false)"
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE lk AS
            SELECT left_key AS a, right_key AS b, probability AS p FROM {source} WHERE probability >= lc_min_score()
            UNION ALL
            SELECT right_key, left_key, probability FROM {source} WHERE probability >= lc_min_score()"""
    )
    # One row per official id and per body code (the first in the file), for names in explanations.
    con.execute(
        """CREATE OR REPLACE TEMP TABLE off1 AS
           SELECT official_id, arg_min(full_name, source_row) AS full_name, min(source_row) AS source_row
           FROM officials WHERE official_id IS NOT NULL GROUP BY official_id"""
    )
    con.execute(
        """CREATE OR REPLACE TEMP TABLE body1 AS
           SELECT org_code, arg_min(name, source_row) AS name,
                  arg_min(managed_sectors, source_row) AS managed_sectors, min(source_row) AS source_row
           FROM bodies WHERE org_code IS NOT NULL GROUP BY org_code"""
    )
    con.execute(
        """CREATE OR REPLACE TEMP TABLE ent1 AS
           SELECT tax_code, arg_min(name, source_row) AS name, arg_min(sector_code, source_row) AS sector_code,
                  min(source_row) AS source_row
           FROM enterprises WHERE tax_code IS NOT NULL GROUP BY tax_code"""
    )
    con.execute(
        """CREATE OR REPLACE TEMP TABLE scan_hits (
             rule VARCHAR, official_id VARCHAR, org_code VARCHAR, cp_key VARCHAR, cp_value VARCHAR,
             score DOUBLE, version_from DATE, evidence VARCHAR[], explanation VARCHAR, chain VARCHAR)"""
    )


def _node(id_sql: str, kind: str, label_sql: str, kind_sql: str | None = None) -> str:
    kind_sql = kind_sql or f"'{kind}'"
    return f"{{'id': {id_sql}, 'kind': {kind_sql}, 'label': lc_nz({label_sql})}}"


def _edge(a: str, b: str, label_sql: str, score_sql: str = "1.0") -> str:
    return f"{{'from': {a}, 'to': {b}, 'label': lc_nz({label_sql}), 'score': ({score_sql})::DOUBLE}}"


def _chain(nodes: list[str], edges: list[str]) -> str:
    return f"to_json({{'nodes': [{', '.join(nodes)}], 'edges': [{', '.join(edges)}]}})"


# ---------------------------------------------------------------- the rules

# The SQL text is laid out by hand.
# fmt: off
RULE_SQL: dict[str, str] = {}

RULE_SQL[R.RELATIVE_IN_SENSITIVE_POST] = f"""
INSERT INTO scan_hits
WITH cand AS (
    SELECT h.official_id AS head_id, h.org_code, h.role AS head_role, h.start_date AS hs, h.end_date AS he,
           h.source_row AS h_row, r.relation, r.full_name AS rel_name, r.source_row AS r_row, r.record_key AS r_key,
           o.official_id AS rel_id, o.full_name AS rel_off_name, o.source_row AS o_row,
           s.role AS s_role, s.start_date AS ss, s.end_date AS se, s.source_row AS s_row, lk.p AS score
    FROM positions h
    JOIN relatives r ON r.official_id = h.official_id
    JOIN lk ON lk.a = r.record_key AND lk.b LIKE 'officials:%'
    JOIN officials o ON o.record_key = lk.b
    JOIN positions s ON s.official_id = o.official_id AND s.org_code = h.org_code
    WHERE o.official_id <> h.official_id
      AND greatest(lc_start(h.start_date), lc_start(s.start_date)) <= least(lc_end(h.end_date), lc_end(s.end_date))
)
SELECT '{R.RELATIVE_IN_SENSITIVE_POST}', c.head_id, c.org_code, 'official_id', c.rel_id, c.score, v.effective_from,
       ['positions.csv row ' || c.h_row, 'relatives.csv row ' || c.r_row, 'officials.csv row ' || c.o_row,
        'positions.csv row ' || c.s_row],
       format('{{}} ({{}}), {{}} của {{}} ({{}}) từ {{}} đến {{}}, có {{}} là {{}}; người này là cán bộ {{}} ({{}}) '
              'giữ vị trí {{}} tại cùng cơ quan từ {{}} đến {{}} (trùng thời gian từ {{}} đến {{}}). '
              'Căn cứ {{}}.',
              lc_nz(hd.full_name), c.head_id, lc_role_label(c.head_role), lc_nz(b.name), c.org_code,
              lc_vn_date(c.hs), lc_until(c.he), lc_rel_label(c.relation), lc_nz(c.rel_name), lc_nz(c.rel_off_name),
              c.rel_id, lc_role_label(c.s_role), lc_vn_date(c.ss), lc_until(c.se),
              lc_vn_date(greatest(lc_start(c.hs), lc_start(c.ss))), lc_until(least(lc_end(c.he), lc_end(c.se))),
              v.citation),
       {_chain(
           [_node("'officials:' || c.head_id", "official", "hd.full_name"),
            _node("'bodies:' || c.org_code", "body", "b.name"),
            _node("c.r_key", "relative", "c.rel_name"),
            _node("'officials:' || c.rel_id", "official", "c.rel_off_name")],
           [_edge("'officials:' || c.head_id", "'bodies:' || c.org_code", "lc_role_label(c.head_role)"),
            _edge("'officials:' || c.head_id", "c.r_key", "lc_rel_label(c.relation)"),
            _edge("c.r_key", "'officials:' || c.rel_id", "'cùng một người'", "c.score"),
            _edge("'officials:' || c.rel_id", "'bodies:' || c.org_code", "lc_role_label(c.s_role)")])}
FROM cand c
JOIN rule_versions v ON v.rule = '{R.RELATIVE_IN_SENSITIVE_POST}'
     AND list_contains(v.official_roles, c.head_role) AND list_contains(v.relations, c.relation)
     AND list_contains(v.subject_roles, c.s_role)
     AND greatest(lc_start(c.hs), lc_start(c.ss), v.effective_from) <= least(lc_end(c.he), lc_end(c.se), v.effective_to)
LEFT JOIN off1 hd ON hd.official_id = c.head_id
LEFT JOIN body1 b ON b.org_code = c.org_code
"""

RULE_SQL[R.CONTRACT_WITH_RELATIVE_BUSINESS] = f"""
INSERT INTO scan_hits
WITH rel_ent AS (  -- a relative of an official who is a person of an enterprise
    SELECT r.official_id AS who, r.relation, r.full_name AS rel_name, r.source_row AS r_row, r.record_key AS r_key,
           e.tax_code, lc_tax_base(e.tax_code) AS tax_base, e.role AS e_role, e.full_name AS ep_name,
           e.source_row AS e_row, e.record_key AS e_key, lk.p AS score
    FROM relatives r
    JOIN lk ON lk.a = r.record_key AND lk.b LIKE 'enterprise_people:%'
    JOIN enterprise_people e ON e.record_key = lk.b
),
contract_hits AS (
    SELECT c.contract_id, c.buyer_org_code, c.supplier_tax_code, c.signed_on, c.signer_official_id,
           c.source_row AS c_row, x.*
    FROM rel_ent x
    JOIN contracts c ON lc_tax_base(c.supplier_tax_code) = x.tax_base
),
concerned AS (  -- the head or deputy head in post at the signing date
    SELECT k.*, p.role AS who_role, 'positions.csv row ' || p.source_row AS who_row
    FROM contract_hits k
    JOIN positions p ON p.official_id = k.who AND p.org_code = k.buyer_org_code
     AND k.signed_on BETWEEN lc_start(p.start_date) AND lc_end(p.end_date)
    UNION ALL  -- or the signer of the contract
    SELECT k.*, 'signer' AS who_role, NULL AS who_row
    FROM contract_hits k
    WHERE k.signer_official_id = k.who
)
SELECT '{R.CONTRACT_WITH_RELATIVE_BUSINESS}', c.who, c.buyer_org_code, 'contract_id', c.contract_id, c.score,
       v.effective_from,
       list_filter(['contracts.csv row ' || c.c_row, c.who_row, 'relatives.csv row ' || c.r_row,
                    'enterprise_people.csv row ' || c.e_row, 'enterprises.csv row ' || n.source_row],
                   lambda s: s IS NOT NULL),
       format('Hợp đồng {{}} ký ngày {{}} giữa {{}} ({{}}) và {{}} (mã số thuế {{}}); {{}} ({{}}), {{}}, có {{}} là '
              '{{}}, {{}} của doanh nghiệp này. Căn cứ {{}}.',
              c.contract_id, lc_vn_date(c.signed_on), lc_nz(b.name), c.buyer_org_code, lc_nz(n.name),
              c.supplier_tax_code, lc_nz(w.full_name), c.who,
              CASE WHEN c.who_role = 'signer' THEN 'người ký hợp đồng'
                   ELSE lc_role_label(c.who_role) || ' tại ngày ký' END,
              lc_rel_label(c.relation), lc_nz(c.rel_name), lc_erole_label(c.e_role), v.citation),
       {_chain(
           [_node("'officials:' || c.who", "official", "w.full_name"),
            _node("'bodies:' || c.buyer_org_code", "body", "b.name"),
            _node("'contracts:' || c.contract_id", "contract", "c.contract_id"),
            _node("'enterprises:' || c.supplier_tax_code", "enterprise", "n.name"),
            _node("c.r_key", "relative", "c.rel_name"),
            _node("c.e_key", "enterprise_person", "c.ep_name")],
           [_edge("'officials:' || c.who", "'bodies:' || c.buyer_org_code",
                  "CASE WHEN c.who_role = 'signer' THEN 'người ký' ELSE lc_role_label(c.who_role) END"),
            _edge("'bodies:' || c.buyer_org_code", "'contracts:' || c.contract_id", "'bên mua'"),
            _edge("'contracts:' || c.contract_id", "'enterprises:' || c.supplier_tax_code", "'nhà cung cấp'"),
            _edge("'officials:' || c.who", "c.r_key", "lc_rel_label(c.relation)"),
            _edge("c.r_key", "c.e_key", "'cùng một người'", "c.score"),
            _edge("c.e_key", "'enterprises:' || c.supplier_tax_code", "lc_erole_label(c.e_role)")])}
FROM concerned c
JOIN rule_versions v ON v.rule = '{R.CONTRACT_WITH_RELATIVE_BUSINESS}'
     AND c.signed_on BETWEEN v.effective_from AND v.effective_to
     AND list_contains(v.relations, c.relation) AND list_contains(v.relative_enterprise_roles, c.e_role)
     AND (list_contains(v.official_roles, c.who_role) OR (c.who_role = 'signer' AND v.signer_counts))
LEFT JOIN off1 w ON w.official_id = c.who
LEFT JOIN body1 b ON b.org_code = c.buyer_org_code
LEFT JOIN ent1 n ON n.tax_code = c.supplier_tax_code
"""

RULE_SQL[R.OFFICIAL_RUNS_BUSINESS] = f"""
INSERT INTO scan_hits
WITH off_ent AS (
    SELECT o.official_id, o.full_name AS off_name, o.source_row AS o_row, e.tax_code, e.role AS e_role,
           e.full_name AS ep_name, e.source_row AS e_row, e.record_key AS e_key, lk.p AS score
    FROM officials o
    JOIN lk ON lk.a = o.record_key AND lk.b LIKE 'enterprise_people:%'
    JOIN enterprise_people e ON e.record_key = lk.b
)
SELECT '{R.OFFICIAL_RUNS_BUSINESS}', x.official_id, p.org_code, 'tax_code', x.tax_code, x.score, v.effective_from,
       list_filter(['officials.csv row ' || x.o_row, 'positions.csv row ' || p.source_row,
                    'enterprise_people.csv row ' || x.e_row, 'enterprises.csv row ' || n.source_row],
                   lambda s: s IS NOT NULL),
       format('Cán bộ {{}} ({{}}), {{}} tại {{}} ({{}}) từ {{}} (xét tại ngày {{}}), là {{}} của {{}} (mã số thuế {{}}). '
              'Căn cứ {{}}.',
              lc_nz(x.off_name), x.official_id, lower(lc_nz(p.title)), lc_nz(b.name), p.org_code,
              lc_vn_date(p.start_date), lc_vn_date(lc_as_of()), lc_erole_label(x.e_role), lc_nz(n.name), x.tax_code,
              v.citation),
       {_chain(
           [_node("'officials:' || x.official_id", "official", "x.off_name"),
            _node("'bodies:' || p.org_code", "body", "b.name"),
            _node("x.e_key", "enterprise_person", "x.ep_name"),
            _node("'enterprises:' || x.tax_code", "enterprise", "n.name")],
           [_edge("'officials:' || x.official_id", "'bodies:' || p.org_code", "p.title"),
            _edge("'officials:' || x.official_id", "x.e_key", "'cùng một người'", "x.score"),
            _edge("x.e_key", "'enterprises:' || x.tax_code", "lc_erole_label(x.e_role)")])}
FROM off_ent x
JOIN positions p ON p.official_id = x.official_id
     AND lc_as_of() BETWEEN lc_start(p.start_date) AND lc_end(p.end_date)
JOIN rule_versions v ON v.rule = '{R.OFFICIAL_RUNS_BUSINESS}'
     AND lc_as_of() BETWEEN v.effective_from AND v.effective_to
     AND list_contains(v.official_enterprise_roles, x.e_role)
     AND (len(v.official_roles) = 0 OR list_contains(v.official_roles, p.role))
LEFT JOIN body1 b ON b.org_code = p.org_code
LEFT JOIN ent1 n ON n.tax_code = x.tax_code
"""

RULE_SQL[R.STAKE_IN_MANAGED_SECTOR] = f"""
INSERT INTO scan_hits
WITH heads AS (
    SELECT p.official_id, p.org_code, p.role, p.title, p.start_date, p.source_row AS p_row
    FROM positions p
    WHERE lc_as_of() BETWEEN lc_start(p.start_date) AND lc_end(p.end_date)
),
managed AS (
    SELECT org_code, name, source_row, lc_sector(unnest(managed_sectors)) AS prefix FROM body1
),
own AS (  -- the head himself
    SELECT o.official_id, NULL AS relation, NULL AS rel_name, NULL::INTEGER AS r_row, o.record_key AS person_key,
           e.tax_code, e.role AS e_role, e.full_name AS ep_name, e.source_row AS e_row, e.record_key AS e_key,
           lk.p AS score
    FROM officials o
    JOIN lk ON lk.a = o.record_key AND lk.b LIKE 'enterprise_people:%'
    JOIN enterprise_people e ON e.record_key = lk.b
),
kin AS (  -- a relative of the head
    SELECT r.official_id, r.relation, r.full_name AS rel_name, r.source_row AS r_row, r.record_key AS person_key,
           e.tax_code, e.role AS e_role, e.full_name AS ep_name, e.source_row AS e_row, e.record_key AS e_key,
           lk.p AS score
    FROM relatives r
    JOIN lk ON lk.a = r.record_key AND lk.b LIKE 'enterprise_people:%'
    JOIN enterprise_people e ON e.record_key = lk.b
),
cand AS (
    SELECT h.*, x.* EXCLUDE (official_id), n.name AS ent_name, n.sector_code, n.source_row AS n_row,
           m.name AS body_name, m.source_row AS b_row, m.prefix
    FROM (SELECT * FROM own UNION ALL SELECT * FROM kin) x
    JOIN heads h ON h.official_id = x.official_id
    JOIN ent1 n ON n.tax_code = x.tax_code
    JOIN managed m ON m.org_code = h.org_code AND m.prefix <> '' AND starts_with(lc_sector(n.sector_code), m.prefix)
)
SELECT '{R.STAKE_IN_MANAGED_SECTOR}', c.official_id, c.org_code, 'tax_code', c.tax_code, c.score, v.effective_from,
       list_filter(['positions.csv row ' || c.p_row, 'organizations.csv row ' || c.b_row,
                    CASE WHEN c.r_row IS NOT NULL THEN 'relatives.csv row ' || c.r_row END,
                    'enterprise_people.csv row ' || c.e_row, 'enterprises.csv row ' || c.n_row],
                   lambda s: s IS NOT NULL),
       format('{{}} ({{}}), {{}} của {{}} ({{}}) (xét tại ngày {{}}), {{}} {{}} của {{}} (mã số thuế {{}}), doanh nghiệp '
              'hoạt động trong ngành {{}}, thuộc ngành, nghề mà cơ quan trực tiếp quản lý (mã {{}}). Căn cứ {{}}.',
              lc_nz(hd.full_name), c.official_id, lc_role_label(c.role), lc_nz(c.body_name), c.org_code,
              lc_vn_date(lc_as_of()),
              CASE WHEN c.relation IS NULL THEN 'là'
                   ELSE 'có ' || lc_rel_label(c.relation) || ' là ' || lc_nz(c.rel_name) || ',' END,
              lc_erole_label(c.e_role), lc_nz(c.ent_name), c.tax_code, lc_nz(c.sector_code), c.prefix, v.citation),
       {_chain(
           [_node("'officials:' || c.official_id", "official", "hd.full_name"),
            _node("'bodies:' || c.org_code", "body", "c.body_name"),
            _node("c.person_key", "", "coalesce(c.rel_name, hd.full_name)",
                  "CASE WHEN c.relation IS NULL THEN 'official' ELSE 'relative' END"),
            _node("c.e_key", "enterprise_person", "c.ep_name"),
            _node("'enterprises:' || c.tax_code", "enterprise", "c.ent_name")],
           [_edge("'officials:' || c.official_id", "'bodies:' || c.org_code", "lc_role_label(c.role)"),
            _edge("'officials:' || c.official_id", "c.person_key",
                  "CASE WHEN c.relation IS NULL THEN 'chính mình' ELSE lc_rel_label(c.relation) END"),
            _edge("c.person_key", "c.e_key", "'cùng một người'", "c.score"),
            _edge("c.e_key", "'enterprises:' || c.tax_code", "lc_erole_label(c.e_role)"),
            _edge("'bodies:' || c.org_code", "'enterprises:' || c.tax_code", "'quản lý ngành ' || c.prefix")])}
FROM cand c
JOIN rule_versions v ON v.rule = '{R.STAKE_IN_MANAGED_SECTOR}'
     AND lc_as_of() BETWEEN v.effective_from AND v.effective_to
     AND list_contains(v.official_roles, c.role)
     AND CASE WHEN c.relation IS NULL THEN list_contains(v.official_enterprise_roles, c.e_role)
              ELSE list_contains(v.relations, c.relation) AND list_contains(v.relative_enterprise_roles, c.e_role)
         END
LEFT JOIN off1 hd ON hd.official_id = c.official_id
"""

RULE_SQL[R.SELF_DEALING_CONTRACT] = f"""
INSERT INTO scan_hits
WITH off_ent AS (
    SELECT o.official_id, o.full_name AS off_name, o.source_row AS o_row, e.tax_code,
           lc_tax_base(e.tax_code) AS tax_base, e.role AS e_role, e.full_name AS ep_name, e.source_row AS e_row,
           e.record_key AS e_key, lk.p AS score
    FROM officials o
    JOIN lk ON lk.a = o.record_key AND lk.b LIKE 'enterprise_people:%'
    JOIN enterprise_people e ON e.record_key = lk.b
),
cand AS (
    SELECT c.contract_id, c.buyer_org_code, c.supplier_tax_code, c.signed_on, c.source_row AS c_row, x.*
    FROM off_ent x
    JOIN contracts c ON c.signer_official_id = x.official_id AND lc_tax_base(c.supplier_tax_code) = x.tax_base
)
SELECT '{R.SELF_DEALING_CONTRACT}', c.official_id, c.buyer_org_code, 'contract_id', c.contract_id, c.score,
       v.effective_from,
       list_filter(['contracts.csv row ' || c.c_row, 'officials.csv row ' || c.o_row,
                    'enterprise_people.csv row ' || c.e_row, 'enterprises.csv row ' || n.source_row],
                   lambda s: s IS NOT NULL),
       format('{{}} ({{}}) ký hợp đồng {{}} ngày {{}} thay mặt {{}} ({{}}) với {{}} (mã số thuế {{}}), trong khi chính '
              'mình là {{}} của doanh nghiệp này. Căn cứ {{}}.',
              lc_nz(c.off_name), c.official_id, c.contract_id, lc_vn_date(c.signed_on), lc_nz(b.name),
              c.buyer_org_code, lc_nz(n.name), c.supplier_tax_code, lc_erole_label(c.e_role), v.citation),
       {_chain(
           [_node("'officials:' || c.official_id", "official", "c.off_name"),
            _node("'bodies:' || c.buyer_org_code", "body", "b.name"),
            _node("'contracts:' || c.contract_id", "contract", "c.contract_id"),
            _node("'enterprises:' || c.supplier_tax_code", "enterprise", "n.name"),
            _node("c.e_key", "enterprise_person", "c.ep_name")],
           [_edge("'officials:' || c.official_id", "'contracts:' || c.contract_id", "'người ký'"),
            _edge("'bodies:' || c.buyer_org_code", "'contracts:' || c.contract_id", "'bên mua'"),
            _edge("'contracts:' || c.contract_id", "'enterprises:' || c.supplier_tax_code", "'nhà cung cấp'"),
            _edge("'officials:' || c.official_id", "c.e_key", "'cùng một người'", "c.score"),
            _edge("c.e_key", "'enterprises:' || c.supplier_tax_code", "lc_erole_label(c.e_role)")])}
FROM cand c
JOIN rule_versions v ON v.rule = '{R.SELF_DEALING_CONTRACT}'
     AND c.signed_on BETWEEN v.effective_from AND v.effective_to
     AND list_contains(v.official_enterprise_roles, c.e_role)
LEFT JOIN body1 b ON b.org_code = c.buyer_org_code
LEFT JOIN ent1 n ON n.tax_code = c.supplier_tax_code
"""

# fmt: on

# One alert per rule and records: the best hit gives score, explanation and chain; evidence is the
# union, the best hit's rows first.
_ALERTS_SQL = """
SELECT rule, official_id, org_code, cp_key, cp_value, score, all_evidence, explanation, chain
FROM (
    SELECT *,
           row_number() OVER w AS rank,
           flatten(list(evidence) OVER (PARTITION BY rule, official_id, org_code, cp_key, cp_value
                                        ORDER BY score DESC, version_from DESC, explanation
                                        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)) AS all_evidence
    FROM scan_hits
    WHERE score >= lc_min_score() AND official_id IS NOT NULL
    WINDOW w AS (PARTITION BY rule, official_id, org_code, cp_key, cp_value
                 ORDER BY score DESC, version_from DESC, explanation)
) WHERE rank = 1
ORDER BY rule, official_id, org_code, cp_value
"""


def _ordered_unique(items) -> list[str]:
    seen, out = set(), []
    for item in items or ():
        if item is not None and item not in seen:
            seen.add(item)
            out.append(item)
    return out


def scan(
    con,
    *,
    as_of: dt.date | None = None,
    progress=None,
    min_score: float | None = None,
    versions=None,
    timings: dict | None = None,
) -> list[dict]:
    """Run the five rules; return the alerts in the contract's format plus a "chain" for the UI.

    `as_of` is the day the as-of rules look at (default today); `min_score` the alert threshold
    (default rules.ALERT_MIN_SCORE); `versions` replaces rules.RULE_VERSIONS (tests); `progress(stage,
    percent)` is called after each rule; `timings`, when given, receives seconds per rule."""
    as_of = as_of or dt.date.today()
    min_score = R.ALERT_MIN_SCORE if min_score is None else min_score
    _install_helpers(con, as_of, min_score, versions)
    for number, rule in enumerate(R.RULE_CODES, start=1):
        begin = time.perf_counter()
        con.execute(RULE_SQL[rule])
        if timings is not None:
            timings[rule] = round(time.perf_counter() - begin, 3)
        if progress:
            progress(rule, round(100 * number / len(R.RULE_CODES)))
    rows = con.execute(_ALERTS_SQL).fetchall()
    alerts = []
    for rule, official_id, org_code, cp_key, cp_value, score, evidence, explanation, chain in rows:
        alerts.append(
            {
                "rule": rule,
                "official_id": official_id,
                "org_code": org_code or "",
                "counterpart": {cp_key: cp_value},
                "score": round(float(score), 4),
                "evidence": _ordered_unique(evidence),
                "explanation": explanation,
                "chain": _tidy_chain(json.loads(chain) if chain else {}),
            }
        )
    return alerts


def _tidy_chain(chain: dict) -> dict:
    """One node per id, no edge from a node to itself (the head who is himself the shareholder)."""
    nodes, seen = [], set()
    for node in chain.get("nodes") or []:
        if node["id"] not in seen:
            seen.add(node["id"])
            nodes.append(node)
    edges = [e for e in chain.get("edges") or [] if e["from"] != e["to"]]
    return {"nodes": nodes, "edges": edges}


def contract_line(alert: dict) -> dict:
    """The alert as the contract writes it (without the UI's chain)."""
    return {
        k: alert[k]
        for k in ("rule", "official_id", "org_code", "counterpart", "score", "evidence", "explanation")
    }
