"""Time the petitions inbox at scale: 1,000,000 petitions over 200 bodies, inserted set-based
(bulk_create in batches), then the server time of the inbox pages through the Django test client
(median of N runs): the province-wide first page, a page deep in the list (keyset "next page"),
filters by kind and status, a body's focal point, the overdue filter, the case page and the
dashboards of a body and of the province.

    .venv/bin/python benchmarks/bench_petitions_inbox.py                       # SQLite (a temporary file)
    DATABASE_URL=postgres://user:pass@host/db .venv/bin/python benchmarks/bench_petitions_inbox.py
    .venv/bin/python benchmarks/bench_petitions_inbox.py --petitions 100000 --runs 9

A fresh test database is created and destroyed (for PostgreSQL: "test_<name>", so the role needs
CREATEDB). Nothing of an existing database is touched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

BODIES = 200
NO_SECRET = "-"  # noqa: S105  (no tracking secret: these petitions are never tracked)
BATCH = 10_000
KINDS = ["feedback", "recommendation", "complaint", "denunciation", "harassment"]
CHANNELS = ["web", "hotline", "mail", "email", "citizen_reception"]
FIELDS = ["Đất đai", "Xây dựng", "Giáo dục", "Y tế", "Tài chính", "Giao thông", ""]
# Most petitions of past years are done; the recent ones are still open.
DONE = ["closed", "published", "resolved", "returned", "forwarded"]
OPEN = ["received", "classified", "accepted", "investigating"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--petitions", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=20261122)
    return parser.parse_args()


def fill(total: int, seed: int):
    """Bodies under a province, `total` petitions received over five years in date order; returns
    the people whose pages are timed and a petition to open."""
    from django.db import transaction

    from liemchinh.core.models import Organization, OrgKind, RoleAssignment, User
    from liemchinh.petitions.models import Petition

    rng = random.Random(seed)
    today = dt.date.today()
    start = today - dt.timedelta(days=5 * 365)
    with transaction.atomic():
        province = Organization.objects.create(code="T", name="Ủy ban nhân dân tỉnh",
                                               kind=OrgKind.PEOPLES_COMMITTEE_PROVINCE)
        province.path, province.depth = f"/{province.pk}/", 0
        province.save(update_fields=["path", "depth"])
        inspectorate = Organization.objects.create(code="T-TTR", name="Thanh tra tỉnh", kind=OrgKind.INSPECTORATE,
                                                   parent=province)
        inspectorate.path, inspectorate.depth = f"{province.path}{inspectorate.pk}/", 1
        inspectorate.save(update_fields=["path", "depth"])
        kinds = [OrgKind.DEPARTMENT] * 40 + [OrgKind.PEOPLES_COMMITTEE_COMMUNE] * (BODIES - 40)
        Organization.objects.bulk_create(
            [Organization(code=f"B{i:04d}", name=f"Cơ quan {i:04d}", kind=kind, parent=province)
             for i, kind in enumerate(kinds)], batch_size=BATCH)
        bodies = list(Organization.objects.filter(parent=province).exclude(pk=inspectorate.pk).order_by("pk"))
        for body in bodies:
            body.path, body.depth = f"{province.path}{body.pk}/", 1
        Organization.objects.bulk_update(bodies, ["path", "depth"], batch_size=BATCH)
        body_ids = [b.pk for b in bodies] + [inspectorate.pk] * 20
        span = (today - start).days

    for offset in range(0, total, BATCH):
        rows = []
        for i in range(offset, min(total, offset + BATCH)):
            received = start + dt.timedelta(days=span * i // total)
            recent = (today - received).days < 90
            status = rng.choice(OPEN) if recent or rng.random() < 0.03 else rng.choice(DONE)
            kind = rng.choice(KINDS)
            org = rng.choice(body_ids)
            rows.append(Petition(
                kind=kind, channel=rng.choice(CHANNELS), status=status, tracking_code=f"{10**15 + i}",
                secret_hash=NO_SECRET, content=f"Đơn số {i}: phản ánh việc giải quyết hồ sơ chậm, yêu cầu nộp thêm "
                                         f"giấy tờ không đúng quy định tại bộ phận một cửa.",
                field=rng.choice(FIELDS), anonymous=kind == "feedback" and rng.random() < 0.3,
                organization_id=org, received_by_id=inspectorate.pk, received_on=received,
                classified_on=received if status != "received" else None,
                accepted_on=received + dt.timedelta(days=5) if status in ("accepted", "investigating", "resolved",
                                                                          "published", "closed") else None,
                resolved_on=received + dt.timedelta(days=40) if status in ("resolved", "published", "closed")
                else None,
                competent=status not in ("forwarded", "returned", "received")))
        with transaction.atomic():
            Petition.objects.bulk_create(rows, batch_size=BATCH)

    officer = User.objects.create(username="officer_tinh", full_name="Cán bộ Thanh tra tỉnh")
    RoleAssignment.objects.create(user=officer, role="inspectorate_officer", organization=province)
    focal = User.objects.create(username="focal_xa", full_name="Cán bộ đầu mối xã")
    RoleAssignment.objects.create(user=focal, role="focal_point", organization=bodies[-1])
    sample = Petition.objects.filter(status="investigating").order_by("-pk").first()
    return officer, focal, sample, Petition.objects.count()


def time_page(client, url: str, runs: int) -> tuple[float, int]:
    timings = []
    for _ in range(runs):
        begin = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - begin) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
    return statistics.median(timings), len(response.content)


def main() -> None:
    args = parse_args()
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment, teardown_test_environment
    from django.urls import reverse

    settings.ALLOWED_HOSTS = ["*"]
    tmp = None
    if connection.vendor == "sqlite":
        tmp = tempfile.TemporaryDirectory()
        connection.settings_dict.setdefault("TEST", {})["NAME"] = str(Path(tmp.name) / "bench_petitions.sqlite3")
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        began = time.perf_counter()
        officer, focal, sample, count = fill(args.petitions, args.seed)
        fill_seconds = time.perf_counter() - began
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"database: {connection.vendor}  petitions: {count:,}  fill: {fill_seconds:.1f} s  "
              f"runs: {args.runs} (median)")
        inbox = reverse("petitions:inbox")
        client = Client()
        client.force_login(officer)
        client.get(inbox)  # warm up
        deep_after = sample.pk - count // 2 if sample else count // 2
        pages = [
            ("inbox (province), first page", officer, inbox),
            ("inbox, a page half-way down", officer, f"{inbox}?after={deep_after}"),
            ("inbox, kind + status filter", officer, f"{inbox}?kind=denunciation&status=investigating"),
            ("inbox, received date range", officer, f"{inbox}?received_from=01/01/{dt.date.today().year - 2}"
                                                    f"&received_to=31/03/{dt.date.today().year - 2}"),
            ("inbox, overdue filter", officer, f"{inbox}?overdue=on"),
            ("inbox (a commune's focal point)", focal, inbox),
            ("dashboard (a commune, this year)", focal, reverse("petitions:dashboard")),
            ("dashboard (province, this year)", officer, reverse("petitions:dashboard")),
        ]
        if sample is not None:
            pages.append(("case page", officer, reverse("petitions:case", args=[sample.pk])))
        for label, user, url in pages:
            client.force_login(user)
            median, size = time_page(client, url, args.runs)
            print(f"  {label:<36} {median:8.1f} ms   ({size / 1024:.0f} KiB)")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
        if tmp is not None:
            tmp.cleanup()


if __name__ == "__main__":
    main()
