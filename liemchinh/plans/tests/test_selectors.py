"""Behaviour of plans/selectors.py: scope, derived overdue status, matrix, timeline, on-time rate."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from liemchinh.core.permissions import SYSTEM
from liemchinh.plans import selectors
from liemchinh.plans.services import assignment_progress_post, progress_approve

pytestmark = pytest.mark.django_db


def _complete(people, focal, head, assignment):
    update = assignment_progress_post(actor=people[focal], assignment=assignment, text="Xong", percent=100,
                                      proposed_status="done")
    progress_approve(actor=people[head], update=update)


def test_overdue_is_derived_from_due_date_and_status(org_tree, people, make_plan, today):
    _plan, (late, soon) = make_plan([
        {"text": "Quá hạn", "lead_org": org_tree["finance"], "due_on": today - dt.timedelta(days=1)},
        {"text": "Còn hạn", "lead_org": org_tree["finance"], "due_on": today + dt.timedelta(days=1)}])
    mine = selectors.my_body_assignments(people["focal_finance"])
    assert {a.task.text: a.display_status for a in mine} == {"Quá hạn": "overdue", "Còn hạn": "not_started"}
    assert [a.task.text for a in selectors.my_body_assignments(people["focal_finance"], "overdue")] == ["Quá hạn"]
    assert [a.task.text for a in selectors.my_body_assignments(people["focal_finance"], "not_started")] == ["Còn hạn"]
    assert [a.task.text for a in selectors.overdue_assignments(people["officer"], today)] == ["Quá hạn"]
    # the day after the second due date it is overdue too, with nothing stored
    assert selectors.overdue_assignments(people["officer"], today + dt.timedelta(days=2)).count() == 2
    _complete(people, "focal_finance", "head_finance", late.assignments.get())
    assert not selectors.overdue_assignments(people["officer"], today).exists()
    assert selectors.my_body_assignments(people["focal_finance"], "done").get().task == late


def test_a_body_sees_only_its_own_assignments_the_inspectorate_sees_the_province(org_tree, people, departments,
                                                                                 make_plan, today):
    make_plan([{"text": "Chung", "lead_group": departments, "partner_orgs": [org_tree["commune"]],
                "due_on": today - dt.timedelta(days=5)}])
    assert {a.organization.code for a in selectors.overdue_assignments(people["focal_finance"], today)} == {"T-STC"}
    assert {a.organization.code for a in selectors.overdue_assignments(people["officer"], today)} == {
        "T-STC", "T-STP", "X-001"}
    assert selectors.my_body_assignments(people["officer"]).count() == 0  # the province itself has none


def test_bodies_do_not_see_draft_plans(org_tree, people, make_plan, today):
    plan, _tasks = make_plan([{"text": "Dự thảo", "lead_org": org_tree["finance"], "due_on": today}],
                             activate=False)
    assert not selectors.my_body_assignments(people["focal_finance"]).exists()
    assert not selectors.plans_visible(people["focal_finance"]).filter(pk=plan.pk).exists()
    assert selectors.plans_visible(people["officer"]).filter(pk=plan.pk).exists()


def test_plan_matrix_has_tasks_as_rows_and_bodies_as_columns(org_tree, people, departments, make_plan, today):
    plan, (one, recurring) = make_plan([
        {"text": "Một lần", "ordinal": "I.1", "lead_org": org_tree["finance"], "partner_orgs": [org_tree["justice"]],
         "due_on": today - dt.timedelta(days=1)},
        {"text": "Định kỳ", "ordinal": "I.2", "lead_org": org_tree["justice"], "recurrence": ["quarterly"]}],
        issued_on=dt.date(today.year, 1, 1))
    _complete(people, "focal_justice", "head_justice", one.assignments.get(organization=org_tree["justice"]))
    matrix = selectors.plan_matrix(people["officer"], plan, today)
    assert [t.ordinal for t in matrix.tasks] == ["I.1", "I.2"]
    assert {o.code for o in matrix.orgs} == {"T-STC", "T-STP"}
    cell = matrix.cells
    assert cell[(one.pk, org_tree["finance"].pk)].status == "overdue"
    assert cell[(one.pk, org_tree["justice"].pk)].status == "done"
    assert (recurring.pk, org_tree["finance"].pk) not in cell
    assert cell[(recurring.pk, org_tree["justice"].pk)].total == 4
    # a body's own view of the matrix holds only its column
    assert {o.code for o in selectors.plan_matrix(people["focal_finance"], plan, today).orgs} == {"T-STC"}


def test_timeline_counts_by_month_of_the_due_date(org_tree, people, make_plan):
    today = dt.date(2031, 5, 15)
    make_plan([{"text": "Tháng 3", "lead_org": org_tree["finance"], "due_on": dt.date(2031, 3, 31)},
               {"text": "Tháng 3b", "lead_org": org_tree["justice"], "due_on": dt.date(2031, 3, 20)},
               {"text": "Tháng 7", "lead_org": org_tree["finance"], "due_on": dt.date(2031, 7, 1)}],
              issued_on=dt.date(2031, 1, 5))
    months = selectors.assignment_timeline(people["officer"], 2031, today)
    assert len(months) == 12
    assert (months[2].total, months[2].overdue, months[2].open) == (2, 2, 0)
    assert (months[6].total, months[6].open) == (1, 1)
    assert sum(m.total for m in months) == 3
    assert selectors.assignment_timeline(people["focal_finance"], 2031, today)[2].total == 1


def test_on_time_completion_rate(org_tree, people, make_plan, today):
    from liemchinh.plans.models import Assignment

    year = 2031
    _plan, tasks = make_plan([
        {"text": "A", "lead_org": org_tree["finance"], "due_on": dt.date(year, 6, 30)},
        {"text": "B", "lead_org": org_tree["finance"], "due_on": dt.date(year, 9, 30)},
        {"text": "C", "lead_org": org_tree["finance"], "due_on": dt.date(year, 3, 31)},
        {"text": "D", "lead_org": org_tree["justice"], "due_on": dt.date(year, 6, 30)},
        {"text": "E", "lead_org": org_tree["finance"], "due_on": dt.date(year + 1, 1, 15)}],
        issued_on=dt.date(year, 1, 2))
    _complete(people, "focal_finance", "head_finance", tasks[0].assignments.get())
    _complete(people, "focal_finance", "head_finance", tasks[2].assignments.get())
    # completion days as they would have been reported: A on time, C ten days late
    Assignment.objects.filter(task=tasks[0]).update(completed_on=dt.date(year, 6, 1))
    Assignment.objects.filter(task=tasks[2]).update(completed_on=dt.date(year, 4, 10))
    rates = selectors.on_time_completion_rate(people["officer"], [org_tree["finance"].pk, org_tree["justice"].pk,
                                                                  org_tree["commune"].pk], year)
    finance = rates[org_tree["finance"].pk]
    assert (finance.total, finance.on_time, finance.rate) == (3, 1, Decimal("0.3333"))
    assert finance.percent == Decimal("33.3")
    assert rates[org_tree["justice"].pk].rate == Decimal("0")
    assert rates[org_tree["commune"].pk].rate is None
    # a body asked about another body learns nothing
    assert list(selectors.on_time_completion_rate(people["focal_justice"], [org_tree["finance"].pk], year)) == []
    assert selectors.on_time_completion_rate(SYSTEM, [org_tree["finance"].pk], year)[org_tree["finance"].pk].total == 3
