"""Conflict-of-interest scans: resolve the people of the registries, run the five rules, keep the
alerts (engine/ and rules.py do the work; this module stores its outcome).

`scan_start` records a queued ScanRun and starts the background job (tasks.run_scan) when the
transaction commits; `scan_execute` does the scan — used by the job and by `liemchinh
integrity_scan`:

1. the registries stored by the importer are loaded into DuckDB (engine.tables.load_from_db);
2. entity resolution (engine.resolve) obeys the officers' MatchJudgement rows;
3. the rules (engine.scan) raise the alerts;
4. one transaction stores the outcome:
   - PersonLink rows of this scan: the links an alert rests on, and the uncertain links (probability
     below rules.ALERT_MIN_SCORE) that officers may judge; the other links of the run are not kept
     (at the scale of a province they are many and say nothing to anyone). Links of earlier scans
     are deleted: a scan rewrites them;
   - alerts upserted by identity (keys.alert_key): a new one is pending; one raised before gets the
     new score, evidence, explanation and chain, becomes active again and KEEPS its status and
     decisions; an active alert this scan no longer raises becomes inactive (kept with its history);
   - the run: counts per rule, links, timings per stage, done;
   - one audit record for the scan.
The run's `stage` and `progress` are updated along the way, outside the transaction, for the page
that polls it. A failure marks the run failed with the error and re-raises.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import Counter
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from liemchinh.core.errors import DomainError
from liemchinh.core.permissions import require_perm
from liemchinh.core.services.audit import audit_record
from liemchinh.integrity import keys
from liemchinh.integrity import rules as R
from liemchinh.integrity.models import Alert, Body, MatchJudgement, PersonLink, ScanRun
from liemchinh.integrity.permissions import SCAN

logger = logging.getLogger(__name__)

RESOLVERS = ("splink", "exact")
BATCH = 2000
SAME_PERSON_EDGE = "cùng một người"

Progress = Callable[[str, int], None] | None

# Stages of a run as the page shows them (ScanRun.stage) and the share of the work done at their start.
STAGES = {
    "load": _lazy("Nạp sổ liệu"),
    "resolve": _lazy("Đối chiếu người giữa các sổ"),
    "rules": _lazy("Chạy các quy tắc"),
    "store": _lazy("Lưu cảnh báo"),
    "done": _lazy("Hoàn tất"),
}
_STAGE_START = {"load": 0, "resolve": 15, "rules": 70, "store": 85, "done": 100}


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) and getattr(actor, "pk", None) else None


def scan_start(
    *, actor, as_of: dt.date | None = None, resolver: str = "splink", enqueue: bool = True
) -> ScanRun:
    """Queue a scan of the stored registries (integrity.scan). `as_of` is the day the rules read posts
    on (default today); the job starts when the transaction commits (unless `enqueue` is False:
    the caller runs scan_execute itself)."""
    require_perm(actor, SCAN)
    if resolver not in RESOLVERS:
        raise DomainError(_("Phương pháp đối chiếu người không hợp lệ."), field="resolver")
    today = timezone.localdate()
    as_of = as_of or today
    if as_of > today:
        raise DomainError(_("Ngày quét không được sau ngày hôm nay."), field="as_of")
    if as_of < R.LUAT_PCTN_2005_FROM:
        raise DomainError(
            _("Ngày quét phải từ %(d)s trở đi.") % {"d": R.LUAT_PCTN_2005_FROM.strftime("%d/%m/%Y")},
            field="as_of",
        )
    with transaction.atomic():
        run = ScanRun.objects.create(
            actor=_user(actor),
            status=ScanRun.Status.QUEUED,
            stage=str(_("Chờ chạy")),
            params={
                "as_of": as_of.isoformat(),
                "resolver": resolver,
                "alert_min_score": R.ALERT_MIN_SCORE,
                "link_floor": getattr(R, "LINK_FLOOR", None),
            },
        )
        audit_record(actor=actor, action="integrity.scan_start", obj=run, changes={"params": run.params})
        if enqueue:

            def _enqueue() -> None:
                from liemchinh.integrity.tasks import run_scan

                run_scan.enqueue(run.pk)

            transaction.on_commit(_enqueue)
    return run


def _set_stage(run: ScanRun, stage: str, percent: int, callback: Progress) -> None:
    run.stage, run.progress = str(STAGES.get(stage, stage)), max(0, min(100, int(percent)))
    ScanRun.objects.filter(pk=run.pk).update(stage=run.stage, progress=run.progress)
    if callback:
        callback(run.stage, run.progress)


def _sub_progress(run: ScanRun, stage: str, callback: Progress):
    """Map an engine step's own 0–100 onto the stage's share of the run."""
    names = list(_STAGE_START)
    start = _STAGE_START[stage]
    end = _STAGE_START[names[names.index(stage) + 1]]
    last = {"p": -1}

    def report(_label, percent) -> None:
        value = start + (end - start) * max(0, min(100, int(percent or 0))) // 100
        if value != last["p"]:
            last["p"] = value
            _set_stage(run, stage, value, callback)

    return report


def scan_execute(*, scan_id: int, progress: Progress = None) -> ScanRun:
    """Run the queued scan `scan_id` (see the module docstring) and return the finished run."""
    from liemchinh.integrity.engine import tables
    from liemchinh.integrity.engine.resolve import resolve
    from liemchinh.integrity.engine.scan import scan

    run = ScanRun.objects.select_related("actor").get(pk=scan_id)
    if run.status not in (ScanRun.Status.QUEUED, ScanRun.Status.FAILED):
        raise DomainError(_("Lần quét này đã chạy."), field="scan")
    run.status, run.started_at, run.error = ScanRun.Status.RUNNING, timezone.now(), ""
    ScanRun.objects.filter(pk=run.pk).update(status=run.status, started_at=run.started_at, error="")
    params = run.params or {}
    as_of = dt.date.fromisoformat(params.get("as_of") or timezone.localdate().isoformat())
    resolver = params.get("resolver") or "splink"
    timings: dict[str, float] = {}
    con = None
    try:
        _set_stage(run, "load", _STAGE_START["load"], progress)
        begin = time.perf_counter()
        con = tables.connect()
        rows = tables.load_from_db(con)
        timings["load"] = round(time.perf_counter() - begin, 3)

        _set_stage(run, "resolve", _STAGE_START["resolve"], progress)
        begin = time.perf_counter()
        judgements = list(MatchJudgement.objects.values_list("left_key", "right_key", "verdict"))
        resolved = resolve(
            con, method=resolver, judgements=judgements, progress=_sub_progress(run, "resolve", progress)
        )
        timings["resolve"] = round(time.perf_counter() - begin, 3)

        _set_stage(run, "rules", _STAGE_START["rules"], progress)
        begin = time.perf_counter()
        rule_timings: dict[str, float] = {}
        alerts = scan(con, as_of=as_of, progress=_sub_progress(run, "rules", progress), timings=rule_timings)
        timings["rules"] = round(time.perf_counter() - begin, 3)
        links = _links_to_keep(con, alerts)

        _set_stage(run, "store", _STAGE_START["store"], progress)
        begin = time.perf_counter()
        actor = run.actor
        with transaction.atomic():
            stored = _store(run, alerts, links)
            timings["store"] = round(time.perf_counter() - begin, 3)
            per_rule = Counter(a["rule"] for a in alerts)
            run.counts = {
                "alerts": {rule: per_rule.get(rule, 0) for rule in R.RULE_CODES},
                "alerts_total": len(alerts),
                "new": stored["new"],
                "updated": stored["updated"],
                "deactivated": stored["deactivated"],
                "links": resolved.get("links", 0),
                "links_kept": len(links),
                "rows": rows,
                "timings": timings,
                "rule_timings": rule_timings,
            }
            run.status, run.finished_at = ScanRun.Status.DONE, timezone.now()
            run.stage, run.progress = str(STAGES["done"]), 100
            run.save(update_fields=["counts", "status", "finished_at", "stage", "progress"])
            audit_record(
                actor=actor,
                action="integrity.scan",
                obj=run,
                changes={
                    "params": params,
                    "alerts": run.counts["alerts"],
                    "new": stored["new"],
                    "deactivated": stored["deactivated"],
                },
            )
        if progress:
            progress(run.stage, 100)
        return run
    except Exception as exc:
        logger.exception("Integrity scan %s failed", run.pk)
        ScanRun.objects.filter(pk=run.pk).update(
            status=ScanRun.Status.FAILED,
            finished_at=timezone.now(),
            error=f"{exc.__class__.__name__}: {exc}"[:2000],
        )
        raise
    finally:
        if con is not None:
            con.close()


def _links_to_keep(con, alerts: list[dict]) -> list[tuple]:
    """The links alerts rest on, and the uncertain ones officers may judge (see module doc)."""
    used = set()
    for alert in alerts:
        for edge in (alert.get("chain") or {}).get("edges", []):
            if edge.get("label") == SAME_PERSON_EDGE:
                a, b = edge["from"], edge["to"]
                used.add((a, b) if a < b else (b, a))
    if not con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'links'"
    ).fetchone()[0]:
        return []
    con.execute("CREATE OR REPLACE TEMP TABLE used_links (left_key VARCHAR, right_key VARCHAR)")
    if used:
        con.executemany("INSERT INTO used_links VALUES (?, ?)", sorted(used))
    return con.execute(
        """SELECT l.left_key, l.right_key, l.probability, l.match_weight, l.explanation, l.judged
           FROM links l
           WHERE l.probability < ? OR EXISTS (SELECT 1 FROM used_links u
                                              WHERE u.left_key = l.left_key AND u.right_key = l.right_key)
           ORDER BY l.left_key, l.right_key""",
        [R.ALERT_MIN_SCORE],
    ).fetchall()


def _json_list(text):
    import json

    if not text:
        return []
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return []
    return value if isinstance(value, list) else []


def _store(run: ScanRun, alerts: list[dict], links: list[tuple]) -> dict:
    PersonLink.objects.exclude(scan=run).delete()
    PersonLink.objects.bulk_create(
        [
            PersonLink(
                scan=run,
                left_key=left,
                right_key=right,
                probability=float(p),
                match_weight=None if w is None else float(w),
                explanation=_json_list(expl),
                judged=judged or "",
            )
            for left, right, p, w, expl, judged in links
        ],
        batch_size=BATCH,
    )

    bodies = dict(Body.objects.values_list("org_code", "pk"))
    by_key = {}
    for alert in alerts:
        key = keys.alert_key(alert["rule"], alert["official_id"], alert["org_code"], alert["counterpart"])
        by_key[key] = alert
    existing = {}
    key_list = list(by_key)
    for i in range(0, len(key_list), BATCH):
        for alert in Alert.objects.filter(key__in=key_list[i : i + BATCH]):
            existing[alert.key] = alert

    fields = ["score", "evidence", "explanation", "chain", "active", "last_scan", "body", "updated_at"]
    new, changed = [], []
    now = timezone.now()
    for key, data in by_key.items():
        body_id = bodies.get(data["org_code"])
        alert = existing.get(key)
        if alert is None:
            new.append(
                Alert(
                    key=key,
                    rule=data["rule"],
                    official_id=data["official_id"],
                    org_code=data["org_code"],
                    body_id=body_id,
                    counterpart=data["counterpart"],
                    score=data["score"],
                    evidence=data["evidence"],
                    explanation=data["explanation"],
                    chain=data.get("chain") or {},
                    status=Alert.Status.PENDING,
                    active=True,
                    first_scan=run,
                    last_scan=run,
                )
            )
        else:
            alert.score, alert.evidence = data["score"], data["evidence"]
            alert.explanation, alert.chain = data["explanation"], data.get("chain") or {}
            alert.active, alert.last_scan, alert.body_id, alert.updated_at = True, run, body_id, now
            changed.append(alert)
    Alert.objects.bulk_create(new, batch_size=BATCH)
    Alert.objects.bulk_update(changed, fields, batch_size=BATCH)
    deactivated = (
        Alert.objects.filter(active=True).exclude(last_scan=run).update(active=False, updated_at=now)
    )
    return {"new": len(new), "updated": len(changed), "deactivated": deactivated}
