"""The demo's petitions: every kind and status, handled by the demo officer, some overdue; loading
twice creates nothing new; the printed tracking pair opens the showcase case."""

from __future__ import annotations

import io

import pytest

from liemchinh.core.models import AuditEvent
from liemchinh.demo import load_demo
from liemchinh.demo.petitions import DEMO_PETITIONS, demo_tracking_pair, load_demo_petitions
from liemchinh.petitions import rules
from liemchinh.petitions.models import Petition
from liemchinh.petitions.services import petition_track
from liemchinh.petitions.staff_selectors import case_clock, overdue_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def output():
    stdout = io.StringIO()
    load_demo(stdout=stdout)
    return stdout.getvalue()


def test_the_demo_petitions_cover_every_kind_and_a_spread_of_statuses(output):
    petitions = Petition.objects.all()
    assert petitions.count() == len(DEMO_PETITIONS) >= 10
    assert set(petitions.values_list("kind", flat=True)) == set(rules.Kind)
    statuses = set(petitions.values_list("status", flat=True))
    assert statuses >= {rules.Status.RECEIVED, rules.Status.CLASSIFIED, rules.Status.ACCEPTED,
                        rules.Status.INVESTIGATING, rules.Status.FORWARDED, rules.Status.RETURNED,
                        rules.Status.RESOLVED, rules.Status.PUBLISHED, rules.Status.CLOSED, rules.Status.MERGED}
    assert petitions.filter(anonymous=True).exists() and petitions.filter(anonymous=False).exists()


def test_the_cases_are_handled_by_the_demo_officer_and_some_are_old_enough_to_be_overdue(output):
    handled = AuditEvent.objects.filter(action__in=["petition.classify", "petition.accept", "petition.resolve"])
    assert handled.exists()
    assert set(handled.values_list("actor__username", flat=True)) == {"officer_tinh"}
    assert overdue_count(Petition.objects.all()) >= 2
    assert case_clock(Petition.objects.get(content__startswith="Kiến nghị công khai danh sách"))["overdue"]
    resolved = Petition.objects.get(status=rules.Status.PUBLISHED)
    assert resolved.resolved_on >= resolved.accepted_on >= resolved.received_on


def test_loading_twice_creates_nothing(output):
    counts = (Petition.objects.count(), AuditEvent.objects.filter(action__startswith="petition.").count())
    stdout = io.StringIO()
    assert load_demo_petitions(stdout=stdout) == 0
    assert (Petition.objects.count(), AuditEvent.objects.filter(action__startswith="petition.").count()) == counts
    assert "0 mới" in stdout.getvalue()


def test_the_printed_tracking_pair_opens_the_published_case(output):
    code, secret = demo_tracking_pair()
    assert code in output and secret in output
    petition = petition_track(tracking_code=code, secret=secret, caller_key="demo-test")
    assert petition is not None and petition.status == rules.Status.PUBLISHED
    assert petition.public_summary
    assert petition_track(tracking_code=code, secret="WRONG-WRONG-WRONG", caller_key="demo-test") is None
