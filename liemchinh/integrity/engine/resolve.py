# ruff: noqa: S608 - table and column names in SQL come from this module's constants, values are bound
"""Entity resolution: which person mentions of different registries are the same person.

`resolve(con, method="splink")` reads the person tables of engine/tables.py (officials, relatives,
enterprise_people) and writes `links(left_key, right_key, probability, match_weight, explanation,
judged)`: every pair of mentions from DIFFERENT sources judged to be the same person with
probability ≥ rules.LINK_FLOOR, left_key < right_key. How it decides (docs/integrity-resolution.md):

1. mentions: one row per record_key with the folded name (no diacritics, lower case, single
   spaces), the name without spaces, family / middle / given tokens, birth date or year, id number.
2. priors, measured on each data set from the id numbers: two random mentions (population prior)
   and two mentions tied to the same body (context prior: a head's relative and a post holder of
   the same body, an owner and an official of a body buying from or managing the enterprise), and
   the rules' tight contexts (`_tight_contexts`, tie 0: the handful of pairs a rule actually asks
   about, e.g. a contract's signer and the supplier's people), orders of magnitude likelier.
3. candidate pairs (`_blocked_pairs`), equi-joins only: same id; same name and full birth date;
   same name and birth year for names rare enough to be linked that way; same name and birth year,
   or same full birth date, tied to the same body; any pair of a tight context whose names are
   equal or close, whatever the birth information. They are registered with Splink, which scores
   them with a Fellegi-Sunter model whose parameters are read from resolution_model.json (a
   documented training run, deterministic), with term-frequency adjustment of the full-name
   agreement (so "nguyen van an" = "nguyen van an" weighs little); a pair in context gets the
   best of its population, context and tight-context probabilities (the model's evidence under
   each prior: contradicting birth dates keep it low whatever the prior).
4. hard facts and guards: equal id numbers → 1.0; two different id numbers → never linked; a pair
   whose only evidence is the name (no comparable birth information, no id) is capped below
   rules.LINK_HIGH (rules.LINK_NAME_ONLY_CAP, in a tight context rules.LINK_TIGHT_NAME_ONLY_CAP).
5. officers' judgements: "same" → 1.0 (added if the model had not proposed it), "not_same" →
   removed, "unsure" → the model's score, marked.

`method="exact"` is the plain baseline: same id number, or same folded name and same full date.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable, Iterable
from pathlib import Path

from liemchinh.integrity import rules

SOURCES = ("officials", "relatives", "enterprise_people")
MODEL_PATH = Path(__file__).with_name("resolution_model.json")

LINKS_DDL = (
    "CREATE OR REPLACE TABLE links (left_key VARCHAR, right_key VARCHAR, probability DOUBLE, "
    "match_weight DOUBLE, explanation VARCHAR, judged VARCHAR)"
)

# One row per mention; folded name parts for comparing and blocking.
_MENTIONS_SQL = """
CREATE OR REPLACE TABLE mentions_{source} AS
WITH base AS (
    -- ð (U+00F0, the Icelandic eth some keyboards type for đ) folds like đ
    SELECT record_key, nullif(replace(lc_fold(any_value(full_name)), 'ð', 'd'), '') AS name_folded,
           any_value(birth_date) AS birth_date, any_value(birth_year) AS birth_year,
           any_value(id_number) AS id_number
    FROM {source} WHERE record_key IS NOT NULL
    GROUP BY record_key
), tokens AS (
    SELECT *, string_split(name_folded, ' ') AS t FROM base
)
SELECT record_key AS unique_id, '{source}' AS source,
       name_folded,
       nullif(replace(name_folded, ' ', ''), '') AS name_nospace,
       nullif(t[1], '') AS family,
       CASE WHEN len(t) > 1 THEN t[-1] END AS given,
       CASE WHEN len(t) > 2 THEN array_to_string(t[2:-2], ' ') END AS middle,
       birth_date, birth_year::INTEGER AS birth_year,
       strftime(birth_date, '%m-%d') AS birth_md,
       CASE WHEN regexp_full_match(id_number, '[0-9]{{12}}') THEN id_number
            ELSE nullif(regexp_replace(coalesce(id_number, ''), '[^0-9A-Za-z]', '', 'g'), '') END AS id_number
FROM tokens
"""

# Splink gamma value → Vietnamese label, per comparison (highest level first; -1 = no data).
_FIELD_LABELS = {
    "id_number": "số định danh cá nhân",
    "full_name": "họ và tên",
    "birth": "ngày sinh",
}

Progress = Callable[[str, int], None] | None

logger = logging.getLogger(__name__)


def _report(progress: Progress, stage: str, percent: int) -> None:
    if progress:
        progress(stage, percent)


def build_mentions(con) -> dict[str, int]:
    counts = {}
    for source in SOURCES:
        con.execute(_MENTIONS_SQL.format(source=source))
        counts[source] = con.execute(f"SELECT count(*) FROM mentions_{source}").fetchall()[0][0]
    return counts


def load_model(path: Path = MODEL_PATH) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _level_labels(model: dict) -> dict[str, dict[int, str]]:
    """{comparison output column: {gamma: label}} from the model (levels listed best first)."""
    labels = {}
    for comparison in model["comparisons"]:
        column = comparison["output_column_name"]
        levels = comparison["comparison_levels"]
        n = len([lv for lv in levels if not lv.get("is_null_level")])
        mapping, gamma = {}, n - 1
        for level in levels:
            if level.get("is_null_level"):
                mapping[-1] = level["label_for_charts"]
            else:
                mapping[gamma] = level["label_for_charts"]
                gamma -= 1
        labels[column] = mapping
    return labels


def estimate_prior(con, fallback: float) -> float:
    """Probability that two random mentions of different sources are the same person, measured
    where both carry an id number: equal ids / pairs with both ids. Falls back to `fallback`
    (matches per mention of the smaller source, scaled to the data size) when fewer than
    rules.LINK_CONTEXT_MIN_ID_MATCHES id-equal pairs exist."""
    sizes, equal = {}, 0
    for source in SOURCES:
        sizes[source] = con.execute(
            f"SELECT count(*) FROM mentions_{source} WHERE id_number IS NOT NULL"
        ).fetchall()[0][0]
    pairs = 0
    for i, a in enumerate(SOURCES):
        for b in SOURCES[i + 1 :]:
            pairs += sizes[a] * sizes[b]
            equal += con.execute(
                f"SELECT count(*) FROM mentions_{a} x JOIN mentions_{b} y USING (id_number)"
            ).fetchall()[0][0]
    if equal >= rules.LINK_CONTEXT_MIN_ID_MATCHES and pairs:
        return min(0.5, equal / pairs)
    # Without ids: as many matches as `fallback` says per mention of the smaller side.
    n = {s: con.execute(f"SELECT count(*) FROM mentions_{s}").fetchall()[0][0] for s in SOURCES}
    total = sum(n[a] * n[b] for i, a in enumerate(SOURCES) for b in SOURCES[i + 1 :])
    if not total:
        return 0.5
    return min(
        0.5, fallback * sum(min(n[a], n[b]) for i, a in enumerate(SOURCES) for b in SOURCES[i + 1 :]) / total
    )


def _explanation_sql(model: dict) -> str:
    """SQL building the JSON list [{field, level, bayes_factor}] from Splink's gamma and match weight
    columns (mw_* = log2 of the Bayes factor, the name's term-frequency adjustment included)."""
    labels = _level_labels(model)
    items = []
    for column, mapping in labels.items():
        cases = " ".join(f"WHEN {gamma} THEN '{label}'" for gamma, label in sorted(mapping.items()))
        tf = f" + coalesce(mw_tf_adj_{column}, 0)" if column == "full_name" else ""
        items.append(
            f"struct_pack(field := '{_FIELD_LABELS.get(column, column)}', "
            f"level := CASE gamma_{column} {cases} END, "
            f"bayes_factor := round(pow(2, mw_{column}{tf}), 4))"
        )
    return "to_json([" + ", ".join(items) + "])"


def stored_judgements() -> list[tuple[str, str, str]]:
    """The officers' judgements (resolution.MatchJudgement) as `resolve(judgements=...)` takes them."""
    from liemchinh.integrity.models import MatchJudgement

    return list(MatchJudgement.objects.values_list("left_key", "right_key", "verdict"))


def _apply_judgements(con, judgements: Iterable) -> None:
    rows = []
    for left, right, verdict in judgements:
        left, right = str(left), str(right)
        if left > right:
            left, right = right, left
        rows.append((left, right, str(verdict)))
    con.execute(
        "CREATE OR REPLACE TEMP TABLE lc_judgements (left_key VARCHAR, right_key VARCHAR, verdict VARCHAR)"
    )
    if rows:
        con.executemany("INSERT INTO lc_judgements VALUES (?, ?, ?)", rows)
    # not_same: removed; unsure: model's score, marked; same: 1.0, added when missing.
    con.execute(
        "DELETE FROM links USING lc_judgements j WHERE j.verdict = 'not_same' "
        "AND links.left_key = j.left_key AND links.right_key = j.right_key"
    )
    con.execute(
        "UPDATE links SET judged = j.verdict, probability = CASE WHEN j.verdict = 'same' THEN 1.0 "
        "ELSE links.probability END FROM lc_judgements j WHERE j.verdict IN ('same', 'unsure') "
        "AND links.left_key = j.left_key AND links.right_key = j.right_key"
    )
    con.execute(
        """INSERT INTO links
           SELECT j.left_key, j.right_key, 1.0, NULL,
                  to_json([struct_pack(field := 'đánh giá của cán bộ', level := 'cùng một người',
                                       bayes_factor := NULL::DOUBLE)]), 'same'
           FROM lc_judgements j
           WHERE j.verdict = 'same'
             AND NOT EXISTS (SELECT 1 FROM links l WHERE l.left_key = j.left_key AND l.right_key = j.right_key)"""
    )


def _resolve_exact(con) -> None:
    """Baseline: same id number, or same folded name and same full birth date."""
    parts = []
    for i, a in enumerate(SOURCES):
        for b in SOURCES[i + 1 :]:
            both = "NOT (x.id_number IS NOT NULL AND y.id_number IS NOT NULL AND x.id_number <> y.id_number)"
            parts.append(
                f"""SELECT x.unique_id AS k1, y.unique_id AS k2, true AS by_id
                    FROM mentions_{a} x JOIN mentions_{b} y ON x.id_number = y.id_number"""
            )
            parts.append(
                f"""SELECT x.unique_id AS k1, y.unique_id AS k2, false AS by_id
                    FROM mentions_{a} x JOIN mentions_{b} y
                      ON x.name_folded = y.name_folded AND x.birth_date = y.birth_date
                    WHERE {both}"""
            )
    con.execute(
        f"""INSERT INTO links
            SELECT least(k1, k2), greatest(k1, k2), 1.0, NULL,
                   to_json([struct_pack(field := CASE WHEN bool_or(by_id) THEN '{_FIELD_LABELS["id_number"]}'
                                                       ELSE 'họ và tên, ngày sinh' END,
                                        level := 'trùng khớp', bayes_factor := NULL::DOUBLE)]),
                   NULL
            FROM ({" UNION ALL ".join(parts)}) GROUP BY 1, 2"""
    )


def splink_settings(model: dict, prior: float) -> dict:
    settings = dict(model)
    settings["probability_two_random_records_match"] = prior
    settings["retain_intermediate_calculation_columns"] = True
    settings["retain_matching_columns"] = True
    settings["unique_id_column_name"] = "unique_id"
    settings["source_dataset_column_name"] = "source_dataset"
    settings["link_type"] = "link_only"
    settings["blocking_rules_to_generate_predictions"] = []  # pairs are registered (_blocked_pairs)
    for key in ("linker_uid", "matches_per_mention", "training"):
        settings.pop(key, None)
    return settings


def _name_share_limits(model: dict, priors: list[float]) -> float:
    """The largest share of mentions a folded name may have for "same name and same birth year"
    (one side giving only the year) to reach rules.LINK_FLOOR under the best of `priors`: the
    name's Bayes factor is about m / share (term frequencies), the year's is the model's. More
    frequent names are left out of that blocking rule: no pair they would add could be linked."""
    levels = {c["output_column_name"]: c["comparison_levels"] for c in model["comparisons"]}
    m_name = next(lv["m_probability"] for lv in levels["full_name"] if lv.get("tf_adjustment_column"))
    year = next(lv for lv in levels["birth"] if "một bên chỉ có năm" in lv["label_for_charts"])
    bf_year = year["m_probability"] / year["u_probability"]
    floor_odds = rules.LINK_FLOOR / (1 - rules.LINK_FLOOR)
    odds = max(p / (1 - p) for p in priors)
    return min(1.0, BLOCKING_SLACK * odds * m_name * bf_year / floor_odds)


# Safety margin of the name-share limit (term frequencies are estimates).
BLOCKING_SLACK = 4.0


def _typos_can_link(model: dict, prior: float) -> bool:
    """Whether a one-letter slip in the name with the same full birth date can reach
    rules.LINK_FLOOR under `prior` (in a large population it cannot without a context)."""
    levels = {c["output_column_name"]: c["comparison_levels"] for c in model["comparisons"]}
    typo = next(lv for lv in levels["full_name"] if "một ký tự" in lv["label_for_charts"])
    date = next(lv for lv in levels["birth"] if lv["label_for_charts"] == "trùng ngày sinh")
    bf = typo["m_probability"] / typo["u_probability"] * date["m_probability"] / date["u_probability"]
    return BLOCKING_SLACK * prior / (1 - prior) * bf >= rules.LINK_FLOOR / (1 - rules.LINK_FLOOR)


def _blocked_pairs(con, share_global: float, share_context: float, typos_global: bool) -> int:
    """Candidate pairs (table lc_blocked_pairs, Splink's format for registered blocked pairs).

    Every rule is an equi-join, so blocks stay small at national scale:
      0. same id number;
      1. same name without spaces and same full birth date;
      2. same name and birth year, for names rare enough to be linked on that alone (share_global);
      3. same name and birth year and tied to the same body, for names up to share_context;
      4. same full birth date and tied to the same body (a typo anywhere in the name);
      5. same full birth date and same given name, or same family name, when such a pair can be
         linked without a context (small data sets: `typos_global`);
      6. any pair of a rule's tight context with equal or close names (lc_tight_pairs, built by
         _tight_contexts, blocked inside the context on the given or family name).
    """
    total = sum(con.execute(f"SELECT count(*) FROM mentions_{s}").fetchall()[0][0] for s in SOURCES) or 1
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE lc_name_share AS
            SELECT name_nospace, count(*) / {total} AS share FROM (
                SELECT name_nospace FROM mentions_officials UNION ALL
                SELECT name_nospace FROM mentions_relatives UNION ALL
                SELECT name_nospace FROM mentions_enterprise_people)
            WHERE name_nospace IS NOT NULL GROUP BY 1"""
    )
    for source in SOURCES:
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE lc_block_{source} AS
                SELECT m.unique_id, m.id_number, m.name_nospace, m.birth_date, m.birth_year, m.given, m.family,
                       CASE WHEN f.share <= {share_global} THEN m.name_nospace END AS name_rare,
                       CASE WHEN f.share <= {share_context} THEN m.name_nospace END AS name_ctx
                FROM mentions_{source} m LEFT JOIN lc_name_share f USING (name_nospace)"""
        )
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE lc_block_ctx_{source} AS
                SELECT b.unique_id, c.org_code, b.birth_date, b.birth_year, b.name_ctx
                FROM lc_block_{source} b JOIN lc_context c ON c.key = b.unique_id"""
        )
    parts = []
    for i, a in enumerate(SOURCES):
        for b in SOURCES[i + 1 :]:
            keys = f"'{a}-__-' || x.unique_id AS join_key_l, '{b}-__-' || y.unique_id AS join_key_r"
            parts += [
                f"SELECT '0' AS match_key, {keys} FROM lc_block_{a} x JOIN lc_block_{b} y USING (id_number)",
                f"""SELECT '1', {keys} FROM lc_block_{a} x JOIN lc_block_{b} y
                    ON x.name_nospace = y.name_nospace AND x.birth_date = y.birth_date""",
                f"""SELECT '2', {keys} FROM lc_block_{a} x JOIN lc_block_{b} y
                    ON x.name_rare = y.name_rare AND x.birth_year = y.birth_year""",
                f"""SELECT '3', {keys} FROM lc_block_ctx_{a} x JOIN lc_block_ctx_{b} y
                    ON x.org_code = y.org_code AND x.name_ctx = y.name_ctx AND x.birth_year = y.birth_year""",
                f"""SELECT '4', {keys} FROM lc_block_ctx_{a} x JOIN lc_block_ctx_{b} y
                    ON x.org_code = y.org_code AND x.birth_date = y.birth_date""",
            ]
            if typos_global:
                for column in ("given", "family"):
                    parts.append(
                        f"""SELECT '5', {keys} FROM lc_block_{a} x JOIN lc_block_{b} y
                            ON x.birth_date = y.birth_date AND x.{column} = y.{column}"""
                    )
    # 6. any pair of a rule's tight context whose names are equal or close (_tight_contexts)
    parts.append(
        "SELECT '6', left_source || '-__-' || left_key, right_source || '-__-' || right_key FROM lc_tight_pairs"
    )
    con.execute(
        "CREATE OR REPLACE TABLE lc_blocked_pairs AS SELECT min(match_key) AS match_key, join_key_l, join_key_r "
        "FROM (" + " UNION ALL ".join(parts) + ") GROUP BY join_key_l, join_key_r"
    )
    return con.execute("SELECT count(*) FROM lc_blocked_pairs").fetchall()[0][0]


def _resolve_splink(con, progress: Progress, model: dict) -> dict:
    from splink import DuckDBAPI, Linker

    prior = estimate_prior(con, model.get("matches_per_mention", 0.01))
    prior_weight = math.log2(prior / (1 - prior))
    _report(progress, "prior", 10)
    for statement in _CONTEXT_SQL.format(max_managers=int(rules.LINK_CONTEXT_MAX_SECTOR_MANAGERS)).split(";"):
        if statement.strip():
            con.execute(statement)
    context_priors = _context_priors(con, prior)
    tight_priors = _tight_contexts(con, prior)
    _report(progress, "context", 20)
    share_global = _name_share_limits(model, [prior])
    share_context = _name_share_limits(model, [prior, *context_priors.values()])
    typos_global = _typos_can_link(model, prior)
    pairs = _blocked_pairs(con, share_global, share_context, typos_global)
    _report(progress, "blocking", 35)
    con.execute("SELECT 1").fetchall()  # no unfinished result on the connection Splink takes over
    db_api = DuckDBAPI(connection=con)
    frames = [db_api.register(f"mentions_{s}", dataset_display_name=s) for s in SOURCES]
    linker = Linker(frames, splink_settings(model, prior), log_level=logging.WARNING)
    linker.table_management.register_blocked_pairs_for_predict(db_api.register("lc_blocked_pairs"))
    # Keep every pair whose evidence alone is worth LINK_CANDIDATE_MIN_EVIDENCE bits, whatever the prior,
    # and every pair a rule's tight context could lift to LINK_FLOOR.
    tight_odds = max((p / (1 - p) for p in tight_priors.values()), default=0.0)
    min_evidence = rules.LINK_CANDIDATE_MIN_EVIDENCE
    if tight_odds:
        min_evidence = min(min_evidence, -math.log2(tight_odds) - 1.0)
    threshold = prior_weight + min_evidence
    predictions = linker.inference.predict(threshold_match_weight=threshold, warning_mode="never")
    _report(progress, "predict", 80)
    cap = rules.LINK_NAME_ONLY_CAP
    name_only = "(gamma_birth = -1 AND gamma_id_number = -1)"
    con.execute(
        f"""CREATE OR REPLACE TABLE link_candidates AS
            SELECT least(unique_id_l, unique_id_r) AS left_key, greatest(unique_id_l, unique_id_r) AS right_key,
                   CASE WHEN id_number_l = id_number_r THEN 1.0
                        WHEN {name_only} THEN least(match_probability, {cap})
                        ELSE match_probability END AS probability,
                   CASE WHEN {name_only} THEN least(match_weight, {math.log2(cap / (1 - cap))})
                        ELSE match_weight END AS match_weight,
                   {_explanation_sql(model)} AS explanation,
                   match_weight - {prior_weight} AS evidence_weight,
                   {name_only} AS name_only
            FROM {predictions.physical_name}
            WHERE NOT (id_number_l IS NOT NULL AND id_number_r IS NOT NULL AND id_number_l <> id_number_r)"""
    )
    predictions.drop_table_from_database_and_remove_from_cache()
    _report(progress, "context", 85)
    _rescore_in_context(con, prior)
    con.execute(
        f"""INSERT INTO links SELECT left_key, right_key, probability, match_weight, explanation, NULL
            FROM link_candidates WHERE probability >= {float(rules.LINK_FLOOR)}"""
    )
    candidates = con.execute("SELECT count(*) FROM link_candidates").fetchall()[0][0]
    return {
        "prior": prior,
        "context_priors": context_priors,
        "tight_priors": tight_priors,
        "tight_pairs": con.execute("SELECT count(*) FROM lc_tight_pairs").fetchall()[0][0],
        "name_share_limits": [share_global, share_context],
        "typos_without_context": typos_global,
        "blocked_pairs": pairs,
        "candidates": candidates,
    }


# The bodies a mention is tied to: an official's bodies (positions), a relative's official's
# bodies, an enterprise person's enterprise's buyers (contracts) and the bodies managing its sector.
_CONTEXT_SQL = """
CREATE OR REPLACE TEMP TABLE lc_official_body AS
    SELECT DISTINCT official_id, org_code FROM positions WHERE official_id IS NOT NULL AND org_code IS NOT NULL;
CREATE OR REPLACE TEMP TABLE lc_enterprise_body AS
    SELECT tax_code, org_code, min(tie) AS tie FROM (
        SELECT supplier_tax_code AS tax_code, buyer_org_code AS org_code, 1 AS tie FROM contracts
        WHERE supplier_tax_code IS NOT NULL AND buyer_org_code IS NOT NULL
        UNION ALL
        -- the bodies managing the enterprise's sector (VSIC prefix), when not too many bodies
        -- manage it: a sector every district manages is no context
        SELECT e.tax_code, b.org_code, 2
        FROM (SELECT tax_code, left(replace(replace(sector_code, '.', ''), ' ', ''), n) AS prefix
              FROM enterprises, range(1, 8) t(n) WHERE sector_code IS NOT NULL) e
        JOIN (SELECT org_code, sector, count(*) OVER (PARTITION BY sector) AS managers
              FROM (SELECT org_code, replace(replace(unnest(managed_sectors), '.', ''), ' ', '') AS sector
                    FROM bodies)) b
          ON b.sector = e.prefix AND b.managers <= {max_managers}
    ) GROUP BY tax_code, org_code;
-- tie 1: a post in the body (an official, a relative's official) or a contract with it, tie 2: the
-- body manages the enterprise's sector. A pair's context is the tightest tie they share.
CREATE OR REPLACE TEMP TABLE lc_context AS
    SELECT DISTINCT o.record_key AS key, 'officials' AS source, ob.org_code, 1 AS tie FROM officials o
    JOIN lc_official_body ob USING (official_id)
    UNION
    SELECT DISTINCT r.record_key, 'relatives', ob.org_code, 1 FROM relatives r
    JOIN lc_official_body ob USING (official_id)
    UNION
    SELECT p.record_key, 'enterprise_people', eb.org_code, min(eb.tie) FROM enterprise_people p
    JOIN lc_enterprise_body eb USING (tax_code) GROUP BY 1, 2, 3;
"""


def _context_priors(con, population_prior: float) -> dict:
    """The prior of pairs whose two mentions are tied to the same body, per pair of sources.

    Two random mentions of the province are rarely the same person (the population prior); a
    head's relative and a post holder of the head's own body, or an enterprise's owner and an
    official of a body that buys from it or manages its sector, much more often. That context prior
    is measured on each data set, per pair of sources, as for the population prior: among context
    pairs where both mentions carry an id number, the share with equal ids. With fewer than
    rules.LINK_CONTEXT_MIN_ID_MATCHES such equal pairs it cannot be measured; it is then derived
    from the population prior, assuming that a share rules.LINK_CONTEXT_SHARE of the same-person
    pairs lie in context: expected matches × share / context pairs.
    A pair in context gets the better of its two probabilities; the name-only cap still holds."""
    con.execute(
        """CREATE OR REPLACE TEMP TABLE lc_id_context AS
           SELECT c.source, c.org_code, c.tie, count(*) AS n, count(m.id_number) AS n_id FROM lc_context c
           JOIN (SELECT unique_id, id_number FROM mentions_officials UNION ALL
                 SELECT unique_id, id_number FROM mentions_relatives UNION ALL
                 SELECT unique_id, id_number FROM mentions_enterprise_people) m
             ON m.unique_id = c.key
           GROUP BY ALL"""
    )
    priors = {}
    sizes = {s: con.execute(f"SELECT count(*) FROM mentions_{s}").fetchall()[0][0] for s in SOURCES}
    for i, a in enumerate(SOURCES):
        for b in SOURCES[i + 1 :]:
            totals = dict.fromkeys((1, 2), (0, 0))
            for tie, pairs, all_pairs in con.execute(
                f"""SELECT greatest(x.tie, y.tie), coalesce(sum(x.n_id * y.n_id), 0), coalesce(sum(x.n * y.n), 0)
                    FROM lc_id_context x JOIN lc_id_context y USING (org_code)
                    WHERE x.source = '{a}' AND y.source = '{b}' GROUP BY 1"""
            ).fetchall():
                totals[tie] = (pairs, all_pairs)
            equal = dict(
                con.execute(
                    f"""SELECT tie, count(*) FROM (
                            SELECT x.unique_id, y.unique_id, min(greatest(cx.tie, cy.tie)) AS tie
                            FROM mentions_{a} x JOIN mentions_{b} y USING (id_number)
                            JOIN lc_context cx ON cx.key = x.unique_id
                            JOIN lc_context cy ON cy.key = y.unique_id AND cy.org_code = cx.org_code
                            GROUP BY 1, 2)
                        GROUP BY tie"""
                ).fetchall()
            )
            for tie, (pairs, all_pairs) in totals.items():
                if equal.get(tie, 0) >= rules.LINK_CONTEXT_MIN_ID_MATCHES and pairs:
                    priors[f"{a}-{b}/{tie}"] = min(0.5, equal[tie] / pairs)
                elif all_pairs:
                    expected = population_prior * sizes[a] * sizes[b]
                    priors[f"{a}-{b}/{tie}"] = min(
                        0.5, max(population_prior, expected * rules.LINK_CONTEXT_SHARE / all_pairs)
                    )
    con.execute("CREATE OR REPLACE TEMP TABLE lc_context_prior (pair VARCHAR, prior DOUBLE)")
    if priors:
        con.executemany("INSERT INTO lc_context_prior VALUES (?, ?)", list(priors.items()))
    return priors


def _sql_list(values: Iterable[str]) -> str:
    return ", ".join(f"'{v}'" for v in sorted(values)) or "NULL"


def _rule_lists(rule: str, attribute: str) -> frozenset:
    """Union over the rule's versions of one of its lists (roles, relations)."""
    return frozenset().union(*(getattr(v, attribute) for v in rules.rule_versions(rule)))


# The rules' own contexts, as (ctx, side, key) rows: a pair of mentions is in a tight context when
# its left-side mention (L) and its right-side mention (R) share a ctx. Dates are left to the rules
# (but for the buyer's heads, taken at the signing date as the rule takes them).
#   b:<body>    a close relative of a head of the body  ↔  an official holding a sensitive post there
#               (relative_in_sensitive_post);
#   e:<tax>     the signer of a contract, a close relative of the signer or of a head of the buyer
#               in post at the signing date  ↔  a person of the supplier (self_dealing_contract,
#               contract_with_relative_business);
#   s:<sector>  a head of a body managing the sector (VSIC prefix) and his close relatives
#               ↔  a person of an enterprise of that sector (stake_in_managed_sector).
_TIGHT_SQL = """
CREATE OR REPLACE TEMP TABLE lc_tight_heads AS
    SELECT DISTINCT official_id, org_code FROM positions
    WHERE role IN ({heads}) AND official_id IS NOT NULL AND org_code IS NOT NULL;
CREATE OR REPLACE TEMP TABLE lc_tight_side AS
    SELECT 'b:' || h.org_code AS ctx, 'L' AS side, r.record_key AS key
    FROM relatives r JOIN lc_tight_heads h USING (official_id) WHERE r.relation IN ({rel_post})
    UNION
    SELECT 'b:' || p.org_code, 'R', o.record_key FROM positions p JOIN officials o USING (official_id)
    WHERE p.role IN ({sensitive}) AND p.org_code IS NOT NULL
    UNION
    SELECT 'e:' || split_part(c.supplier_tax_code, '-', 1), 'L', o.record_key
    FROM contracts c JOIN officials o ON o.official_id = c.signer_official_id
    WHERE c.supplier_tax_code IS NOT NULL
    UNION
    SELECT 'e:' || split_part(c.supplier_tax_code, '-', 1), 'L', r.record_key
    FROM contracts c JOIN relatives r ON r.official_id = c.signer_official_id
    WHERE c.supplier_tax_code IS NOT NULL AND r.relation IN ({rel_contract})
    UNION
    SELECT 'e:' || split_part(c.supplier_tax_code, '-', 1), 'L', r.record_key
    FROM contracts c
    JOIN positions p ON p.org_code = c.buyer_org_code AND p.role IN ({heads})
     AND (c.signed_on IS NULL OR c.signed_on BETWEEN coalesce(p.start_date, DATE '1900-01-01')
                                                 AND coalesce(p.end_date, DATE '9999-12-31'))
    JOIN relatives r ON r.official_id = p.official_id
    WHERE c.supplier_tax_code IS NOT NULL AND r.relation IN ({rel_contract})
    UNION
    SELECT 'e:' || split_part(tax_code, '-', 1), 'R', record_key FROM enterprise_people WHERE tax_code IS NOT NULL
    UNION
    SELECT 's:' || m.prefix, 'L', o.record_key
    FROM lc_tight_managed m JOIN lc_tight_heads h USING (org_code) JOIN officials o USING (official_id)
    UNION
    SELECT 's:' || m.prefix, 'L', r.record_key
    FROM lc_tight_managed m JOIN lc_tight_heads h USING (org_code) JOIN relatives r USING (official_id)
    WHERE r.relation IN ({rel_stake})
    UNION
    SELECT 's:' || e.prefix, 'R', p.record_key
    FROM (SELECT tax_code, left(upper(regexp_replace(sector_code, '[ .]', '', 'g')), n) AS prefix
          FROM enterprises, range(1, 8) t(n) WHERE sector_code IS NOT NULL) e
    JOIN (SELECT DISTINCT prefix FROM lc_tight_managed) USING (prefix)
    JOIN enterprise_people p USING (tax_code);
CREATE OR REPLACE TEMP TABLE lc_tight_m AS
    SELECT t.ctx, split_part(t.ctx, ':', 1) AS kind, t.side, m.unique_id AS key, m.source, m.name_folded,
           m.name_nospace, m.given, m.family, m.birth_date, m.id_number
    FROM lc_tight_side t JOIN (
        SELECT unique_id, source, name_folded, name_nospace, given, family, birth_date, id_number
        FROM mentions_officials UNION ALL
        SELECT unique_id, source, name_folded, name_nospace, given, family, birth_date, id_number
        FROM mentions_relatives UNION ALL
        SELECT unique_id, source, name_folded, name_nospace, given, family, birth_date, id_number
        FROM mentions_enterprise_people) m ON m.unique_id = t.key;
"""

# The sectors (VSIC prefixes) bodies manage, when at most rules.LINK_CONTEXT_MAX_SECTOR_MANAGERS
# bodies manage one: the heads of hundreds of district offices × every enterprise of a sector is no
# tight context, and its pairs would grow with the square of the country.
_MANAGED_SQL = """
CREATE OR REPLACE TEMP TABLE lc_tight_managed AS
    SELECT org_code, prefix FROM (
        SELECT DISTINCT org_code, prefix FROM (
            SELECT org_code, upper(regexp_replace(unnest(managed_sectors), '[ .]', '', 'g')) AS prefix FROM bodies
            WHERE org_code IS NOT NULL)
        WHERE prefix <> '')
    QUALIFY count(*) OVER (PARTITION BY prefix) <= {max_managers}
"""

# Candidate pairs within a tight context: blocked on the given or the family name (on the whole name
# or the full birth date for the sector context, the loosest), kept when the names are close.
_TIGHT_PAIRS_SQL = """
CREATE OR REPLACE TEMP TABLE lc_tight_pairs AS
WITH l AS (SELECT * FROM lc_tight_m WHERE side = 'L'), r AS (SELECT * FROM lc_tight_m WHERE side = 'R'),
j AS (
    SELECT l.kind, l.key AS lk, l.source AS ls, r.key AS rk, r.source AS rs, l.name_folded AS ln,
           r.name_folded AS rn, l.name_nospace AS lns, r.name_nospace AS rns
    FROM l JOIN r ON l.ctx = r.ctx AND l.given = r.given WHERE l.kind <> 's'
    UNION ALL
    SELECT l.kind, l.key, l.source, r.key, r.source, l.name_folded, r.name_folded, l.name_nospace, r.name_nospace
    FROM l JOIN r ON l.ctx = r.ctx AND l.family = r.family WHERE l.kind <> 's'
    UNION ALL
    SELECT l.kind, l.key, l.source, r.key, r.source, l.name_folded, r.name_folded, l.name_nospace, r.name_nospace
    FROM l JOIN r ON l.ctx = r.ctx AND l.name_nospace = r.name_nospace
    UNION ALL
    SELECT l.kind, l.key, l.source, r.key, r.source, l.name_folded, r.name_folded, l.name_nospace, r.name_nospace
    FROM l JOIN r ON l.ctx = r.ctx AND l.birth_date = r.birth_date
), close AS (
    SELECT DISTINCT kind, lk, ls, rk, rs FROM j
    WHERE ls <> rs AND (lns = rns OR damerau_levenshtein(lns, rns) <= {max_edits}
                        OR jaro_winkler_similarity(ln, rn) >= {min_jw})
)
SELECT kind,
       CASE WHEN {order_l} < {order_r} THEN ls ELSE rs END AS left_source,
       CASE WHEN {order_l} < {order_r} THEN lk ELSE rk END AS left_key,
       CASE WHEN {order_l} < {order_r} THEN rs ELSE ls END AS right_source,
       CASE WHEN {order_l} < {order_r} THEN rk ELSE lk END AS right_key
FROM close
"""


def _source_order(column: str) -> str:
    return "CASE " + column + " " + " ".join(f"WHEN '{s}' THEN {i}" for i, s in enumerate(SOURCES)) + " END"


def _tight_contexts(con, population_prior: float) -> dict:
    """The rules' tight contexts (_TIGHT_SQL), their candidate pairs (lc_tight_pairs, names equal or
    close whatever the birth information) and their priors (table lc_tight_prior, returned as
    {"<kind>:<source>-<source>": prior}).

    A rule only ever asks about a handful of pairs (a head's relative and the accountant of the
    head's body; a contract's signer and the supplier's three people): two such mentions with the
    same name are far more often one person than two mentions of the whole province. The prior is
    measured as for the population: among the context's pairs where both mentions carry an id
    number, the share with equal ids (at least rules.LINK_CONTEXT_MIN_ID_MATCHES of them); else it
    is derived: rules.LINK_TIGHT_SHARE of the expected same-person pairs (population prior × sizes)
    over the context's pairs, never below the population prior."""
    con.execute(_MANAGED_SQL.format(max_managers=int(rules.LINK_CONTEXT_MAX_SECTOR_MANAGERS)))
    lists = {
        "heads": _sql_list(
            _rule_lists(rules.RELATIVE_IN_SENSITIVE_POST, "official_roles")
            | _rule_lists(rules.CONTRACT_WITH_RELATIVE_BUSINESS, "official_roles")
            | _rule_lists(rules.STAKE_IN_MANAGED_SECTOR, "official_roles")
        ),
        "sensitive": _sql_list(_rule_lists(rules.RELATIVE_IN_SENSITIVE_POST, "subject_roles")),
        "rel_post": _sql_list(_rule_lists(rules.RELATIVE_IN_SENSITIVE_POST, "relations")),
        "rel_contract": _sql_list(_rule_lists(rules.CONTRACT_WITH_RELATIVE_BUSINESS, "relations")),
        "rel_stake": _sql_list(_rule_lists(rules.STAKE_IN_MANAGED_SECTOR, "relations")),
    }
    for statement in _TIGHT_SQL.format(**lists).split(";"):
        if statement.strip():
            con.execute(statement)
    con.execute(
        _TIGHT_PAIRS_SQL.format(
            max_edits=int(rules.LINK_TIGHT_MAX_EDITS),
            min_jw=float(rules.LINK_TIGHT_MIN_JARO_WINKLER),
            order_l=_source_order("ls"),
            order_r=_source_order("rs"),
        )
    )
    sizes = {s: con.execute(f"SELECT count(*) FROM mentions_{s}").fetchall()[0][0] for s in SOURCES}
    order_l, order_r = _source_order("l.source"), _source_order("r.source")
    pair_sql = (
        f"l.kind || ':' || CASE WHEN {order_l} < {order_r} THEN l.source || '-' || r.source "
        f"ELSE r.source || '-' || l.source END"
    )
    totals = con.execute(
        f"""SELECT {pair_sql}, sum(l.n_id * r.n_id), sum(l.n * r.n) FROM
            (SELECT ctx, kind, source, count(*) AS n, count(id_number) AS n_id FROM lc_tight_m
             WHERE side = 'L' GROUP BY ALL) l
            JOIN (SELECT ctx, source, count(*) AS n, count(id_number) AS n_id FROM lc_tight_m
                  WHERE side = 'R' GROUP BY ALL) r USING (ctx)
            WHERE l.source <> r.source GROUP BY 1"""
    ).fetchall()
    equal = dict(
        con.execute(
            f"""SELECT {pair_sql}, count(*) FROM lc_tight_m l JOIN lc_tight_m r USING (ctx, id_number)
                WHERE l.side = 'L' AND r.side = 'R' AND l.source <> r.source GROUP BY 1"""
        ).fetchall()
    )
    priors = {}
    for key, pairs_id, pairs_all in totals:
        a, b = key.split(":", 1)[1].split("-")
        if equal.get(key, 0) >= rules.LINK_CONTEXT_MIN_ID_MATCHES and pairs_id:
            priors[key] = min(0.5, equal[key] / pairs_id)
        elif pairs_all:
            expected = population_prior * sizes[a] * sizes[b]
            priors[key] = min(0.5, max(population_prior, expected * rules.LINK_TIGHT_SHARE / pairs_all))
    con.execute("CREATE OR REPLACE TEMP TABLE lc_tight_prior (pair VARCHAR, prior DOUBLE)")
    if priors:
        con.executemany("INSERT INTO lc_tight_prior VALUES (?, ?)", list(priors.items()))
    return priors


def _rescore_in_context(con, population_prior: float) -> None:
    """Candidate pairs tied to the same body get the better of their population and context
    probabilities (the name-only cap still holds) and an explanation line for the context."""
    cap, tight_cap = rules.LINK_NAME_ONLY_CAP, rules.LINK_TIGHT_NAME_ONLY_CAP
    population_odds = population_prior / (1 - population_prior)
    con.execute(
        f"""CREATE OR REPLACE TABLE link_candidates AS
            WITH src AS (
                SELECT k.*, split_part(k.left_key, ':', 1) || '-' || split_part(k.right_key, ':', 1) AS pair_a,
                       split_part(k.right_key, ':', 1) || '-' || split_part(k.left_key, ':', 1) AS pair_b
                FROM link_candidates k
            ), in_context AS (
                SELECT k.left_key, k.right_key, min(greatest(cx.tie, cy.tie)) AS tie FROM link_candidates k
                JOIN lc_context cx ON cx.key = k.left_key
                JOIN lc_context cy ON cy.key = k.right_key AND cy.org_code = cx.org_code
                GROUP BY 1, 2
            ), scored AS (
                SELECT src.*, coalesce(cp1.prior, cp2.prior) AS context_prior, ic.left_key IS NOT NULL AS in_context,
                       ic.tie
                FROM src LEFT JOIN in_context ic ON ic.left_key = src.left_key AND ic.right_key = src.right_key
                LEFT JOIN lc_context_prior cp1 ON cp1.pair = src.pair_a || '/' || ic.tie
                LEFT JOIN lc_context_prior cp2 ON cp2.pair = src.pair_b || '/' || ic.tie
            ), tight AS (
                SELECT least(t.left_key, t.right_key) AS left_key, greatest(t.left_key, t.right_key) AS right_key,
                       max(p.prior) AS tight_prior, arg_max(t.kind, p.prior) AS tight_kind
                FROM lc_tight_pairs t
                JOIN lc_tight_prior p ON p.pair = t.kind || ':' || t.left_source || '-' || t.right_source
                GROUP BY 1, 2
            ), rescored AS (
                SELECT s.*, CASE WHEN in_context AND context_prior IS NOT NULL
                               THEN 1 / (1 + pow(2, -(evidence_weight + log2(context_prior / (1 - context_prior)))))
                          END AS p_context,
                       t.tight_prior, t.tight_kind,
                       1 / (1 + pow(2, -(evidence_weight + log2(t.tight_prior / (1 - t.tight_prior))))) AS p_tight
                FROM scored s LEFT JOIN tight t ON t.left_key = s.left_key AND t.right_key = s.right_key
            ), final AS (
                SELECT *,
                       CASE WHEN probability >= 1.0 OR (p_context IS NULL AND p_tight IS NULL) THEN probability
                            WHEN name_only THEN greatest(least(greatest(probability, coalesce(p_context, 0)), {cap}),
                                                         least(coalesce(p_tight, 0), {tight_cap}))
                            ELSE greatest(probability, coalesce(p_context, 0), coalesce(p_tight, 0))
                       END AS final_probability
                FROM rescored
            )
            SELECT left_key, right_key, final_probability AS probability, match_weight,
                   CASE WHEN final_probability <= probability THEN explanation
                        ELSE to_json(list_append(from_json(explanation,
                                 '[{{"field":"VARCHAR","level":"VARCHAR","bayes_factor":"DOUBLE"}}]'),
                                 CASE WHEN p_tight IS NOT NULL AND p_tight >= coalesce(p_context, 0)
                                 THEN struct_pack(field := 'ngữ cảnh',
                                             level := CASE tight_kind
                                                 WHEN 'b' THEN 'người thân của lãnh đạo và người giữ vị trí nhạy cảm cùng cơ quan'
                                                 WHEN 'e' THEN 'người ký hoặc người thân với người của nhà cung cấp'
                                                 ELSE 'lãnh đạo cơ quan quản lý ngành với người của doanh nghiệp' END,
                                             bayes_factor := round(tight_prior / (1 - tight_prior)
                                                                   / {population_odds}, 4))
                                 ELSE struct_pack(field := 'ngữ cảnh',
                                             level := CASE tie WHEN 1 THEN 'cùng gắn với một cơ quan'
                                                      ELSE 'cơ quan quản lý ngành của doanh nghiệp' END,
                                             bayes_factor := round(context_prior / (1 - context_prior)
                                                                   / {population_odds}, 4)) END))
                   END AS explanation,
                   evidence_weight, name_only, in_context OR p_tight IS NOT NULL AS in_context
            FROM final"""
    )
    # match_weight follows the final probability (log2 of its odds).
    con.execute(
        """UPDATE link_candidates SET match_weight = CASE WHEN probability >= 1.0 THEN match_weight
               ELSE log2(probability / (1 - probability)) END"""
    )


def resolve(
    con,
    *,
    method: str = "splink",
    judgements: Iterable = (),
    progress: Progress = None,
    model: dict | None = None,
) -> dict:
    """Create the `links` table on `con` (see module doc). Returns figures of the run.

    method="splink" also leaves `link_candidates(left_key, right_key, probability, match_weight,
    explanation, evidence_weight, name_only)`: every scored pair whose evidence alone (log2 Bayes
    factor, `evidence_weight`, the population prior left out) reaches
    rules.LINK_CANDIDATE_MIN_EVIDENCE (or that a rule's tight context can lift to LINK_FLOOR),
    already rescored in the body-level and tight contexts (see _tight_contexts); `in_context` says
    that one of them applied."""
    _report(progress, "mentions", 0)
    counts = build_mentions(con)
    con.execute(LINKS_DDL)
    figures = {"mentions": counts, "method": method}
    if method == "exact":
        _resolve_exact(con)
    elif method == "splink":
        figures |= _resolve_splink(con, progress, model or load_model())
    else:
        raise ValueError(method)
    _report(progress, "judgements", 90)
    _apply_judgements(con, judgements)
    # The same pair proposed twice (several blocking rules): Splink dedupes; keep one row anyway.
    con.execute(
        "CREATE OR REPLACE TABLE links AS SELECT * FROM links "
        "QUALIFY row_number() OVER (PARTITION BY left_key, right_key ORDER BY probability DESC) = 1"
    )
    figures["links"] = con.execute("SELECT count(*) FROM links").fetchall()[0][0]
    _report(progress, "done", 100)
    return figures
