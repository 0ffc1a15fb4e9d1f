"""The pure calendar rules: reporting regimes, public holidays, working-day arithmetic."""

import datetime as dt

import holidays as holidays_pkg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liemchinh.core import rules

D = dt.date


# --- reporting regimes ---------------------------------------------------------------------------


class TestRegimes:
    @pytest.mark.parametrize(
        ("day", "code"),
        [
            (D(2020, 12, 31), "TT03-2013"),
            (D(2021, 5, 9), "TT03-2013"),
            (D(2021, 5, 10), "TT02-2021"),
            (D(2024, 3, 4), "TT02-2021"),
            (D(2024, 3, 5), "TT01-2024"),
            (D(2025, 9, 29), "TT01-2024"),
            (D(2025, 9, 30), "TT06-2025"),
            (D(2026, 11, 21), "TT06-2025"),
        ],
    )
    def test_regime_in_force_on_a_day(self, day, code):
        assert rules.regime_on(day).code == code

    def test_no_regime_before_the_first(self):
        with pytest.raises(ValueError):
            rules.regime_on(D(2010, 1, 1))

    def test_every_regime_cites_its_source(self):
        for regime in rules.REGIMES:
            assert regime.name in regime.citation
            assert regime.effective_from and regime.due_citation

    def test_tt06_2025_is_flagged_to_verify(self):
        regime = rules.regime_on(D(2026, 1, 1))
        assert regime.to_verify and "cần đối chiếu" in regime.citation
        assert not rules.regime_on(D(2024, 6, 1)).to_verify

    @pytest.mark.parametrize(
        ("kind", "year", "start", "end"),
        [
            ("q1", 2026, D(2025, 12, 15), D(2026, 3, 14)),
            ("q2", 2026, D(2026, 3, 15), D(2026, 6, 14)),
            ("q3", 2026, D(2026, 6, 15), D(2026, 9, 14)),
            ("q4", 2026, D(2026, 9, 15), D(2026, 12, 14)),
            ("h1", 2026, D(2025, 12, 15), D(2026, 6, 14)),
            ("m9", 2026, D(2025, 12, 15), D(2026, 9, 14)),
            ("year", 2024, D(2023, 12, 15), D(2024, 12, 14)),
            # Before TT 02/2021 took effect: TT 03/2013's 16th → 15th windows.
            ("q1", 2021, D(2020, 12, 16), D(2021, 3, 15)),
        ],
    )
    def test_cutoff_windows(self, kind, year, start, end):
        got_start, got_end, due = rules.period_window(kind, year)
        assert (got_start, got_end) == (start, end)
        assert due > got_end and rules.is_working_day(due)

    def test_default_due_is_three_working_days_after_cutoff(self):
        # 14/3/2026 is a Saturday: Mon 16, Tue 17, Wed 18.
        assert rules.period_window("q1", 2026)[2] == D(2026, 3, 18)

    def test_due_is_capped_at_the_25th_and_kept_on_a_working_day(self):
        # Q2 2026: 25/6/2026 is a Thursday.
        assert rules.period_window("q2", 2026, due_working_days=30)[2] == D(2026, 6, 25)
        # Q3 2027: 25/9/2027 is a Saturday → Friday 24/9.
        assert rules.period_window("q3", 2027, due_working_days=30)[2] == D(2027, 9, 24)

    def test_exceptions_move_the_due_date(self):
        _, _, due = rules.period_window("q1", 2026, exceptions={D(2026, 3, 17): rules.DAY_OFF})
        assert due == D(2026, 3, 19)

    def test_ad_hoc_has_no_fixed_window(self):
        with pytest.raises(ValueError):
            rules.period_window("ad_hoc", 2026)

    @given(st.sampled_from(rules.PERIODIC_KINDS), st.integers(min_value=2014, max_value=2090))
    def test_windows_are_ordered_and_quarters_tile(self, kind, year):
        start, end, due = rules.period_window(kind, year)
        assert start < end <= due
        assert due <= D(year, end.month, rules.regime_for_period(kind, year).due_cap_day)
        if kind in {"q2", "q3", "q4"}:
            previous = {"q2": "q1", "q3": "q2", "q4": "q3"}[kind]
            prev_end = rules.cutoff_window(previous, year)[1]
            # Contiguous except at a change of regime (a one-day overlap in 2021).
            assert (start - prev_end).days in (0, 1)


# --- public holidays -----------------------------------------------------------------------------


def days_of(year, key=None):
    return {h.day for h in rules.holidays_for_year(year) if key is None or h.key == key}


class TestHolidays:
    def test_tet_2026_matches_the_holidays_package(self):
        ours = days_of(2026, "tet")
        assert ours == {D(2026, 2, 16), D(2026, 2, 17), D(2026, 2, 18), D(2026, 2, 19), D(2026, 2, 20)}
        package = holidays_pkg.country_holidays("VN", years=2026, language="en_US")
        assert ours == {d for d, n in package.items() if "Lunar New Year" in n}

    def test_hung_kings_2026_and_its_substitute(self):
        assert days_of(2026, "hung_kings") == {D(2026, 4, 26)}  # a Sunday
        subs = [h for h in rules.holidays_for_year(2026) if h.substitute_for == D(2026, 4, 26)]
        assert [h.day for h in subs] == [D(2026, 4, 27)]
        assert "Điều 111" in subs[0].source

    @pytest.mark.parametrize(
        ("year", "pair"),
        [
            (2021, {D(2021, 9, 2), D(2021, 9, 3)}),
            (2022, {D(2022, 9, 1), D(2022, 9, 2)}),
            (2024, {D(2024, 9, 2), D(2024, 9, 3)}),
            (2025, {D(2025, 9, 1), D(2025, 9, 2)}),
            (2026, {D(2026, 9, 1), D(2026, 9, 2)}),
        ],
    )
    def test_national_day_pair(self, year, pair):
        assert days_of(year, "national_day") | days_of(year, "national_day_extra") == pair

    def test_national_day_is_one_day_before_2021(self):
        assert days_of(2020, "national_day_extra") == set()
        assert days_of(2020, "national_day") == {D(2020, 9, 2)}

    def test_tet_2030_follows_the_vietnamese_calendar(self):
        # The Chinese calendar (lunardate) puts the new year on 03/02/2030; Vietnam's on 02/02/2030.
        assert min(days_of(2030, "tet")) == D(2030, 2, 1)
        assert D(2030, 2, 2) in days_of(2030, "tet")

    @pytest.mark.parametrize("year", range(2021, 2031))
    def test_holidays_agree_with_the_holidays_package(self, year):
        """Differences, each explained:
        - The package adds the Government's day swaps of some years (29/04/2024, 02/05/2025,
          31/08/2026 "Day off (substituted from ...)"): they are notices, recorded here as
          CalendarException rows, not rules.
        - Tết days falling on a Saturday: the package (like the Government's recent notices) gives
          the day off on the working day BEFORE Tết (29 Tết); the law (BLLĐ 2019 Điều 111 khoản 3)
          gives it on the next working day after, which is what rules.py implements. The count of
          substitute days is the same. The year's notice is entered as exceptions.
        """
        ours = rules.holidays_for_year(year)
        package = holidays_pkg.country_holidays("VN", years=year, language="en_US", observed=False)
        package_observed = holidays_pkg.country_holidays("VN", years=year, language="en_US")
        # 1. The holidays themselves are the same.
        assert {h.day for h in ours if not h.substitute_for} == {
            d for d, n in package.items() if "substituted" not in n
        }
        # 2. Substitutes for holidays other than Tết are the same days.
        tet = {h.day for h in ours if h.key == "tet"}
        our_subs = {h.day: h.substitute_for for h in ours if h.substitute_for}
        pkg_subs = {d for d in package_observed if d not in package}
        assert {d for d, for_day in our_subs.items() if for_day not in tet} == {
            d for d in pkg_subs if "Lunar New Year" not in package_observed[d]
        }
        # 3. Tết: same number of substitute days, ours all after Tết.
        our_tet_subs = {d for d, for_day in our_subs.items() if for_day in tet}
        pkg_tet_subs = {d for d in pkg_subs if "Lunar New Year" in package_observed[d]}
        assert len(our_tet_subs) == len(pkg_tet_subs)
        assert all(d > max(tet) for d in our_tet_subs)

    @given(st.integers(min_value=2014, max_value=2099))
    def test_holidays_within_the_year_on_distinct_days(self, year):
        days = rules.holidays_for_year(year)
        assert all(h.day.year == year for h in days)
        assert len({h.day for h in days}) == len(days)
        # Tết: five consecutive days; every substitute is a weekday after the holiday it replaces.
        tet = sorted(h.day for h in days if h.key == "tet")
        assert len(tet) == 5 and (tet[-1] - tet[0]).days == 4
        for h in days:
            if h.substitute_for:
                assert h.day.weekday() < 5 and h.day > h.substitute_for and h.substitute_for.weekday() >= 5
        weekend_holidays = [h for h in days if not h.substitute_for and h.day.weekday() >= 5]
        assert len([h for h in days if h.substitute_for]) == len(weekend_holidays)

    def test_every_rule_cites_a_source_and_date(self):
        for rule in rules.HOLIDAY_RULES:
            assert rule.source and rule.effective_from


# --- working days --------------------------------------------------------------------------------


class TestWorkingDays:
    def test_weekends_and_holidays_are_days_off(self):
        assert rules.is_working_day(D(2026, 2, 13))  # Friday before Tết
        assert not rules.is_working_day(D(2026, 2, 14))  # Saturday
        assert not rules.is_working_day(D(2026, 2, 17))  # mùng 1 Tết
        assert not rules.is_working_day(D(2026, 4, 27))  # substitute for Hùng Kings

    def test_exceptions_win(self):
        exceptions = {D(2026, 8, 31): rules.DAY_OFF, D(2026, 8, 22): rules.WORKING_DAY}
        assert not rules.is_working_day(D(2026, 8, 31), exceptions)
        assert rules.is_working_day(D(2026, 8, 22), exceptions)
        assert rules.is_working_day(D(2026, 2, 17), {D(2026, 2, 17): rules.WORKING_DAY})

    def test_add_working_days_across_tet_2026(self):
        # Friday 13/02: +1 skips Sat 14, Sun 15 and Tết 16–20, Sat 21, Sun 22.
        result, skipped = rules.add_working_days_explained(D(2026, 2, 13), 1)
        assert result == D(2026, 2, 23)
        assert [d for d, _ in skipped] == [D(2026, 2, d) for d in range(14, 23)]
        assert dict(skipped)[D(2026, 2, 17)] == "Tết Âm lịch (mùng 1)"
        assert dict(skipped)[D(2026, 2, 14)] == "Thứ Bảy"
        # "10 ngày làm việc kể từ ngày 10/02/2026": 11,12,13, 23..27, 02/03, 03/03.
        assert rules.add_working_days(D(2026, 2, 10), 10) == D(2026, 3, 3)

    def test_day_of_event_not_counted(self):
        assert rules.add_working_days(D(2026, 3, 2), 1) == D(2026, 3, 3)
        assert rules.add_working_days(D(2026, 3, 2), 0) == D(2026, 3, 2)
        assert rules.add_calendar_days(D(2026, 3, 2), 30) == D(2026, 4, 1)

    def test_counting_backwards(self):
        assert rules.add_working_days(D(2026, 2, 23), -1) == D(2026, 2, 13)

    def test_exception_names_reach_the_explanation(self):
        day = D(2026, 8, 31)
        _, skipped = rules.add_working_days_explained(
            D(2026, 8, 28), 1, {day: rules.DAY_OFF}, {day: "Nghỉ hoán đổi dịp Quốc khánh"}
        )
        assert (day, "Nghỉ hoán đổi dịp Quốc khánh") in skipped

    def test_last_day_off_moves_to_next_working_day(self):
        assert rules.next_working_day_if_off(D(2026, 4, 25)) == D(2026, 4, 28)  # Sat → Tue (Sun, sub)
        assert rules.next_working_day_if_off(D(2026, 4, 28)) == D(2026, 4, 28)
        assert rules.next_working_day_if_off(D(2026, 4, 29)) == D(2026, 4, 29)
        assert rules.next_working_day_if_off(D(2026, 4, 30)) == D(2026, 5, 4)  # 30/4 Thu, 1/5 Fri

    def test_working_days_between(self):
        assert rules.working_days_between(D(2026, 2, 13), D(2026, 2, 23)) == 1
        assert rules.working_days_between(D(2026, 2, 23), D(2026, 2, 13)) == -1
        assert rules.working_days_between(D(2026, 3, 2), D(2026, 3, 2)) == 0


days_2014_2090 = st.dates(min_value=D(2014, 1, 1), max_value=D(2090, 12, 1))
exception_maps = st.dictionaries(
    st.dates(min_value=D(2025, 1, 1), max_value=D(2027, 12, 31)),
    st.sampled_from([rules.DAY_OFF, rules.WORKING_DAY]),
    max_size=20,
)


class TestWorkingDayProperties:
    @settings(max_examples=150, deadline=None)
    @given(days_2014_2090, st.integers(min_value=1, max_value=60), exception_maps)
    def test_lands_on_a_working_day_n_working_days_later(self, start, n, exceptions):
        end = rules.add_working_days(start, n, exceptions)
        assert end > start
        assert rules.is_working_day(end, exceptions)
        assert rules.working_days_between(start, end, exceptions) == n
        # No working day is skipped: the day before `end` is n-1 working days after start.
        assert rules.working_days_between(start, end - dt.timedelta(days=1), exceptions) == n - 1

    @settings(max_examples=100, deadline=None)
    @given(days_2014_2090, st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=40))
    def test_monotone_and_additive(self, start, a, b):
        small, large = sorted((a, b))
        assert rules.add_working_days(start, small) <= rules.add_working_days(start, large)
        if small > 0:
            assert rules.add_working_days(rules.add_working_days(start, small), large) == rules.add_working_days(
                start, small + large
            )

    @settings(max_examples=100, deadline=None)
    @given(days_2014_2090, exception_maps)
    def test_next_working_day_if_off_is_the_first_working_day_from(self, day, exceptions):
        moved = rules.next_working_day_if_off(day, exceptions)
        assert moved >= day and rules.is_working_day(moved, exceptions)
        assert all(not rules.is_working_day(day + dt.timedelta(days=i), exceptions) for i in range((moved - day).days))

    @settings(max_examples=100, deadline=None)
    @given(days_2014_2090, st.integers(min_value=1, max_value=40))
    def test_backwards_undoes_forwards_from_a_working_day(self, start, n):
        start = rules.next_working_day_if_off(start)
        assert rules.add_working_days(rules.add_working_days(start, n), -n) == start
