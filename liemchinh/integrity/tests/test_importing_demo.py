"""The demo registries: they pass the import's checks, use the demo province's body codes (linked
to the organisation tree), and loading the demo twice imports nothing the second time."""

from __future__ import annotations

import io

import pytest

from liemchinh.demo import load_demo
from liemchinh.demo.integrity import INTEGRITY_DIR, load_demo_integrity
from liemchinh.integrity.models import Body, Contract, Enterprise, ImportRun, Official, Position, Relative

pytestmark = pytest.mark.django_db


def test_the_demo_loads_the_registries_once_linked_to_the_province_tree():
    out = io.StringIO()
    load_demo(stdout=out)
    assert "Sổ liệu kiểm soát xung đột lợi ích" in out.getvalue()
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.DONE and run.actor is None
    assert (
        Official.objects.count() == 41 and Position.objects.count() == 43 and Relative.objects.count() == 23
    )
    assert Enterprise.objects.count() == 15 and Contract.objects.count() == 30
    assert not Body.objects.filter(organization__isnull=True).exists()  # every code is a demo body
    assert Body.objects.get(org_code="T-SXD").managed_sectors == ["41", "42", "43", "49"]
    assert load_demo_integrity() is None  # the same files: nothing to do
    load_demo(stdout=io.StringIO())
    assert ImportRun.objects.count() == 1


def test_the_demo_registries_keep_their_noisy_names_and_the_readme_lists_every_planted_case():
    run = load_demo_integrity()
    assert sum(c["created"] for c in run.counts.values()) == run.rows_total
    sister = Relative.objects.get(official__official_id="TN0001", relation="sibling")
    assert (sister.full_name, sister.name_folded) == ("Tran Thi My Linh", "tran thi my linh")
    assert Official.objects.get(official_id="TN0003").name_folded == sister.name_folded
    readme = (INTEGRITY_DIR / "README.md").read_text(encoding="utf-8")
    for rule in (
        "relative_in_sensitive_post",
        "contract_with_relative_business",
        "official_runs_business",
        "stake_in_managed_sector",
        "self_dealing_contract",
    ):
        assert f"| `{rule}` |" in readme
