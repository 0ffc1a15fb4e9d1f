"""What the page benchmarks share: Django on a throwaway test database (a temporary SQLite file,
or "test_<name>" on the server of DATABASE_URL), a province of bodies filled set-based, the two
people whose pages are timed, and the median server time of a page through the test client."""

from __future__ import annotations

import contextlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]


@contextlib.contextmanager
def throwaway_database(sqlite_name: str):
    """Create a fresh test database, yield the connection, destroy it: nothing existing is touched."""
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    tmp = None
    if connection.vendor == "sqlite":
        tmp = tempfile.TemporaryDirectory()
        connection.settings_dict.setdefault("TEST", {})["NAME"] = str(Path(tmp.name) / sqlite_name)
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        yield connection
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
        if tmp is not None:
            tmp.cleanup()


def analyze(connection) -> None:
    """Fresh planner statistics after a bulk fill (PostgreSQL's ANALYZE, SQLite's ANALYZE)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def make_province(bodies: int, *, batch: int, with_inspectorate: bool = False):
    """The province root and `bodies` bodies below it (40 departments, the rest communes), paths set.
    Returns (province, inspectorate or None, bodies in id order). Call inside a transaction."""
    from liemchinh.core.models import Organization, OrgKind

    province = Organization.objects.create(code="T", name="Ủy ban nhân dân tỉnh",
                                           kind=OrgKind.PEOPLES_COMMITTEE_PROVINCE)
    province.path, province.depth = f"/{province.pk}/", 0
    province.save(update_fields=["path", "depth"])
    inspectorate = None
    if with_inspectorate:
        inspectorate = Organization.objects.create(code="T-TTR", name="Thanh tra tỉnh", kind=OrgKind.INSPECTORATE,
                                                   parent=province)
        inspectorate.path, inspectorate.depth = f"{province.path}{inspectorate.pk}/", 1
        inspectorate.save(update_fields=["path", "depth"])
    kinds = [OrgKind.DEPARTMENT] * 40 + [OrgKind.PEOPLES_COMMITTEE_COMMUNE] * (bodies - 40)
    Organization.objects.bulk_create(
        [Organization(code=f"B{i:04d}", name=f"Cơ quan {i:04d}", kind=kind, parent=province)
         for i, kind in enumerate(kinds)], batch_size=batch)
    rows = Organization.objects.filter(parent=province).order_by("pk")
    if inspectorate is not None:
        rows = rows.exclude(pk=inspectorate.pk)
    rows = list(rows)
    for body in rows:
        body.path, body.depth = f"{province.path}{body.pk}/", 1
    Organization.objects.bulk_update(rows, ["path", "depth"], batch_size=batch)
    return province, inspectorate, rows


def make_timed_people(province, body):
    """An inspectorate officer on the province and a focal point of `body`."""
    from liemchinh.core.models import RoleAssignment, User

    officer = User.objects.create(username="officer_tinh", full_name="Cán bộ Thanh tra tỉnh")
    RoleAssignment.objects.create(user=officer, role="inspectorate_officer", organization=province)
    focal = User.objects.create(username="focal_xa", full_name="Cán bộ đầu mối xã")
    RoleAssignment.objects.create(user=focal, role="focal_point", organization=body)
    return officer, focal


def time_page(client, url: str, runs: int) -> tuple[float, int]:
    """Median milliseconds of `runs` GETs of `url`, and the size of the answer; stops on non-200."""
    timings = []
    for _ in range(runs):
        begin = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - begin) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
    return statistics.median(timings), len(response.content)


def print_timings(pages, runs: int, width: int = 36) -> None:
    """Time each (label, user, url) as that user, after one untimed warm-up request, and print one
    line per page."""
    from django.test import Client

    client = Client()
    for label, user, url in pages:
        client.force_login(user)
        client.get(url)  # warm-up: caches, compiled templates, the database's page cache
        median, size = time_page(client, url, runs)
        print(f"  {label:<{width}} {median:8.1f} ms   ({size / 1024:.0f} KiB)")
