"""Template helpers for Vietnamese administrative writing: money, numbers, dates, optional links.

    {% load liemchinh %}
    {{ amount|vnd }}           1234567 → "1.234.567 đ"
    {{ value|vn_number }}      1234567 → "1.234.567";  {{ 1234.5|vn_number:1 }} → "1.234,5"
    {{ day|vn_date }}          date(2025, 1, 5) → "05/01/2025" (a datetime in local time)
    {{ moment|vn_datetime }}   → "14:30 05/01/2025"
    {% url_exists "core:notification_badge" as badge_url %}{% if badge_url %}…{% endif %}
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

register = template.Library()


def _to_decimal(value) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


def format_vn_number(value, places: int = 0) -> str:
    """Group thousands with "." and use "," before decimals, as Vietnamese documents do."""
    number = _to_decimal(value)
    if number is None:
        return ""
    places = max(int(places), 0)
    quantum = Decimal(1).scaleb(-places)
    number = number.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    text = f"{abs(number):.{places}f}"
    whole, _, fraction = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = ".".join(groups)
    if fraction:
        result = f"{result},{fraction}"
    if sign and set(result) <= {"0", ".", ","}:
        sign = ""  # no "-0"
    return sign + result


@register.filter
def vn_number(value, places=0):
    """1234567 → "1.234.567"; with an argument, that many decimals after ","."""
    try:
        places = int(places)
    except (TypeError, ValueError):
        places = 0
    text = format_vn_number(value, places)
    return text if text or value in (None, "") else value


@register.filter
def vnd(value):
    """An amount of đồng: 1234567 → "1.234.567 đ" (rounded to the whole đồng)."""
    text = format_vn_number(value, 0)
    if not text:
        return "" if value in (None, "") else value
    return f"{text}\u00a0đ"


def _as_date(value):
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.datetime.fromisoformat(value) if "T" in value or " " in value else dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


@register.filter
def vn_date(value):
    """A date (or a datetime, in local time) as dd/mm/yyyy; "" for nothing."""
    day = _as_date(value)
    if day is None:
        return "" if value in (None, "") else value
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


@register.filter
def vn_datetime(value):
    """A datetime in local time as "HH:MM dd/mm/yyyy"."""
    moment = _as_date(value)
    if moment is None:
        return "" if value in (None, "") else value
    if not isinstance(moment, dt.datetime):
        return vn_date(moment)
    return f"{moment.hour:02d}:{moment.minute:02d} {vn_date(moment)}"


def reverse_or_empty(name: str, *args, **kwargs) -> str:
    try:
        return reverse(name, args=args or None, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


@register.simple_tag
def url_exists(name, *args, **kwargs):
    """The URL of `name`, or "" when no such URL exists (yet): lets a page link to a module that
    may not be built, without failing."""
    return reverse_or_empty(name, *args, **kwargs)
