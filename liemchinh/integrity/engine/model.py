# ruff: noqa: S608 - table names in SQL are this module's constants
"""The resolution model: comparisons, blocking rules, and the training run that sets its parameters.

`settings_template()` is the Splink settings (comparisons with their levels),
written in DuckDB SQL with `base_dialect_str="duckdb"` so that Splink's sqlglot translation can
run the same model on Spark. `train(directory)` fills the m and u probabilities of every level from
a labelled synthetic set and writes resolution_model.json, which `resolve()` reads:

- m (how often a level occurs among true matches) from labelled pairs: the generator is run with an
  id number on every person, the id is then hidden on most mentions before resolution sees them,
  and the hidden ids say which mention pairs are the same person;
- u (how often a level occurs among random non-matching pairs) from random sampling of pairs;
- the name agreement is term-frequency adjusted at run time (Splink computes the frequencies of the
  folded names of the data it resolves), and the prior is re-estimated from each data set's ids
  (resolve.estimate_prior), so the stored file holds no size-dependent figure.

    .venv/bin/python -m liemchinh.integrity.engine.model /tmp/train --officials 20000 --seed 11
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
from pathlib import Path

D = "duckdb"


# Expert prior of m (share of true matches at each level, non-null levels in order) for real
# registers: typed copies of a name mostly agree once folded, sometimes differ by a space, a letter,
# or a dropped middle name; birth dates mostly agree, are sometimes mistyped by a day, month or year
# digit, or are known only by the year on one side. Training blends it with the labelled estimate
# (PRIOR_WEIGHT of the weight) so that a level the synthetic data never produces (a dropped middle
# name, a mistyped day) keeps a plausible m rather than ~0.
M_PRIOR = {
    "id_number": [0.98, 0.02],
    "full_name": [0.80, 0.04, 0.08, 0.04, 0.03, 0.01],
    "birth": [0.72, 0.05, 0.18, 0.02, 0.03],
}
PRIOR_WEIGHT = 0.2


def _level(sql: str, label: str, **extra) -> dict:
    return {"sql_condition": sql, "label_for_charts": label, "base_dialect_str": D} | extra


def comparisons() -> list[dict]:
    return [
        {
            "output_column_name": "id_number",
            "comparison_description": "số định danh cá nhân",
            "comparison_levels": [
                _level("id_number_l IS NULL OR id_number_r IS NULL", "một bên không có", is_null_level=True),
                _level("id_number_l = id_number_r", "trùng khớp"),
                _level("ELSE", "khác nhau"),
            ],
        },
        {
            "output_column_name": "full_name",
            "comparison_description": "họ và tên (bỏ dấu, không phân biệt hoa thường, khoảng trắng)",
            "comparison_levels": [
                _level(
                    "name_folded_l IS NULL OR name_folded_r IS NULL", "một bên không có", is_null_level=True
                ),
                _level(
                    "name_folded_l = name_folded_r",
                    "trùng họ tên (bỏ dấu)",
                    tf_adjustment_column="name_folded",
                    tf_adjustment_weight=1.0,
                ),
                _level("name_nospace_l = name_nospace_r", "trùng họ tên khi bỏ khoảng trắng"),
                _level("damerau_levenshtein(name_nospace_l, name_nospace_r) <= 1", "sai khác một ký tự"),
                _level("jaro_winkler_similarity(name_nospace_l, name_nospace_r) >= 0.92", "gần giống"),
                _level(
                    "family_l = family_r AND given_l = given_r",
                    "trùng họ và tên gọi, khác tên đệm",
                ),
                _level("ELSE", "khác nhau"),
            ],
        },
        {
            "output_column_name": "birth",
            "comparison_description": "ngày sinh hoặc năm sinh",
            "comparison_levels": [
                _level(
                    "birth_year_l IS NULL OR birth_year_r IS NULL", "một bên không có", is_null_level=True
                ),
                _level("birth_date_l = birth_date_r", "trùng ngày sinh"),
                _level(
                    "birth_date_l IS NOT NULL AND birth_date_r IS NOT NULL AND ("
                    "(birth_year_l = birth_year_r AND (substr(birth_md_l, 1, 2) = substr(birth_md_r, 1, 2) "
                    "OR substr(birth_md_l, 4, 2) = substr(birth_md_r, 4, 2) "
                    "OR (substr(birth_md_l, 1, 2) = substr(birth_md_r, 4, 2) AND substr(birth_md_l, 4, 2) = substr(birth_md_r, 1, 2)))) "
                    "OR (birth_md_l = birth_md_r AND "
                    "levenshtein(CAST(birth_year_l AS STRING), CAST(birth_year_r AS STRING)) = 1))",
                    "gần trùng ngày sinh (lệch một thành phần)",
                ),
                _level(
                    "(birth_date_l IS NULL OR birth_date_r IS NULL) AND birth_year_l = birth_year_r",
                    "trùng năm sinh (một bên chỉ có năm)",
                ),
                _level(
                    "(birth_date_l IS NULL OR birth_date_r IS NULL) AND abs(birth_year_l - birth_year_r) = 1",
                    "lệch một năm (một bên chỉ có năm)",
                ),
                _level("ELSE", "khác nhau"),
            ],
        },
    ]


# DuckDB's names of the string similarity functions → the names Splink's Spark jar registers.
SPARK_FUNCTIONS = {
    "jaro_winkler_similarity(": "jaro_winkler(",
    "damerau_levenshtein(": "damerau_levenshtein(",
}


def for_dialect(model: dict, dialect: str) -> dict:
    """The stored model with its SQL conditions for another Splink backend ("spark"): the same
    levels, m and u; only the names of the similarity functions differ (the rest of the SQL is
    common to DuckDB and Spark SQL)."""
    if dialect == D:
        return model
    if dialect != "spark":
        raise ValueError(dialect)
    text = json.dumps(model, ensure_ascii=False)
    for duck, spark in SPARK_FUNCTIONS.items():
        text = text.replace(duck, spark)
    return json.loads(
        text.replace(f'"base_dialect_str": "{D}"', '"base_dialect_str": "spark"').replace(
            f'"sql_dialect": "{D}"', '"sql_dialect": "spark"'
        )
    )


def settings_template() -> dict:
    return {
        "link_type": "link_only",
        "unique_id_column_name": "unique_id",
        "source_dataset_column_name": "source_dataset",
        "comparisons": comparisons(),
        # Candidate pairs are computed by resolve._blocked_pairs (context-aware equi-joins) and
        # registered with Splink, not generated from blocking rules.
        "blocking_rules_to_generate_predictions": [],
        "retain_matching_columns": True,
        "retain_intermediate_calculation_columns": True,
        "probability_two_random_records_match": 1e-6,
    }


# ---------------------------------------------------------------- training


def _hide_ids(src: Path, dst: Path, keep_rate: float) -> None:
    """Copy the registries keeping the id number on `keep_rate` of person rows (deterministic)."""
    import csv

    dst.mkdir(parents=True, exist_ok=True)
    for path in src.glob("*.csv"):
        with (
            open(path, encoding="utf-8", newline="") as fin,
            open(dst / path.name, "w", encoding="utf-8", newline="") as fout,
        ):
            reader = csv.reader(fin)
            writer = csv.writer(fout, lineterminator="\n")
            header = next(reader)
            writer.writerow(header)
            at = header.index("id_number") if "id_number" in header else None
            for n, row in enumerate(reader):
                if at is not None:
                    h = int(
                        hashlib.sha1(f"{path.name}:{n}".encode(), usedforsecurity=False).hexdigest()[:8], 16
                    )
                    if h / 0xFFFFFFFF >= keep_rate:
                        row[at] = ""
                writer.writerow(row)


def labelled_tables(full_dir: Path, work_dir: Path, keep_rate: float = 0.3):
    """A connection holding the tables of the id-stripped copy and `truth(record_key, pid)`."""
    from liemchinh.integrity.engine import tables

    hidden = work_dir / "hidden"
    _hide_ids(full_dir, hidden, keep_rate)
    con = tables.connect(threads=2)
    tables.load_from_dir(con, full_dir)
    con.execute(
        "CREATE TABLE truth AS "
        + " UNION ALL ".join(
            f"SELECT source_row, '{s}' AS source, id_number AS pid FROM {s}"
            for s in ("officials", "relatives", "enterprise_people")
        )
    )
    tables.load_from_dir(con, hidden)
    con.execute(
        "CREATE OR REPLACE TABLE truth AS "
        + " UNION ALL ".join(
            f"SELECT m.record_key, t.pid FROM {s} m JOIN truth t ON t.source = '{s}' AND t.source_row = m.source_row"
            for s in ("officials", "relatives", "enterprise_people")
        )
    )
    return con


def train(full_dir: Path, work_dir: Path, out: Path) -> dict:
    """Set m from the labelled pairs and u by random sampling; write the model to `out`."""
    from splink import DuckDBAPI, Linker

    from liemchinh.integrity.engine import resolve

    con = labelled_tables(full_dir, work_dir)
    resolve.build_mentions(con)
    labels = []
    sources = resolve.SOURCES
    for i, a in enumerate(sources):
        for b in sources[i + 1 :]:
            labels.append(
                f"""SELECT '{a}' AS source_dataset_l, x.unique_id AS unique_id_l,
                           '{b}' AS source_dataset_r, y.unique_id AS unique_id_r, 1.0 AS clerical_match_score
                    FROM mentions_{a} x JOIN truth tx ON tx.record_key = x.unique_id
                    JOIN truth ty ON ty.pid = tx.pid JOIN mentions_{b} y ON y.unique_id = ty.record_key"""
            )
    con.execute("CREATE TABLE lc_labels AS " + " UNION ALL ".join(labels))
    n_labels = con.execute("SELECT count(*) FROM lc_labels").fetchall()[0][0]
    con.execute("SELECT 1").fetchall()  # no unfinished result on the connection Splink takes over
    db_api = DuckDBAPI(connection=con)
    frames = [db_api.register(f"mentions_{s}", dataset_display_name=s) for s in sources]
    settings = settings_template()
    settings["probability_two_random_records_match"] = resolve.estimate_prior(con, 0.01)
    linker = Linker(frames, settings, log_level=logging.WARNING)
    linker.training.estimate_u_using_random_sampling(max_pairs=5_000_000, seed=1)
    linker.training.estimate_m_from_pairwise_labels("lc_labels")
    path = work_dir / "trained.json"
    linker.misc.save_model_to_json(str(path), overwrite=True)
    model = json.loads(path.read_text(encoding="utf-8"))
    # Keep the template's SQL (readable, with dialect) and only take the trained probabilities.
    template = settings_template()
    for comp, trained in zip(template["comparisons"], model["comparisons"], strict=True):
        prior = iter(M_PRIOR[comp["output_column_name"]])
        for level, tl in zip(comp["comparison_levels"], trained["comparison_levels"], strict=True):
            if level.get("is_null_level"):
                continue
            m = (1 - PRIOR_WEIGHT) * float(tl.get("m_probability") or 0.0) + PRIOR_WEIGHT * next(prior)
            level["m_probability"] = round(max(m, 1e-4), 6)
            level["u_probability"] = round(max(float(tl.get("u_probability") or 0.0), 1e-7), 9)
    template.pop("probability_two_random_records_match")
    template["matches_per_mention"] = 0.01
    template["training"] = {
        "labelled_pairs": n_labels,
        "source": "synthetic registries (integrity_synth), id numbers on every person, 70 % hidden",
        "u": "random sampling, 5,000,000 pairs, seed 1",
        "m": f"pairwise labels from the hidden id numbers, blended with M_PRIOR at weight {PRIOR_WEIGHT}",
    }
    out.write_text(json.dumps(template, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return template


def evaluate(full_dir: Path, work_dir: Path, *, keep_rate: float = 0.3, methods=("exact", "splink")) -> dict:
    """Precision and recall of the links against the hidden id numbers (a set generated with an id
    on every person): truth = pairs of mentions of different sources carrying the same id."""
    import time

    from liemchinh.integrity.engine import resolve

    con = labelled_tables(full_dir, work_dir, keep_rate)
    resolve.build_mentions(con)
    pairs = []
    for i, a in enumerate(resolve.SOURCES):
        for b in resolve.SOURCES[i + 1 :]:
            pairs.append(
                f"""SELECT least(x.record_key, y.record_key) AS l, greatest(x.record_key, y.record_key) AS r
                    FROM {a} x JOIN truth tx ON tx.record_key = x.record_key
                    JOIN truth ty ON ty.pid = tx.pid JOIN {b} y ON y.record_key = ty.record_key"""
            )
    con.execute("CREATE TABLE truth_pairs AS SELECT DISTINCT * FROM (" + " UNION ALL ".join(pairs) + ")")
    n_true = con.execute("SELECT count(*) FROM truth_pairs").fetchall()[0][0]
    report = {"true_pairs": n_true}
    for method in methods:
        started = time.perf_counter()
        resolve.resolve(con, method=method)
        seconds = time.perf_counter() - started
        for threshold in (0.5, 0.8):
            tp, n_links = con.execute(
                f"""SELECT count(t.l), count(*) FROM links k LEFT JOIN truth_pairs t
                    ON t.l = k.left_key AND t.r = k.right_key WHERE k.probability >= {threshold}"""
            ).fetchall()[0]
            report[f"{method}@{threshold}"] = {
                "links": n_links,
                "precision": round(tp / n_links, 4) if n_links else None,
                "recall": round(tp / n_true, 4) if n_true else None,
            }
        report[f"{method}_seconds"] = round(seconds, 2)
    return report


def main(argv=None) -> None:
    import django

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("work_dir", type=Path)
    parser.add_argument("--officials", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--noise", type=float, default=0.35)
    parser.add_argument("--id-rate", type=float, default=0.3, help="share of mentions keeping their id")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("resolution_model.json"))
    parser.add_argument(
        "--evaluate", action="store_true", help="measure links on the set instead of training"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    django.setup()
    from liemchinh.integrity.synth.generator import SynthOptions, generate

    full = args.work_dir / "full"
    if not (full / "officials.csv").exists():
        generate(
            full, SynthOptions(officials=args.officials, seed=args.seed, id_rate=1.0, noise_rate=args.noise)
        )
    if args.evaluate:
        print(json.dumps(evaluate(full, args.work_dir, keep_rate=args.id_rate), indent=1))
        return
    model = train(full, args.work_dir, args.out)
    print(json.dumps(model["training"], ensure_ascii=False))


if __name__ == "__main__":
    main()
