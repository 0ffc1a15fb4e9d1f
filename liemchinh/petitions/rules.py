"""Pure rules of citizens' petitions: kinds, channels, the workflow, the law's clocks, what
anonymity means for each kind, and the harassment (nhũng nhiễu) breach test. No ORM, no I/O.

Every time limit is a `TimeLimit` row citing its article and the day it applies from; a change in
the law is a new row, not an edit. Limits counted in working days skip weekends, holidays and the
recorded calendar exceptions; limits counted in days end on the calendar day and, when that day is
off, at the end of the next working day (Bộ luật Dân sự 2015 Điều 148 khoản 5).

Sources (see docs research, vn-legal §4–5): Luật Tố cáo 2018 (`TC`), Luật Khiếu nại 2011 (`KN`),
Luật Tiếp công dân 2013 (`TCD`), Nghị định 20/2008/NĐ-CP (`PAKN`), Chỉ thị 10/CT-TTg (`CT10`).
From 01/07/2026 Luật 136/2025/QH15 and NĐ 154/155/156/2026 amend these texts; the day numbers
found so far are unchanged, so the 2026 rows carry them forward marked `to_verify`, and complaint
clocks from then on exclude suspended time (Luật 136/2025: "thời gian tạm đình chỉ không tính").
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from liemchinh.core import rules as core_rules

LAW_2026 = dt.date(2026, 7, 1)


class Kind(enum.StrEnum):
    FEEDBACK = "feedback"  # phản ánh
    RECOMMENDATION = "recommendation"  # kiến nghị
    COMPLAINT = "complaint"  # khiếu nại
    DENUNCIATION = "denunciation"  # tố cáo
    HARASSMENT = "harassment"  # phản ánh nhũng nhiễu khi giải quyết thủ tục hành chính


class Channel(enum.StrEnum):
    WEB = "web"
    API = "api"
    HOTLINE = "hotline"
    MAIL = "mail"
    EMAIL = "email"
    PRESS = "press"
    CITIZEN_RECEPTION = "citizen_reception"


class Status(enum.StrEnum):
    RECEIVED = "received"
    CLASSIFIED = "classified"
    ACCEPTED = "accepted"
    FORWARDED = "forwarded"
    RETURNED = "returned"
    INVESTIGATING = "investigating"
    RESOLVED = "resolved"
    PUBLISHED = "published"
    CLOSED = "closed"
    MERGED = "merged"


class Complexity(enum.StrEnum):
    NORMAL = "normal"
    COMPLEX = "complex"  # phức tạp
    ESPECIALLY_COMPLEX = "especially_complex"  # đặc biệt phức tạp


KIND_LABELS = {
    Kind.FEEDBACK: "Phản ánh",
    Kind.RECOMMENDATION: "Kiến nghị",
    Kind.COMPLAINT: "Khiếu nại",
    Kind.DENUNCIATION: "Tố cáo",
    Kind.HARASSMENT: "Phản ánh nhũng nhiễu",
}
CHANNEL_LABELS = {
    Channel.WEB: "Cổng thông tin",
    Channel.API: "Kết nối hệ thống",
    Channel.HOTLINE: "Đường dây nóng",
    Channel.MAIL: "Bưu chính",
    Channel.EMAIL: "Thư điện tử",
    Channel.PRESS: "Báo chí chuyển đến",
    Channel.CITIZEN_RECEPTION: "Tiếp công dân",
}
STATUS_LABELS = {
    Status.RECEIVED: "Đã tiếp nhận",
    Status.CLASSIFIED: "Đã phân loại",
    Status.ACCEPTED: "Đã thụ lý",
    Status.FORWARDED: "Đã chuyển cơ quan có thẩm quyền",
    Status.RETURNED: "Trả lại, có nêu lý do",
    Status.INVESTIGATING: "Đang xác minh",
    Status.RESOLVED: "Đã giải quyết",
    Status.PUBLISHED: "Đã công khai kết quả",
    Status.CLOSED: "Đã kết thúc",
    Status.MERGED: "Đã gộp vào đơn khác",
}
COMPLEXITY_LABELS = {
    Complexity.NORMAL: "Thông thường",
    Complexity.COMPLEX: "Phức tạp",
    Complexity.ESPECIALLY_COMPLEX: "Đặc biệt phức tạp",
}

# Which status may follow which. Merging is allowed from any open status.
# A forwarded case (Luật Tố cáo 2018 Điều 24 khoản 3; NĐ 20/2008/NĐ-CP; TT 05/2021/TT-TTCP) either
# waits for the competent body of the system to record its receipt (FORWARDED → RECEIVED, where
# the law's clocks start again: see FORWARD_RULES) or, sent to a body outside the system, is closed
# on this side (FORWARDED → CLOSED).
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.RECEIVED: frozenset({Status.CLASSIFIED, Status.FORWARDED, Status.RETURNED}),
    Status.CLASSIFIED: frozenset({Status.ACCEPTED, Status.FORWARDED, Status.RETURNED}),
    Status.ACCEPTED: frozenset({Status.INVESTIGATING, Status.RESOLVED}),
    Status.INVESTIGATING: frozenset({Status.RESOLVED}),
    Status.RESOLVED: frozenset({Status.PUBLISHED, Status.CLOSED}),
    Status.PUBLISHED: frozenset({Status.CLOSED}),
    Status.FORWARDED: frozenset({Status.RECEIVED, Status.CLOSED}),
    Status.RETURNED: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset(),
    Status.MERGED: frozenset(),
}
OPEN_STATUSES = frozenset(
    {Status.RECEIVED, Status.CLASSIFIED, Status.ACCEPTED, Status.INVESTIGATING}
)
FINAL_STATUSES = frozenset({Status.CLOSED, Status.MERGED})


def can_transition(current: str, target: str) -> bool:
    if target == Status.MERGED:
        return Status(current) not in FINAL_STATUSES
    return Status(target) in TRANSITIONS[Status(current)]


# ---------------------------------------------------------------------------------------------
# Time limits
# ---------------------------------------------------------------------------------------------

CALENDAR = "calendar"
WORKING = "working"

# Steps a limit can apply to.
STEP_CLASSIFY = "classify"  # vào sổ, phân loại, kiểm tra điều kiện thụ lý (from receipt)
STEP_FORWARD = "forward"  # chuyển đơn đến cơ quan có thẩm quyền (from receipt)
STEP_ACCEPT = "accept"  # thụ lý (from receipt)
STEP_NOTIFY_ACCEPT = "notify_accept"  # thông báo thụ lý (from acceptance)
STEP_RESOLVE = "resolve"  # giải quyết (from acceptance)
STEP_REPLY = "reply"  # trả lời người đến tiếp công dân (from receipt)
STEP_PUBLISH = "publish"  # công khai kết luận (from resolution)
STEP_PRESS_RESULT = "press_result"  # báo kết quả cho cơ quan, báo chí chuyển đơn (from acceptance)


@dataclass(frozen=True)
class TimeLimit:
    """One time limit of the law. `days` counted in `unit` ("calendar" or "working") from the
    step's start event. `several_places`, `remote_area` and `complexity` select variants (None:
    any). `to_verify` flags numbers carried forward without the amending text at hand."""

    kind: Kind
    step: str
    days: int
    unit: str
    article: str
    effective_from: dt.date
    several_places: bool | None = None
    remote_area: bool | None = None
    complexity: Complexity | None = None
    channel: Channel | None = None
    to_verify: bool = False
    note: str = ""


TC = "Luật Tố cáo 2018"
KN = "Luật Khiếu nại 2011"
TCD = "Luật Tiếp công dân 2013"
PAKN = "Nghị định 20/2008/NĐ-CP"
TC_FROM = dt.date(2019, 1, 1)
KN_FROM = dt.date(2012, 7, 1)
TCD_FROM = dt.date(2014, 7, 1)
PAKN_FROM = dt.date(2008, 3, 15)
NOTE_2026 = ("Luật 136/2025/QH15 và các Nghị định 154, 155, 156/2026/NĐ-CP (hiệu lực 01/07/2026) sửa đổi; "
             "số ngày giữ như trước — cần đối chiếu văn bản")


def _limits_for_2026(rows: Iterable[TimeLimit]) -> tuple[TimeLimit, ...]:
    """The same numbers from 01/07/2026, marked to be verified against the amended texts."""
    return tuple(
        TimeLimit(**{**r.__dict__, "effective_from": LAW_2026, "to_verify": True, "note": NOTE_2026})
        for r in rows
        if r.kind in (Kind.DENUNCIATION, Kind.COMPLAINT) or r.step == STEP_REPLY
    )


_BASE_LIMITS: tuple[TimeLimit, ...] = (
    # --- tố cáo ---
    TimeLimit(Kind.DENUNCIATION, STEP_CLASSIFY, 7, WORKING, f"{TC} Điều 24 khoản 1", TC_FROM, several_places=False),
    TimeLimit(Kind.DENUNCIATION, STEP_CLASSIFY, 10, WORKING,
              f"{TC} Điều 24 khoản 1 (cần kiểm tra, xác minh tại nhiều địa điểm)", TC_FROM, several_places=True),
    TimeLimit(Kind.DENUNCIATION, STEP_FORWARD, 5, WORKING, f"{TC} Điều 24 khoản 3", TC_FROM),
    TimeLimit(Kind.DENUNCIATION, STEP_NOTIFY_ACCEPT, 5, WORKING, f"{TC} Điều 29 khoản 2", TC_FROM),
    TimeLimit(Kind.DENUNCIATION, STEP_RESOLVE, 30, CALENDAR, f"{TC} Điều 30 khoản 1", TC_FROM),
    TimeLimit(Kind.DENUNCIATION, STEP_PUBLISH, 7, WORKING, f"{TC} Điều 40 khoản 2", TC_FROM),
    TimeLimit(Kind.DENUNCIATION, STEP_PRESS_RESULT, 20, CALENDAR, f"{TC} Điều 26", TC_FROM, channel=Channel.PRESS),
    # --- khiếu nại lần đầu ---
    TimeLimit(Kind.COMPLAINT, STEP_ACCEPT, 10, CALENDAR, f"{KN} Điều 27", KN_FROM),
    TimeLimit(Kind.COMPLAINT, STEP_RESOLVE, 30, CALENDAR, f"{KN} Điều 28", KN_FROM, remote_area=False),
    TimeLimit(Kind.COMPLAINT, STEP_RESOLVE, 45, CALENDAR, f"{KN} Điều 28 (vùng sâu, vùng xa, đi lại khó khăn)",
              KN_FROM, remote_area=True),
    # --- phản ánh, kiến nghị về quy định hành chính; nhũng nhiễu (xử lý như phản ánh) ---
    TimeLimit(Kind.FEEDBACK, STEP_FORWARD, 5, WORKING, f"{PAKN} (chuyển cơ quan có thẩm quyền)", PAKN_FROM),
    TimeLimit(Kind.RECOMMENDATION, STEP_FORWARD, 5, WORKING, f"{PAKN} (chuyển cơ quan có thẩm quyền)", PAKN_FROM),
    TimeLimit(Kind.HARASSMENT, STEP_FORWARD, 5, WORKING,
              f"{PAKN}; Chỉ thị 10/CT-TTg (tiếp nhận, xử lý phản ánh nhũng nhiễu)", PAKN_FROM),
    # --- trả lời người đến tiếp công dân (mọi loại đơn nhận tại buổi tiếp) ---
    *(TimeLimit(k, STEP_REPLY, 10, WORKING, f"{TCD} Điều 28", TCD_FROM, channel=Channel.CITIZEN_RECEPTION)
      for k in Kind),
)
LIMITS: tuple[TimeLimit, ...] = _BASE_LIMITS + _limits_for_2026(_BASE_LIMITS)


def limit_for(kind: str, step: str, on: dt.date, *, several_places: bool = False, remote_area: bool = False,
              channel: str | None = None) -> TimeLimit | None:
    """The limit for `kind` at `step` in force on `on` (the latest effective_from not after it),
    or None when the law sets none."""
    candidates = [
        r for r in LIMITS
        if r.kind == kind and r.step == step and r.effective_from <= on
        and (r.several_places is None or r.several_places == several_places)
        and (r.remote_area is None or r.remote_area == remote_area)
        and (r.channel is None or r.channel == channel)
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda r: r.effective_from)


@dataclass(frozen=True)
class ExtensionRule:
    """How far a resolution limit may be extended. `max_by_complexity`: number of extensions
    allowed for each complexity; each extension at most `max_days` (days counted like the limit)."""

    kind: Kind
    max_by_complexity: Mapping[Complexity, int]
    max_days: int
    max_days_remote: int
    article: str
    effective_from: dt.date


EXTENSION_RULES: tuple[ExtensionRule, ...] = (
    ExtensionRule(Kind.DENUNCIATION,
                  {Complexity.NORMAL: 0, Complexity.COMPLEX: 1, Complexity.ESPECIALLY_COMPLEX: 2},
                  30, 30, f"{TC} Điều 30 khoản 1", TC_FROM),
    # Luật KN Điều 28: phức tạp ≤ 45 ngày (vùng xa ≤ 60): one extension of 15 days over the base.
    ExtensionRule(Kind.COMPLAINT,
                  {Complexity.NORMAL: 0, Complexity.COMPLEX: 1, Complexity.ESPECIALLY_COMPLEX: 1},
                  15, 15, f"{KN} Điều 28", KN_FROM),
)


def extension_rule_for(kind: str, on: dt.date) -> ExtensionRule | None:
    rows = [r for r in EXTENSION_RULES if r.kind == kind and r.effective_from <= on]
    return max(rows, key=lambda r: r.effective_from) if rows else None


def check_extension(kind: str, complexity: str, existing: int, days: int, *, on: dt.date,
                    remote_area: bool = False) -> str | None:
    """None when one more extension of `days` is allowed, else the Vietnamese reason why not."""
    rule = extension_rule_for(kind, on)
    if rule is None:
        return f"Pháp luật không quy định gia hạn giải quyết đối với loại đơn “{KIND_LABELS[Kind(kind)]}”."
    allowed = rule.max_by_complexity.get(Complexity(complexity), 0)
    if allowed == 0:
        return ("Vụ việc thông thường không được gia hạn; chỉ vụ việc phức tạp hoặc đặc biệt phức tạp "
                f"mới được gia hạn ({rule.article}).")
    if existing >= allowed:
        return (f"Vụ việc “{COMPLEXITY_LABELS[Complexity(complexity)].lower()}” được gia hạn tối đa {allowed} lần "
                f"({rule.article}); đã gia hạn {existing} lần.")
    max_days = rule.max_days_remote if remote_area else rule.max_days
    if days < 1 or days > max_days:
        return f"Mỗi lần gia hạn không quá {max_days} ngày ({rule.article})."
    return None


# ---------------------------------------------------------------------------------------------
# Forwarding to the competent body
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ForwardRule:
    """How a petition of `kind` outside the receiving body's competence is forwarded.

    `max_forwards`: how many times the same petition may be forwarded (None: no limit set).
    `notify_article`: the text obliging the sender to tell the petitioner where it went.
    `restart_article`: why the receiving body's clocks count from the day *it* receives the
    petition (each limit of the law runs "kể từ ngày nhận được" the petition)."""

    kind: Kind
    max_forwards: int | None
    article: str
    notify_article: str
    restart_article: str
    effective_from: dt.date
    to_verify: bool = False


TT05 = "Thông tư 05/2021/TT-TTCP"
TT05_FROM = dt.date(2021, 11, 15)

FORWARD_RULES: tuple[ForwardRule, ...] = (
    ForwardRule(Kind.DENUNCIATION, 1, f"{TC} Điều 24 khoản 3; {TT05} (đơn tố cáo chỉ chuyển một lần)",
                f"{TC} Điều 24 khoản 3 (thông báo cho người tố cáo)",
                f"{TC} Điều 24 khoản 1 (thời hạn tính từ ngày nhận được tố cáo)", TT05_FROM),
    ForwardRule(Kind.COMPLAINT, None, f"{TT05} (chuyển đơn, hướng dẫn người khiếu nại)",
                f"{TT05} (thông báo cho người khiếu nại)",
                f"{KN} Điều 27 (thụ lý trong 10 ngày kể từ ngày nhận được khiếu nại thuộc thẩm quyền)", TT05_FROM,
                to_verify=True),
    *(ForwardRule(k, None, f"{PAKN} (chuyển cơ quan có thẩm quyền trong 05 ngày làm việc)",
                  f"{PAKN} (thông báo cho người phản ánh, kiến nghị)",
                  f"{PAKN} (thời hạn tính từ ngày cơ quan có thẩm quyền nhận được)", PAKN_FROM)
      for k in (Kind.FEEDBACK, Kind.RECOMMENDATION, Kind.HARASSMENT)),
)


def forward_rule_for(kind: str, on: dt.date) -> ForwardRule | None:
    rows = [r for r in FORWARD_RULES if r.kind == kind and r.effective_from <= on]
    return max(rows, key=lambda r: r.effective_from) if rows else None


def check_forward(kind: str, forwarded_before: int, *, on: dt.date) -> str | None:
    """None when the petition may be forwarded once more, else the Vietnamese reason why not."""
    rule = forward_rule_for(kind, on)
    if rule is None or rule.max_forwards is None or forwarded_before < rule.max_forwards:
        return None
    return (f"Đơn “{KIND_LABELS[Kind(kind)]}” chỉ được chuyển {rule.max_forwards} lần ({rule.article}); "
            f"đơn này đã được chuyển {forwarded_before} lần.")


def restart_on_receipt(received_on: dt.date) -> dt.date:
    """The day the receiving body's clocks start from: the day it receives the forwarded petition
    (every limit of FORWARD_RULES' restart_article runs from receipt, not from the first sending)."""
    return received_on


# ---------------------------------------------------------------------------------------------
# The clock of a case
# ---------------------------------------------------------------------------------------------


class Calendar:
    """Working-day arithmetic over a mapping of exceptions; the database-bound calendar of
    core.selectors.calendar.working_calendar() has the same methods."""

    def __init__(self, exceptions: Mapping[dt.date, str] | None = None) -> None:
        self.exceptions = dict(exceptions or {})

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        return core_rules.add_working_days(start, n, self.exceptions)

    def add_calendar_days(self, start: dt.date, n: int) -> dt.date:
        return core_rules.add_calendar_days(start, n)

    def next_working_day_if_off(self, day: dt.date) -> dt.date:
        return core_rules.next_working_day_if_off(day, self.exceptions)


@dataclass(frozen=True)
class Suspension:
    start: dt.date
    end: dt.date | None = None  # None: still suspended


@dataclass(frozen=True)
class CaseFacts:
    """What the clock depends on, as recorded on a case."""

    kind: str
    received_on: dt.date
    channel: str = Channel.WEB
    accepted_on: dt.date | None = None
    resolved_on: dt.date | None = None
    several_places: bool = False
    remote_area: bool = False
    anonymous: bool = False
    extensions: tuple[int, ...] = ()  # days of each extension, in order
    suspensions: tuple[Suspension, ...] = ()


@dataclass(frozen=True)
class Due:
    step: str
    on: dt.date
    limit: TimeLimit
    extended_days: int = 0
    suspended_days: int = 0


@dataclass
class Clock:
    """The due dates of a case by step, and the limits they come from."""

    due: dict[str, Due] = field(default_factory=dict)
    suspended: bool = False

    def on(self, step: str) -> dt.date | None:
        d = self.due.get(step)
        return d.on if d else None


def _end(limit: TimeLimit, start: dt.date, extra_days: int, cal) -> dt.date:
    if limit.unit == WORKING:
        return cal.add_working_days(start, limit.days + extra_days)
    return cal.next_working_day_if_off(cal.add_calendar_days(start, limit.days + extra_days))


def suspended_days(suspensions: Iterable[Suspension], today: dt.date) -> int:
    """Calendar days during which the case was suspended (the suspension's first day to the day
    before it was lifted; an open suspension runs to today)."""
    total = 0
    for s in suspensions:
        end = s.end or today
        total += max(0, (end - s.start).days)
    return total


def compute_clock(facts: CaseFacts, *, calendar=None, today: dt.date | None = None) -> Clock:
    """Due dates of every step that applies to the case. Limits are those in force on the day the
    step's start event happened. Extensions lengthen the resolution limit; time suspended is not
    counted (the resolution due date moves by the days suspended)."""
    cal = calendar or Calendar()
    today = today or dt.date.today()
    clock = Clock(suspended=any(s.end is None for s in facts.suspensions))
    common = {"several_places": facts.several_places, "remote_area": facts.remote_area, "channel": facts.channel}

    for step in (STEP_CLASSIFY, STEP_FORWARD, STEP_ACCEPT, STEP_REPLY):
        limit = limit_for(facts.kind, step, facts.received_on, **common)
        if limit is not None:
            clock.due[step] = Due(step, _end(limit, facts.received_on, 0, cal), limit)

    if facts.accepted_on is not None:
        for step in (STEP_NOTIFY_ACCEPT, STEP_PRESS_RESULT):
            limit = limit_for(facts.kind, step, facts.accepted_on, **common)
            if limit is not None:
                clock.due[step] = Due(step, _end(limit, facts.accepted_on, 0, cal), limit)
        limit = limit_for(facts.kind, STEP_RESOLVE, facts.accepted_on, **common)
        # An anonymous denunciation is checked for management purposes, not resolved under Điều 30.
        if limit is not None and not (facts.kind == Kind.DENUNCIATION and facts.anonymous):
            extended = sum(facts.extensions)
            paused = suspended_days(facts.suspensions, today)
            on = _end(limit, facts.accepted_on, extended, cal)
            if paused:
                on = cal.next_working_day_if_off(on + dt.timedelta(days=paused))
            clock.due[STEP_RESOLVE] = Due(STEP_RESOLVE, on, limit, extended, paused)

    if facts.resolved_on is not None:
        limit = limit_for(facts.kind, STEP_PUBLISH, facts.resolved_on, **common)
        if limit is not None:
            clock.due[STEP_PUBLISH] = Due(STEP_PUBLISH, _end(limit, facts.resolved_on, 0, cal), limit)
    return clock


# The event that ends each step: a step is overdue when its due date has passed and it has not
# happened. Steps are named by the status reached when they are done.
STEP_DONE_STATUSES = {
    STEP_CLASSIFY: {Status.CLASSIFIED, Status.ACCEPTED, Status.FORWARDED, Status.RETURNED, Status.INVESTIGATING,
                    Status.RESOLVED, Status.PUBLISHED, Status.CLOSED, Status.MERGED},
    STEP_ACCEPT: {Status.ACCEPTED, Status.FORWARDED, Status.RETURNED, Status.INVESTIGATING, Status.RESOLVED,
                  Status.PUBLISHED, Status.CLOSED, Status.MERGED},
    STEP_RESOLVE: {Status.RESOLVED, Status.PUBLISHED, Status.CLOSED, Status.MERGED},
    STEP_PUBLISH: {Status.PUBLISHED, Status.CLOSED, Status.MERGED},
}


def overdue_steps(clock: Clock, *, status: str, today: dt.date, done_steps: Iterable[str] = ()) -> list[str]:
    """Steps whose due date is before `today` and which are not done. The forward and reply steps
    are done when listed in `done_steps` (they are not statuses); a forward step only matters while
    the case has not been classified as competent (it is dropped once accepted)."""
    done = set(done_steps)
    late = []
    for step, due in clock.due.items():
        if step in done or due.on >= today:
            continue
        if step in STEP_DONE_STATUSES and status in STEP_DONE_STATUSES[step]:
            continue
        if step == STEP_FORWARD and status not in (Status.RECEIVED, Status.CLASSIFIED):
            continue
        if step in (STEP_NOTIFY_ACCEPT, STEP_PRESS_RESULT, STEP_REPLY) and step not in done and status in FINAL_STATUSES:
            continue
        if step == STEP_RESOLVE and clock.suspended:
            continue
        late.append(step)
    return late


# ---------------------------------------------------------------------------------------------
# Anonymity per kind
# ---------------------------------------------------------------------------------------------

ANON_REFUSED = "refused"  # the kind cannot be sent without identity
ANON_PROCESSED = "processed"  # handled the same way
ANON_CHECKED_IF_CONCRETE = "checked_if_concrete"  # not handled as this kind; checked if concrete


@dataclass(frozen=True)
class AnonymityRule:
    kind: Kind
    mode: str
    article: str
    explanation: str  # shown on the form, Vietnamese
    effective_from: dt.date
    to_verify: bool = False


ANONYMITY: dict[Kind, AnonymityRule] = {
    Kind.DENUNCIATION: AnonymityRule(
        Kind.DENUNCIATION, ANON_CHECKED_IF_CONCRETE, f"{TC} Điều 25",
        "Đơn tố cáo không ghi họ tên, địa chỉ (nặc danh) hoặc mạo danh sẽ không được xử lý theo thủ tục giải quyết "
        "tố cáo. Tuy nhiên, nếu nội dung nêu rõ người có hành vi vi phạm và có tài liệu, chứng cứ cụ thể, có cơ sở "
        "để thẩm tra, xác minh thì cơ quan có thẩm quyền sẽ tiến hành thanh tra, kiểm tra phục vụ công tác quản lý. "
        "Nếu ghi danh tính, thông tin của bạn được mã hóa và giữ bí mật; chỉ người giải quyết được phép xem.",
        TC_FROM),
    Kind.COMPLAINT: AnonymityRule(
        Kind.COMPLAINT, ANON_REFUSED, f"{KN} Điều 8, Điều 11",
        "Đơn khiếu nại phải ghi rõ họ tên, địa chỉ của người khiếu nại và có chữ ký; đơn không đủ thông tin này "
        "không được thụ lý. Vì vậy không thể gửi khiếu nại nặc danh.",
        KN_FROM),
    Kind.FEEDBACK: AnonymityRule(
        Kind.FEEDBACK, ANON_PROCESSED, PAKN,
        "Bạn có thể gửi phản ánh không ghi danh tính. Hãy lưu mã tra cứu và mật mã để theo dõi kết quả xử lý; "
        "cơ quan sẽ không thể liên hệ lại với bạn nếu cần bổ sung thông tin.",
        PAKN_FROM, to_verify=True),
    Kind.RECOMMENDATION: AnonymityRule(
        Kind.RECOMMENDATION, ANON_PROCESSED, PAKN,
        "Bạn có thể gửi kiến nghị không ghi danh tính. Hãy lưu mã tra cứu và mật mã để theo dõi kết quả xử lý; "
        "cơ quan sẽ không thể liên hệ lại với bạn nếu cần bổ sung thông tin.",
        PAKN_FROM, to_verify=True),
    Kind.HARASSMENT: AnonymityRule(
        Kind.HARASSMENT, ANON_PROCESSED, "Chỉ thị 10/CT-TTg",
        "Bạn có thể phản ánh việc nhũng nhiễu, gây phiền hà mà không ghi danh tính. Nên ghi mã hồ sơ thủ tục "
        "hành chính để cơ quan kiểm tra được; thông tin cá nhân (nếu có) được mã hóa và giữ bí mật.",
        dt.date(2019, 4, 22)),
}


# ---------------------------------------------------------------------------------------------
# Harassment: asking for supplementary documents more than once
# ---------------------------------------------------------------------------------------------

SUPPLEMENT_REQUESTS_ALLOWED = 1
SUPPLEMENT_RULE_ARTICLE = ("Chỉ thị 10/CT-TTg ngày 22/4/2019: không được yêu cầu người dân, doanh nghiệp "
                           "bổ sung hồ sơ quá 01 lần")
SUPPLEMENT_RULE_FROM = dt.date(2019, 4, 22)


# When the administration was at fault the result is published with a public apology and remedy
# (Chỉ thị 10/CT-TTg; the province's plan implementing it: "nếu có lỗi thì phải công khai xin lỗi
# người dân, doanh nghiệp và khắc phục hậu quả").
APOLOGY_RULE_ARTICLE = "Chỉ thị 10/CT-TTg ngày 22/4/2019; kế hoạch của UBND tỉnh thực hiện Chỉ thị 10"


def supplement_breach(requests: int | None) -> bool:
    """True when the dossier was sent back for supplementary documents more than once."""
    return (requests or 0) > SUPPLEMENT_REQUESTS_ALLOWED


# ---------------------------------------------------------------------------------------------
# Satisfaction
# ---------------------------------------------------------------------------------------------

RATING_MIN = 1
RATING_MAX = 5
RATABLE_STATUSES = frozenset({Status.RESOLVED, Status.PUBLISHED, Status.CLOSED})
