"""A small fixed-window rate limiter on Django's cache (the database cache in development and
production), for the public petition pages and API.

Limits are per *caller key* and per scope, with thresholds in settings.PETITIONS_RATE_LIMITS:
``{"scope": (max_requests, window_seconds)}``. They stay on when the CAPTCHA is switched off.

The caller key is a keyed HMAC of the client address (crypto.keyed_hash, key outside the database).
It is kept only as part of a cache key that expires with its window and is NEVER stored with a
petition; the raw address is not stored anywhere.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from rest_framework.throttling import BaseThrottle

from liemchinh.petitions import crypto

DEFAULT_LIMIT = (30, 600)


def client_address(request: HttpRequest) -> str:
    """The address the request came from. Behind the deployment's reverse proxy REMOTE_ADDR is
    what the proxy hands over; a client-supplied X-Forwarded-For is not trusted here."""
    return request.META.get("REMOTE_ADDR", "") or ""


def caller_key(request: HttpRequest) -> str:
    """A keyed HMAC of the client address: the same caller gets the same key, the address cannot be
    read back from it, and it is never stored with a petition (only in expiring cache entries and,
    hashed once more, in the tracking service's failure counter)."""
    return crypto.keyed_hash("public-caller", client_address(request))


def limit_for(scope: str) -> tuple[int, int]:
    limits = getattr(settings, "PETITIONS_RATE_LIMITS", {}) or {}
    count, window = limits.get(scope, DEFAULT_LIMIT)
    return int(count), int(window)


def hit(scope: str, key: str, *, now: float | None = None) -> tuple[bool, int]:
    """Count one request of `key` in `scope`. Returns (allowed, seconds until the window ends)."""
    count, window = limit_for(scope)
    now = time.time() if now is None else now
    window_start = int(now // window) * window
    cache_key = f"petitions:rl:{scope}:{key}:{window_start}"
    retry_after = max(1, int(window_start + window - now))
    # add() is atomic on every backend: it sets 0 only when the key is missing.
    cache.add(cache_key, 0, timeout=window + 1)
    try:
        used = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.set(cache_key, 1, timeout=window + 1)
        used = 1
    return used <= count, retry_after


def check(request: HttpRequest, scope: str) -> tuple[bool, int]:
    return hit(scope, caller_key(request))


class PublicRateThrottle(BaseThrottle):
    """DRF throttle on the same limiter; the scope is the view's `rate_scope` attribute (or the
    action's, when the view maps actions to scopes in `rate_scopes`)."""

    def allow_request(self, request, view) -> bool:
        scopes = getattr(view, "rate_scopes", {})
        scope = scopes.get(getattr(view, "action", None), getattr(view, "rate_scope", "api"))
        allowed, self._wait = hit(scope, caller_key(request))
        return allowed

    def wait(self) -> float | None:
        return getattr(self, "_wait", None)
