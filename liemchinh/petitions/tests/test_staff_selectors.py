"""Reads of the staff pages: keyset pages, the clock of the rows, dashboard numbers and the public
statistics with small counts suppressed."""

from __future__ import annotations

import datetime as dt

from liemchinh.petitions import services, staff_selectors
from liemchinh.petitions.staff_selectors import InboxFilters


def test_inbox_pages_follow_each_other_without_overlap(staff, submit):
    made = [submit(content=f"Đơn số {i} về thu phí chợ.")[0] for i in range(5)]
    first = staff_selectors.inbox_page(staff["officer"], InboxFilters(), size=2)
    assert [r.petition.pk for r in first.rows] == [made[4].pk, made[3].pk]
    second = staff_selectors.inbox_page(staff["officer"], InboxFilters(), after=first.next_after, size=2)
    third = staff_selectors.inbox_page(staff["officer"], InboxFilters(), after=second.next_after, size=2)
    assert [r.petition.pk for r in second.rows] == [made[2].pk, made[1].pk]
    assert [r.petition.pk for r in third.rows] == [made[0].pk] and third.next_after is None


def test_rows_carry_the_due_date_and_days_left(staff, submit):
    today = dt.date(2026, 11, 2)
    petition = submit(received_on=dt.date(2026, 11, 2))[0]
    row = staff_selectors.inbox_page(staff["officer"], InboxFilters(), today=today).rows[0]
    assert row.petition == petition
    assert row.due_on is not None and row.due_on > today and row.days_left == (row.due_on - today).days
    assert not row.overdue
    late = staff_selectors.inbox_page(staff["officer"], InboxFilters(), today=dt.date(2027, 6, 1)).rows[0]
    assert late.overdue and late.days_left < 0


def test_focal_point_sees_only_their_body(staff, submit, org_tree):
    submit()
    mine = submit(org_code=org_tree["finance"].code)[0]
    rows = staff_selectors.inbox_page(staff["finance_focal"], InboxFilters()).rows
    assert [r.petition for r in rows] == [mine]


def test_handler_candidates_include_the_inspectorate_above_the_body(staff, submit):
    petition = submit()[0]
    candidates = set(staff_selectors.handler_candidates(staff["officer"], petition))
    assert {staff["officer"], staff["officer2"], staff["leader"]} <= candidates
    assert staff["finance_focal"] not in candidates and staff["viewer"] not in candidates


def test_dashboard_counts_and_average_handling_time(staff, submit):
    p = submit(received_on=dt.date(2026, 3, 2), kind="feedback", content="Phản ánh về đèn đường.")[0]
    submit(received_on=dt.date(2026, 3, 3))
    officer = staff["officer"]
    services.petition_classify(actor=officer, petition=p, competent=True, on=dt.date(2026, 3, 3))
    services.petition_accept(actor=officer, petition=p, on=dt.date(2026, 3, 4))
    services.petition_resolve(actor=officer, petition=p, result="Đã sửa đèn.", on=dt.date(2026, 3, 12))
    stats = staff_selectors.dashboard_stats(officer, date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 12, 31))
    assert stats["totals"]["received"] == 2 and stats["totals"]["resolved"] == 1
    assert stats["average_days"] == 10.0
    kinds = {r["kind"]: r for r in stats["by_kind"]}
    assert kinds["feedback"]["resolved"] == 1 and kinds["denunciation"]["received"] == 1


def test_public_statistics_suppress_small_counts(staff, submit, settings):
    settings.PETITIONS_PUBLIC_MIN_COUNT = 5
    for i in range(6):
        submit(received_on=dt.date(2025, 5, 5), kind="feedback", content=f"Phản ánh {i} về rác thải.")
    submit(received_on=dt.date(2025, 5, 6))  # one denunciation
    submit(received_on=dt.date(2024, 5, 6))  # another year
    stats = staff_selectors.public_statistics(2025)
    kinds = {r["label"]: r for r in stats["by_kind"]}
    assert kinds["Phản ánh"]["received"] == 6
    assert kinds["Tố cáo"]["received"] == "<5"
    assert kinds["Phản ánh"]["resolved"] == "<5"
    assert stats["totals"]["received"] == 7
    settings.PETITIONS_PUBLIC_MIN_COUNT = 10
    assert staff_selectors.public_statistics(2025)["totals"]["received"] == "<10"


def test_overdue_count_grouped_matches_the_row_by_row_clock(staff, submit):
    officer = staff["officer"]
    old = [submit(received_on=dt.date(2025, 1, 6), content=f"Đơn cũ {i} về đất đai.")[0] for i in range(3)]
    submit(received_on=dt.date(2025, 1, 6), kind="feedback", content="Phản ánh cũ về đèn đường.")
    submit(received_on=dt.date(2025, 6, 2), content="Đơn mới về xây dựng.")
    services.petition_message_post(actor=officer, petition=old[0], body="Đề nghị bổ sung.")
    services.petition_classify(actor=officer, petition=old[1], competent=True, complexity="complex",
                               on=dt.date(2025, 1, 7))
    services.petition_accept(actor=officer, petition=old[1], on=dt.date(2025, 1, 8))
    services.petition_extend(actor=officer, petition=old[1], days=30, reason="Vụ việc phức tạp.")
    for today in (dt.date(2025, 1, 10), dt.date(2025, 2, 20), dt.date(2025, 6, 10), dt.date(2026, 1, 5)):
        by_rows = sum(r.overdue for r in staff_selectors.inbox_page(officer, InboxFilters(), today=today).rows)
        assert staff_selectors.overdue_count(staff_selectors.inbox_queryset(officer, InboxFilters()),
                                             today=today) == by_rows
    assert by_rows >= 4
