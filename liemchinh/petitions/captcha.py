"""An offline CAPTCHA for the public forms: a small sum or difference generated on the server and
drawn as an inline SVG with noise. No external service, no script, no image file.

The answer is kept only as a salted HMAC in the session, with an expiry; a challenge is used once
(checking it, right or wrong, removes it). settings.PETITIONS_CAPTCHA_ENABLED = False turns it off
(trusted API clients, load tests); the rate limits stay on either way.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

SESSION_PREFIX = "petitions.captcha."
TTL_SECONDS = 600
_rng = secrets.SystemRandom()


def enabled() -> bool:
    return bool(getattr(settings, "PETITIONS_CAPTCHA_ENABLED", True))


@dataclass(frozen=True)
class Challenge:
    question: str  # e.g. "7 + 5"
    svg: SafeString


def _new_problem() -> tuple[str, str]:
    """(question, answer): a sum or a difference of small numbers, never negative."""
    a, b = _rng.randint(2, 19), _rng.randint(1, 9)
    if _rng.random() < 0.5:
        return f"{a} + {b}", str(a + b)
    return f"{a} - {b}", str(a - b)


def _digest(nonce: str, answer: str) -> str:
    return salted_hmac("liemchinh.petitions.captcha", f"{nonce}:{answer.strip()}", algorithm="sha256").hexdigest()


def render_svg(text: str) -> SafeString:
    """The text drawn glyph by glyph, each shifted and turned a little, over noise lines and dots."""
    width, height = 40 + 22 * len(text), 56
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="captcha-image" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(_("Mã kiểm tra"))}">',
             f'<rect width="{width}" height="{height}" fill="#f4f6f8"/>']
    for _i in range(6):
        x1, y1, x2, y2 = (_rng.randint(0, width), _rng.randint(0, height), _rng.randint(0, width),
                          _rng.randint(0, height))
        shade = _rng.randint(120, 190)
        parts.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="rgb({shade},{shade},{shade})" '
                     f'stroke-width="{_rng.choice((1, 1.5, 2))}"/>')
    x = 20
    for ch in text:
        if ch != " ":
            y = _rng.randint(34, 42)
            angle = _rng.randint(-25, 25)
            parts.append(f'<text x="{x}" y="{y}" font-family="monospace" font-size="{_rng.randint(26, 32)}" '
                         f'font-weight="bold" fill="#1f2d3d" transform="rotate({angle} {x} {y})">'
                         f'{escape(ch)}</text>')
        x += 22
    for _i in range(30):
        parts.append(f'<circle cx="{_rng.randint(0, width)}" cy="{_rng.randint(0, height)}" r="1.2" fill="#7b8794"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every value above is a number or escaped)


def new_challenge(request, purpose: str) -> Challenge:
    """A fresh challenge for `purpose` ("submit", "track"), replacing any earlier one."""
    question, answer = _new_problem()
    nonce = secrets.token_hex(8)
    request.session[SESSION_PREFIX + purpose] = {"nonce": nonce, "digest": _digest(nonce, answer),
                                                 "expires": time.time() + TTL_SECONDS}
    return Challenge(question, render_svg(question + " = ?"))


def verify(request, purpose: str, answer: str) -> str | None:
    """None when `answer` solves the challenge of `purpose`, else the Vietnamese reason. The
    challenge is consumed whatever the outcome: a second try needs a new one."""
    stored = request.session.pop(SESSION_PREFIX + purpose, None)
    if not stored:
        return _("Mã kiểm tra đã hết hạn hoặc đã được dùng. Vui lòng nhập mã kiểm tra mới.")
    if time.time() > stored.get("expires", 0):
        return _("Mã kiểm tra đã hết hạn. Vui lòng nhập mã kiểm tra mới.")
    if not constant_time_compare(_digest(stored["nonce"], answer or ""), stored["digest"]):
        return _("Kết quả phép tính kiểm tra chưa đúng.")
    return None
