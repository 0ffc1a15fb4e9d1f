"""Time the plans pages at province scale: 200,000 assignments (1,000 tasks × 200 bodies) filled
set-based (bulk_create in batches), then the server time of a body's task-list page and of the
province-wide overdue page through the Django test client (median of N runs, each page listed
first page and with the status filter).

    .venv/bin/python benchmarks/bench_plans.py                      # SQLite (a temporary file)
    DATABASE_URL=postgres://user:pass@host/db .venv/bin/python benchmarks/bench_plans.py
    .venv/bin/python benchmarks/bench_plans.py --assignments 50000 --runs 9

A fresh test database is created and destroyed (for PostgreSQL: "test_<name>", so the role needs
CREATEDB). Nothing of an existing database is touched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from _harness import (
    analyze,
    make_province,
    make_timed_people,
    print_timings,
    setup_django,
    throwaway_database,
)

BODIES = 200
BATCH = 5000


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assignments", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=20251121)
    return parser.parse_args()


def fill(total: int, seed: int):
    """Bodies, one plan per 50 tasks, `total` assignments spread over the bodies; returns the
    people whose pages are timed."""
    from django.db import transaction

    from liemchinh.plans.models import Assignment, Plan, PlanStatus, Task

    rng = random.Random(seed)
    today = dt.date.today()
    with transaction.atomic():
        province, _inspectorate, bodies = make_province(BODIES, batch=BATCH)

        tasks_needed = max(1, total // len(bodies))
        plans = Plan.objects.bulk_create(
            [Plan(title=f"Kế hoạch số {n}", number=f"{n}/KH-UBND", issuer=province, issued_on=today.replace(month=1,
                  day=2), year_from=today.year, year_to=today.year, status=PlanStatus.ACTIVE)
             for n in range(1, tasks_needed // 50 + 2)])
        Task.objects.bulk_create(
            [Task(plan=plans[i // 50], ordinal=f"{i % 50 + 1}", position=i % 50,
                  text=f"Nhiệm vụ số {i}: tự kiểm tra, rà soát việc thực hiện quy định về phòng, chống tham nhũng",
                  lead_org=bodies[i % len(bodies)]) for i in range(tasks_needed)], batch_size=BATCH)
        tasks = list(Task.objects.order_by("pk").values_list("pk", flat=True))

        made = 0
        batch = []
        for task_id in tasks:
            for body in bodies:
                if made >= total:
                    break
                due = today + dt.timedelta(days=rng.randint(-300, 300))
                roll = rng.random()
                if roll < 0.4:
                    status, completed, percent = "done", due - dt.timedelta(days=rng.randint(-20, 30)), 100
                elif roll < 0.7:
                    status, completed, percent = "in_progress", None, rng.randint(10, 90)
                else:
                    status, completed, percent = "not_started", None, 0
                batch.append(Assignment(task_id=task_id, organization_id=body.pk, role="lead", due_on=due,
                                        status=status, completed_on=completed, percent=percent))
                made += 1
                if len(batch) >= BATCH:
                    Assignment.objects.bulk_create(batch, batch_size=BATCH)
                    batch = []
        if batch:
            Assignment.objects.bulk_create(batch, batch_size=BATCH)

        officer, focal = make_timed_people(province, bodies[-1])
    return officer, focal, Assignment.objects.count()


def main() -> None:
    args = parse_args()
    setup_django()
    from django.urls import reverse

    with throwaway_database("bench_plans.sqlite3") as connection:
        started = time.perf_counter()
        officer, focal, count = fill(args.assignments, args.seed)
        fill_seconds = time.perf_counter() - started
        if connection.vendor == "postgresql":
            analyze(connection)
        from liemchinh.plans.models import Assignment

        overdue_total = Assignment.objects.filter(due_on__lt=dt.date.today()).exclude(status="done").count()
        print(f"database: {connection.vendor}  assignments: {count:,}  overdue: {overdue_total:,}  "
              f"fill: {fill_seconds:.1f} s  runs: {args.runs} (median)")
        tasks = reverse("plans:assignment_list")
        print_timings([("body task list", focal, tasks),
                       ("body task list, overdue filter", focal, tasks + "?status=overdue"),
                       ("overdue (province)", officer, reverse("plans:overdue")),
                       ("overdue (province), page 50", officer, reverse("plans:overdue") + "?page=50")],
                      args.runs, width=34)


if __name__ == "__main__":
    main()
