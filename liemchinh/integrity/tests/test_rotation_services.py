"""Periodic position rotation: the selector's states (overdue, due soon, exempt, ok) as SQL, the
post register's validation against the rule in force, exemptions, plans and permissions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liemchinh.core.errors import DomainError
from liemchinh.core.models import AuditEvent
from liemchinh.integrity.models import RotationPost
from liemchinh.integrity.selectors import rotation as selectors
from liemchinh.integrity.services.rotation import (
    rotation_exemption_create,
    rotation_exemption_revoke,
    rotation_plan_save,
    rotation_post_create,
    rotation_post_update,
)
from liemchinh.integrity.tests.gift_rotation_world import make_position, people, registry  # noqa: F401

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 6, 1)


@pytest.fixture
def world(registry, make_position, people):  # noqa: F811
    officer = people["officer"]
    rotation_post_create(
        actor=officer,
        body=registry["finance"],
        category="public_finance",
        role="accounting",
        period_years=3,
        basis="Quyết định 12/2024/QĐ-UBND",
    )
    rotation_post_create(
        actor=officer,
        body=registry["justice"],
        category="direct_contact",
        title_pattern="một cửa",
        period_years=2,
    )
    p = {
        # 3-year post: overdue when started on or before 01/06/2023, due soon up to 01/12/2023
        "overdue": make_position(
            registry["finance"], "Nguyễn Thị Hoa", "accounting", dt.date(2023, 6, 1), title="Kế toán viên"
        ),
        "due_soon": make_position(
            registry["finance"], "Trần Văn Nam", "accounting", dt.date(2023, 9, 15), title="Kế toán viên"
        ),
        "ok": make_position(registry["finance"], "Lê Thị Mai", "accounting", dt.date(2024, 1, 2)),
        "ended": make_position(
            registry["finance"], "Phạm Văn Long", "accounting", dt.date(2015, 1, 1), end=dt.date(2020, 1, 1)
        ),
        "other_role": make_position(registry["finance"], "Võ Văn Tú", "warehouse", dt.date(2010, 1, 1)),
        "head": make_position(registry["finance"], "Đặng Văn Bảo", "head", dt.date(2010, 1, 1)),
        # 2-year post matched by title
        "desk": make_position(
            registry["justice"],
            "Hoàng Thị Lan",
            "other",
            dt.date(2024, 5, 31),
            title="Công chức bộ phận một cửa",
        ),
        "desk_other": make_position(
            registry["justice"], "Bùi Văn Hùng", "other", dt.date(2010, 5, 31), title="Chuyên viên pháp chế"
        ),
        "exempt": make_position(registry["finance"], "Ngô Thị Thu", "accounting", dt.date(2018, 1, 1)),
    }
    rotation_exemption_create(
        actor=officer,
        official=p["exempt"].official,
        body=registry["finance"],
        reason="maternity",
        detail="Nuôi con dưới 36 tháng tuổi (giấy khai sinh)",
        valid_from=dt.date(2025, 1, 1),
        valid_to=dt.date(2027, 1, 1),
    )
    return p


def _states(actor, **kw):
    return {pos.pk: pos.rotation_state for pos in selectors.rotation_positions(actor, as_of=AS_OF, **kw)}


def test_states_as_of_a_day(world, people):  # noqa: F811
    states = _states(people["officer"])
    assert states == {
        world["overdue"].pk: "overdue",
        world["due_soon"].pk: "due_soon",
        world["ok"].pk: "ok",
        world["desk"].pk: "overdue",
        world["exempt"].pk: "exempt",
    }
    counts = selectors.rotation_state_counts(selectors.rotation_positions(people["officer"], as_of=AS_OF))
    assert counts == {"overdue": 2, "due_soon": 1, "exempt": 1, "ok": 1}
    flagged = _states(people["officer"], state="flagged")
    assert set(flagged) == {world["overdue"].pk, world["due_soon"].pk, world["desk"].pk}
    # One day earlier the 3-year period of 01/06/2023 is not complete yet: due soon.
    earlier = {
        p.pk: p.rotation_state
        for p in selectors.rotation_positions(people["officer"], as_of=dt.date(2026, 5, 31))
    }
    assert earlier[world["overdue"].pk] == "due_soon"


def test_rows_show_tenure_and_due_day(world, people):  # noqa: F811
    qs = selectors.rotation_positions(
        people["officer"], as_of=AS_OF, category="public_finance", state="overdue"
    )
    [row] = selectors.rotation_rows(qs, AS_OF)
    assert (row.tenure, row.due_on, row.period_years) == ("3 năm", dt.date(2026, 6, 1), 3)
    assert row.category_label == "Quản lý tài chính công" and row.state_label == "Quá thời hạn chuyển đổi"


def test_the_list_is_one_query(world, people):  # noqa: F811
    actor = people["officer"]
    selectors.rotation_positions(actor, as_of=AS_OF).count()  # warm the permission cache
    with CaptureQueriesContext(connection) as ctx:
        rows = list(selectors.rotation_positions(actor, as_of=AS_OF))
    assert len(rows) == 5
    assert len(ctx.captured_queries) <= 3  # the distinct periods, the root check, the list


def test_expired_or_revoked_exemption_no_longer_counts(world, people, registry):  # noqa: F811
    officer = people["officer"]
    assert _states(officer)[world["exempt"].pk] == "exempt"
    assert {p.pk: p.rotation_state for p in selectors.rotation_positions(officer, as_of=dt.date(2027, 1, 2))}[
        world["exempt"].pk
    ] == "overdue"
    exemption = world["exempt"].official.rotation_exemptions.get()
    rotation_exemption_revoke(actor=officer, exemption=exemption, reason="Đã hết thời gian nuôi con nhỏ")
    assert _states(officer)[world["exempt"].pk] == "overdue"
    with pytest.raises(DomainError):
        rotation_exemption_revoke(actor=officer, exemption=exemption, reason="lần nữa")
    assert AuditEvent.objects.filter(action="integrity.rotation_exemption.revoke").count() == 1


def test_scope_by_body(world, people):  # noqa: F811
    finance_only = _states(people["head_finance"])
    assert world["desk"].pk not in finance_only and world["overdue"].pk in finance_only
    assert world["overdue"].pk not in _states(people["focal_justice"])
    assert set(_states(people["officer"], body=world["desk"].body_id)) == {world["desk"].pk}


def test_post_validation_against_the_rule_in_force(registry, people):  # noqa: F811
    officer = people["officer"]
    with pytest.raises(DomainError) as err:
        rotation_post_create(
            actor=officer, body=registry["finance"], category="inspection", role="other", period_years=2
        )
    assert err.value.field == "period_years" and "03/2021" in err.value.message
    with pytest.raises(DomainError) as err:
        rotation_post_create(
            actor=officer, body=registry["finance"], category="public_finance", period_years=3
        )
    assert err.value.field == "title_pattern"
    with pytest.raises(DomainError) as err:
        rotation_post_create(actor=officer, body=registry["finance"], category="personnel", role="head")
    assert err.value.field == "role"
    post = rotation_post_create(actor=officer, body=registry["finance"], category="inspection", role="other")
    assert post.period_years == 3  # the default of TT 03/2021
    post = rotation_post_update(
        actor=officer, post=post, category="inspection", role="other", period_years=5, active=False
    )
    assert (post.period_years, post.active) == (5, False)
    assert AuditEvent.objects.filter(action__startswith="integrity.rotation_post.").count() == 2


def test_only_managers_of_the_body_write(registry, people, make_position):  # noqa: F811
    with pytest.raises(PermissionDenied):
        rotation_post_create(
            actor=people["head_justice"], body=registry["finance"], category="personnel", role="hr"
        )
    with pytest.raises(PermissionDenied):
        rotation_post_create(
            actor=people["focal_finance"], body=registry["finance"], category="personnel", role="hr"
        )
    # A registry body outside the tree belongs to the province: not to a unit head.
    with pytest.raises(PermissionDenied):
        rotation_post_create(
            actor=people["head_finance"], body=registry["loose"], category="personnel", role="hr"
        )
    assert rotation_post_create(
        actor=people["officer"], body=registry["loose"], category="personnel", role="hr"
    )
    assert rotation_post_create(
        actor=people["head_finance"], body=registry["finance"], category="personnel", role="hr"
    )
    assert RotationPost.objects.count() == 2


def test_exemption_validation(registry, people, make_position):  # noqa: F811
    pos = make_position(registry["finance"], "Lý Thị Nga", "accounting", dt.date(2020, 1, 1))
    kwargs = {
        "official": pos.official,
        "body": registry["finance"],
        "reason": "near_retirement",
        "detail": "Sinh tháng 3/1967",
        "valid_from": dt.date(2026, 1, 1),
    }
    with pytest.raises(DomainError):
        rotation_exemption_create(actor=people["officer"], **{**kwargs, "valid_to": dt.date(2025, 1, 1)})
    with pytest.raises(DomainError):
        rotation_exemption_create(actor=people["officer"], **{**kwargs, "body": registry["justice"]})
    with pytest.raises(DomainError):
        rotation_exemption_create(actor=people["officer"], **{**kwargs, "reason": "bored"})
    with pytest.raises(PermissionDenied):
        rotation_exemption_create(actor=people["head_justice"], **kwargs)
    assert rotation_exemption_create(actor=people["head_finance"], **kwargs).valid_to is None


def test_plan_save(world, registry, people):  # noqa: F811
    head = people["head_finance"]
    plan = rotation_plan_save(
        actor=head,
        body=registry["finance"],
        year=2026,
        number="05/KH-STC",
        issued_on=dt.date(2026, 1, 10),
        positions=[world["overdue"], world["due_soon"]],
    )
    assert set(plan.positions.all()) == {world["overdue"], world["due_soon"]}
    plan = rotation_plan_save(
        actor=head, body=registry["finance"], year=2026, number="05/KH-STC", positions=[world["overdue"]]
    )
    assert list(plan.positions.all()) == [world["overdue"]]
    with pytest.raises(DomainError):
        rotation_plan_save(actor=head, body=registry["finance"], year=2026, positions=[world["desk"]])
    with pytest.raises(DomainError):
        rotation_plan_save(actor=head, body=registry["finance"], year=2026, positions=[world["ended"]])
    with pytest.raises(PermissionDenied):
        rotation_plan_save(actor=people["head_justice"], body=registry["finance"], year=2026)
    actions = list(
        AuditEvent.objects.filter(action__startswith="integrity.rotation_plan.")
        .values_list("action", flat=True)
        .order_by("pk")
    )
    assert actions == ["integrity.rotation_plan.create", "integrity.rotation_plan.update"]


def test_system_and_administrators_see_every_body(world, registry, make_position, make_user, org_tree):  # noqa: F811
    from liemchinh.core.permissions import SYSTEM
    from liemchinh.core.roles import Role

    rotation_post_create(
        actor=SYSTEM, body=registry["loose"], category="personnel", role="hr", period_years=2
    )
    loose = make_position(registry["loose"], "Đỗ Văn Sơn", "hr", dt.date(2020, 1, 1))
    admin = make_user(Role.SYSTEM_ADMIN, org_tree["inspectorate"])
    for actor in (SYSTEM, admin):
        states = _states(actor)
        assert loose.pk in states and world["overdue"].pk in states and world["desk"].pk in states
        assert set(selectors.rotation_bodies(actor).values_list("org_code", flat=True)) == {
            "STC",
            "STP",
            "BQL",
        }


def test_counts_by_body(world, people):  # noqa: F811
    rows = selectors.rotation_counts_by_body(selectors.rotation_positions(people["officer"], as_of=AS_OF))
    assert [(r["body__name"], r["total"], r["overdue"], r["due_soon"], r["exempt"]) for r in rows] == [
        ("Sở Tài chính", 4, 1, 1, 1),
        ("Sở Tư pháp", 1, 1, 0, 0),
    ]


def test_no_post_registered_yet(registry, make_position, people):  # noqa: F811
    make_position(registry["finance"], "Nguyễn Thị Hoa", "accounting", dt.date(2015, 1, 1))
    qs = selectors.rotation_positions(people["officer"], as_of=AS_OF)
    assert list(qs) == [] and selectors.rotation_state_counts(qs) == {
        "overdue": 0,
        "due_soon": 0,
        "exempt": 0,
        "ok": 0,
    }
    assert selectors.rotation_counts_by_body(qs) == []
