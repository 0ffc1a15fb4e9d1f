"""audit_record: the hash chain, what it stores, and the database triggers that keep it append-only."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from liemchinh.core.models import AuditEvent
from liemchinh.core.permissions import SYSTEM
from liemchinh.core.roles import Role
from liemchinh.core.services.audit import GENESIS_HASH, audit_record, diff, hash_of, snapshot

triggers = importlib.import_module("liemchinh.core.migrations.0002_audit_append_only")


@pytest.fixture(autouse=True)
def _triggers_installed(db):
    # A transactional test elsewhere in this process may have removed them before its flush.
    triggers.install_triggers(connection)


def test_chain_links_each_event_to_the_previous(org_tree, make_user):
    user = make_user(Role.SYSTEM_ADMIN, org_tree["province"])
    first = audit_record(actor=user, action="org.create", obj=org_tree["finance"], changes={"name": "Sở Tài chính"})
    second = audit_record(actor=SYSTEM, action="org.rename", obj=org_tree["finance"],
                          changes={"name": ["Sở Tài chính", "Sở TC"]}, reason="Sáp nhập")
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash
    assert first.actor_label == user.username and first.actor_id == user.pk
    assert second.actor_label == "system" and second.actor_id is None
    # Without an explicit body the event belongs to the object's body.
    assert first.organization_id == org_tree["finance"].pk
    for event in AuditEvent.objects.all():
        assert hash_of(event) == event.hash


def test_hash_recomputes_after_a_round_trip_through_the_database(org_tree):
    odd = {"amount": Decimal("1234567.50"), "big": 1e20, "neg_zero": -0.0, "on": dt.date(2026, 1, 2),
           "nested": {"b": [1, 2.5, None, True], "a": "Nguyễn\x00Văn"}, 7: "int key"}
    event = audit_record(actor=SYSTEM, action="test.odd", object_type="x", object_id=1, changes=odd,
                         organization=org_tree["commune"])
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.changes["big"] == "1e+20" and stored.changes["amount"] == "1234567.50"
    assert "\x00" not in stored.changes["nested"]["a"]
    assert hash_of(stored) == stored.hash


def test_model_and_queryset_refuse_edits(org_tree):
    event = audit_record(actor=SYSTEM, action="test.one", organization=org_tree["province"])
    event.reason = "sửa"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()


@pytest.mark.parametrize("sql", ["UPDATE core_auditevent SET reason = 'sửa lén' WHERE id = %s",
                                 "DELETE FROM core_auditevent WHERE id = %s"])
def test_database_triggers_refuse_update_and_delete_through_raw_sql(org_tree, sql):
    event = audit_record(actor=SYSTEM, action="test.one", organization=org_tree["province"])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).reason == ""


def test_triggers_can_be_removed_and_reinstalled(org_tree):
    event = audit_record(actor=SYSTEM, action="test.one", organization=org_tree["province"])
    triggers.remove_triggers(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE core_auditevent SET reason = 'x' WHERE id = %s", [event.pk])
    finally:
        triggers.install_triggers(connection)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET reason = 'y' WHERE id = %s", [event.pk])


def test_snapshot_and_diff(org_tree):
    org = org_tree["finance"]
    before = snapshot(org, ["name", "code"])
    org.name = "Sở Tài chính tỉnh"
    assert diff(before, snapshot(org, ["name", "code"])) == {"name": ["Sở Tài chính", "Sở Tài chính tỉnh"]}


def test_action_is_required():
    with pytest.raises(ValueError):
        audit_record(actor=SYSTEM, action="")


@pytest.mark.django_db(transaction=True)
def test_committed_audit_events_do_not_block_the_flush_of_transactional_tests(org_tree):
    # conftest removes the triggers before the flush that ends this test; a failing flush
    # would show here as an error in teardown.
    audit_record(actor=SYSTEM, action="test.committed", organization=org_tree["province"])
    assert AuditEvent.objects.filter(action="test.committed").exists()
