"""Template filters for Vietnamese money, numbers and dates, and the url_exists helper."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest
from django.template import Context, Template

from liemchinh.core.templatetags.liemchinh import url_exists, vn_date, vn_datetime, vn_number, vnd

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1234567, f"1.234.567{NBSP}đ"),
        (0, f"0{NBSP}đ"),
        (999, f"999{NBSP}đ"),
        (1000, f"1.000{NBSP}đ"),
        (-2500000, f"-2.500.000{NBSP}đ"),
        (Decimal("1234567.5"), f"1.234.568{NBSP}đ"),
        ("7500000", f"7.500.000{NBSP}đ"),
        (12_345_678_901_234, f"12.345.678.901.234{NBSP}đ"),
    ],
)
def test_vnd(value, expected):
    assert vnd(value) == expected


def test_vnd_leaves_nothing_and_text_alone():
    assert vnd(None) == ""
    assert vnd("") == ""
    assert vnd("không rõ") == "không rõ"


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (1234567, 0, "1.234.567"),
        (1234.5, 1, "1.234,5"),
        (Decimal("0.125"), 2, "0,13"),
        (-1234.5, 2, "-1.234,50"),
        (-0.001, 0, "0"),
        (12, 0, "12"),
        (Decimal("1234567.891"), "2", "1.234.567,89"),
    ],
)
def test_vn_number(value, places, expected):
    assert vn_number(value, places) == expected


def test_vn_number_ignores_non_numbers():
    assert vn_number(None) == ""
    assert vn_number("abc") == "abc"
    assert vn_number(True) is True


def test_vn_date_of_dates_datetimes_and_iso_text(settings):
    settings.TIME_ZONE = "Asia/Ho_Chi_Minh"
    assert vn_date(dt.date(2025, 1, 5)) == "05/01/2025"
    # 20:00 UTC on 31/12 is already 01/01 in Việt Nam.
    moment = dt.datetime(2024, 12, 31, 20, 0, tzinfo=zoneinfo.ZoneInfo("UTC"))
    assert vn_date(moment) == "01/01/2025"
    assert vn_datetime(moment) == "03:00 01/01/2025"
    assert vn_date("2025-03-09") == "09/03/2025"
    assert vn_date(None) == ""
    assert vn_date("không phải ngày") == "không phải ngày"
    assert vn_datetime(dt.date(2025, 1, 5)) == "05/01/2025"


def test_filters_in_a_template():
    html = Template("{% load liemchinh %}{{ a|vnd }} | {{ n|vn_number:1 }} | {{ d|vn_date }}").render(
        Context({"a": 1234567, "n": 9876.54, "d": dt.date(2026, 2, 3)})
    )
    assert html == f"1.234.567{NBSP}đ | 9.876,5 | 03/02/2026"


def test_url_exists_returns_the_url_or_nothing():
    assert url_exists("portal:home") == "/"
    assert url_exists("portal:no_such_page") == ""
    assert url_exists("no_such_namespace:page") == ""
    html = Template(
        "{% load liemchinh %}{% url_exists 'portal:public' as a %}{% url_exists 'core:not_yet' as b %}"
        "[{{ a }}][{{ b }}]{% if not b %}none{% endif %}"
    ).render(Context({}))
    assert html == "[/cong-khai/][]none"
