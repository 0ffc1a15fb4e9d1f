"""`liemchinh audit_verify` finds an edited row and a deleted row, for real (triggers bypassed)."""

from __future__ import annotations

import importlib
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from liemchinh.core.permissions import SYSTEM
from liemchinh.core.services.audit import audit_record

triggers = importlib.import_module("liemchinh.core.migrations.0002_audit_append_only")


@pytest.fixture
def chain(org_tree):
    triggers.install_triggers(connection)
    return [audit_record(actor=SYSTEM, action=f"test.step{i}", organization=org_tree["province"],
                         changes={"i": i}) for i in range(7)]


def _tamper(sql: str, params: list) -> None:
    triggers.remove_triggers(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    finally:
        triggers.install_triggers(connection)


def _verify(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("audit_verify", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_intact_chain_is_ok_with_progress(chain):
    out, err = _verify("--batch-size", "2", "--progress-every", "3")
    assert out.startswith("OK: 7 sự kiện")
    assert chain[-1].hash in out
    assert err.count("events checked") == 2  # after 3 and 6 rows


def test_empty_log_is_ok(db):
    out, _err = _verify()
    assert out.startswith("OK: 0 sự kiện")


def test_edited_row_is_named(chain):
    _tamper("UPDATE core_auditevent SET reason = 'sửa lén' WHERE id = %s", [chain[3].pk])
    with pytest.raises(CommandError) as excinfo:
        _verify("--batch-size", "2")
    assert excinfo.value.returncode == 1
    message = str(excinfo.value)
    assert f"sự kiện #{chain[3].pk} đã bị sửa" in message
    assert f"event #{chain[3].pk} was altered" in message


def test_deleted_row_is_found_at_its_successor(chain):
    _tamper("DELETE FROM core_auditevent WHERE id = %s", [chain[4].pk])
    with pytest.raises(CommandError) as excinfo:
        _verify("--batch-size", "3")
    message = str(excinfo.value)
    assert excinfo.value.returncode == 1
    assert f"chuỗi bị đứt tại sự kiện #{chain[5].pk}" in message
    assert f"#{chain[3].pk}" in message
    assert "deleted" in message


def test_deleted_first_row_is_found(chain):
    _tamper("DELETE FROM core_auditevent WHERE id = %s", [chain[0].pk])
    with pytest.raises(CommandError, match=f"#{chain[1].pk}"):
        _verify()


def test_rewritten_row_with_recomputed_hash_breaks_the_next_link(chain):
    from liemchinh.core.models import AuditEvent
    from liemchinh.core.services.audit import hash_of

    victim = AuditEvent.objects.get(pk=chain[2].pk)
    victim.reason = "viết lại"
    new_hash = hash_of(victim)
    _tamper("UPDATE core_auditevent SET reason = %s, hash = %s WHERE id = %s", ["viết lại", new_hash, victim.pk])
    with pytest.raises(CommandError, match=f"chuỗi bị đứt tại sự kiện #{chain[3].pk}"):
        _verify()
