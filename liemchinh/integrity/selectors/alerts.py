"""Reads of the alert, scan and judgement pages, scoped to the actor (integrity.view).

An alert is visible when the actor reaches its body in the organisation tree with integrity.view,
or, for a registry body outside the tree (or an alert without a body), when the actor holds
integrity.view anywhere (integrity/permissions.py). Evidence strings ("positions.csv row 120") are
resolved to the stored registry rows, and the person links the alert rests on are the last scan's
links between the mentions its evidence names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from liemchinh.core.permissions import has_perm, org_scope_q
from liemchinh.core.text import fold
from liemchinh.integrity import rules
from liemchinh.integrity.models import (
    Alert,
    Body,
    Contract,
    Enterprise,
    EnterprisePerson,
    MatchJudgement,
    Official,
    PersonLink,
    Position,
    Relative,
    ScanRun,
)
from liemchinh.integrity.permissions import VIEW

PAGE_SIZE = 50
RECENT_SCANS = 20


def rule_labels() -> dict[str, str]:
    """The five rules of the integrity contract, in its order, with their Vietnamese labels (rules.py)."""
    return {code: rules.RULE_LABELS.get(code, code) for code in rules.RULE_CODES}


def rule_label(code: str) -> str:
    return rule_labels().get(code, code)


# --- alerts ------------------------------------------------------------------------------------
def alerts_visible(actor) -> QuerySet[Alert]:
    if not has_perm(actor, VIEW):
        return Alert.objects.none()
    in_tree = org_scope_q(actor, VIEW, "body__organization")
    if not in_tree:  # an empty Q reaches every body (and would vanish from an OR)
        return Alert.objects.all()
    return Alert.objects.filter(in_tree | Q(body__organization__isnull=True))


@dataclass
class AlertFilters:
    rule: str = ""
    body: int | None = None
    status: str = ""
    min_score: float | None = None
    active: str = "yes"  # "yes", "no" or "" (all)
    q: str = ""


def _official_name() -> Subquery:
    return Subquery(Official.objects.filter(official_id=OuterRef("official_id")).values("full_name")[:1])


def alert_list(actor, filters: AlertFilters | None = None) -> QuerySet[Alert]:
    """The visible alerts matching the filters, highest score first."""
    f = filters or AlertFilters()
    qs = alerts_visible(actor)
    if f.rule:
        qs = qs.filter(rule=f.rule)
    if f.body:
        qs = qs.filter(body_id=f.body)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.min_score is not None:
        qs = qs.filter(score__gte=f.min_score)
    if f.active == "yes":
        qs = qs.filter(active=True)
    elif f.active == "no":
        qs = qs.filter(active=False)
    text = (f.q or "").strip()
    if text:
        folded = fold(text)
        ids = Official.objects.filter(name_folded__contains=folded).values("official_id")
        qs = qs.filter(Q(official_id__iexact=text) | Q(official_id__in=ids))
    return (
        qs.select_related("body")
        .annotate(official_name=_official_name())
        .order_by("-score", "rule", "official_id", "pk")
    )


def alert_counts_by_rule(actor, filters: AlertFilters | None = None) -> list[dict]:
    """Alerts per rule under the filters other than the rule itself, every rule listed (0 included)."""
    f = filters or AlertFilters()
    without_rule = AlertFilters(**{**f.__dict__, "rule": ""})
    counts = dict(alert_list(actor, without_rule).order_by().values_list("rule").annotate(n=Count("pk")))
    labels = rule_labels()
    rows = [{"rule": code, "label": label, "count": counts.pop(code, 0)} for code, label in labels.items()]
    rows += [{"rule": code, "label": code, "count": n} for code, n in sorted(counts.items())]
    return rows


def alert_filter_bodies(actor) -> QuerySet[Body]:
    """The registry bodies that have a visible alert, for the body filter."""
    return Body.objects.filter(pk__in=alerts_visible(actor).values("body_id")).order_by("name")


def alert_get(actor, pk) -> Alert:
    """The alert when visible; Alert.DoesNotExist otherwise (whether or not it exists)."""
    return alert_list(actor, AlertFilters(active="")).get(pk=pk)


def alert_history(alert: Alert) -> QuerySet:
    return alert.decisions.select_related("decided_by").order_by("-decided_at", "-pk")


def last_decisions(alerts) -> dict[int, object]:
    """The latest decision of each alert (for the export)."""
    from liemchinh.integrity.models import AlertDecision

    latest = {}
    for d in AlertDecision.objects.filter(alert__in=alerts).order_by("alert_id", "-decided_at", "-pk"):
        latest.setdefault(d.alert_id, d)
    return latest


# --- evidence: "positions.csv row 120" → the stored row ------------------------------------
_EVIDENCE = re.compile(r"^\s*(?P<file>[\w.\-]+?)(?:\.(?:csv|xlsx))?\s+(?:row|dòng)\s+(?P<row>\d+)\s*$", re.I)

REGISTRY_FILES = {
    "organizations": Body,
    "officials": Official,
    "positions": Position,
    "relatives": Relative,
    "enterprises": Enterprise,
    "enterprise_people": EnterprisePerson,
    "contracts": Contract,
}


@dataclass
class SourceRow:
    evidence: str
    file: str = ""
    row: int | None = None
    title: str = ""
    record: object | None = None
    fields: list[tuple[str, str]] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return self.record is not None


def _display(obj, name: str) -> str:
    value = (
        getattr(obj, f"get_{name}_display")() if hasattr(obj, f"get_{name}_display") else getattr(obj, name)
    )
    if value is None or value == "" or value == []:
        return "—"
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, int) and name == "value_vnd":
        return f"{value:,}".replace(",", ".") + " đ"
    return str(value)


def _fields(record) -> list[tuple[str, str]]:
    meta = record._meta

    def label(name: str) -> str:
        return capfirst(str(meta.get_field(name).verbose_name))

    if isinstance(record, Body):
        names = ["org_code", "name", "parent_code", "managed_sectors"]
    elif isinstance(record, Official):
        names = ["official_id", "full_name", "birth_date", "birth_year", "id_number"]
    elif isinstance(record, Position):
        rows = [
            (_("Mã cán bộ"), record.official.official_id),
            (_("Họ và tên"), record.official.full_name),
            (_("Mã cơ quan"), record.body.org_code),
        ]
        return rows + [(label(n), _display(record, n)) for n in ("title", "role", "start_date", "end_date")]
    elif isinstance(record, Relative):
        return [(_("Mã cán bộ"), record.official.official_id)] + [
            (label(n), _display(record, n))
            for n in ("relation", "full_name", "birth_date", "birth_year", "id_number")
        ]
    elif isinstance(record, Enterprise):
        names = ["tax_code", "name", "sector_code", "registered_on"]
    elif isinstance(record, EnterprisePerson):
        share = record.capital_share
        return (
            [(_("Mã số thuế"), record.enterprise.tax_code)]
            + [
                (label(n), _display(record, n))
                for n in ("role", "full_name", "birth_date", "birth_year", "id_number")
            ]
            + [
                (
                    label("capital_share"),
                    f"{float(share) * 100:.2f}%".replace(".", ",") if share is not None else "—",
                )
            ]
        )
    elif isinstance(record, Contract):
        return (
            [
                (label("contract_id"), record.contract_id),
                (_("Bên mua"), record.buyer.org_code),
                (_("Nhà cung cấp"), record.supplier.tax_code),
            ]
            + [(label(n), _display(record, n)) for n in ("value_vnd", "signed_on")]
            + [(_("Người ký"), record.signer.official_id if record.signer_id else "—")]
        )
    else:
        names = []
    return [(label(n), _display(record, n)) for n in names]


_RELATED = {
    Position: ("official", "body"),
    Relative: ("official",),
    EnterprisePerson: ("enterprise",),
    Contract: ("buyer", "supplier", "signer"),
}


def alert_source_rows(alert: Alert) -> list[SourceRow]:
    """Each evidence string with the registry row it names (the row of the latest import holding
    that file and line), or unresolved when the registries no longer hold it."""
    out = []
    for evidence in alert.evidence or []:
        item = SourceRow(evidence=str(evidence))
        m = _EVIDENCE.match(str(evidence))
        if m:
            stem, row = m["file"].lower(), int(m["row"])
            item.file, item.row = f"{stem}.csv", row
            model = REGISTRY_FILES.get(stem)
            if model is not None:
                item.title = str(model._meta.verbose_name).capitalize()
                qs = model.objects.filter(
                    Q(source_file__iexact=f"{stem}.csv")
                    | Q(source_file__iexact=stem)
                    | Q(source_file__iexact=f"{stem}.xlsx"),
                    source_row=row,
                )
                qs = qs.select_related(*_RELATED.get(model, ()))
                record = qs.order_by("-import_run_id", "-pk").first()
                if record is not None:
                    item.record, item.fields = record, _fields(record)
        out.append(item)
    return out


MENTION_PREFIXES = ("officials", "relatives", "enterprise_people")


# --- person links -------------------------------------------------------------------------
@dataclass
class LinkView:
    """A pair of mentions on the alert page: the link the last scan made between them (None when
    the scan did not join them, e.g. after a "not the same person" judgement) and the judgement."""

    left_key: str
    right_key: str
    left: str
    right: str
    link: PersonLink | None
    judgement: MatchJudgement | None

    @property
    def judged_label(self) -> str:
        """The judgement the scan applied to the link (resolver's `judged`), in words."""
        judged = self.link.judged if self.link else ""
        return (
            str(MatchJudgement.Verdict(judged).label) if judged in MatchJudgement.Verdict.values else judged
        )


def mention_labels(keys) -> dict[str, str]:
    """{record key: "Người thân: Trần Thị Bình (Vợ hoặc chồng của CB001)"} for the pages, three
    queries at most; a key no registry holds any more is shown as itself."""
    wanted: dict[str, set[str]] = {}
    for key in keys:
        wanted.setdefault(key.partition(":")[0], set()).add(key)
    labels = {key: key for group in wanted.values() for key in group}
    for o in Official.objects.filter(record_key__in=wanted.get("officials", ())):
        labels[o.record_key] = f"{_('Cán bộ')}: {o.full_name} ({o.official_id})"
    for r in Relative.objects.filter(record_key__in=wanted.get("relatives", ())).select_related("official"):
        labels[r.record_key] = (
            f"{_('Người thân')}: {r.full_name} ({r.get_relation_display()} {_('của')} "
            f"{r.official.official_id})"
        )
    for p in EnterprisePerson.objects.filter(
        record_key__in=wanted.get("enterprise_people", ())
    ).select_related("enterprise"):
        labels[p.record_key] = (
            f"{_('Người của doanh nghiệp')}: {p.full_name} ({p.get_role_display()}, {p.enterprise.tax_code})"
        )
    return labels


def mention_label(key: str) -> str:
    return mention_labels([key])[key]


def alert_links(alert: Alert, sources: list[SourceRow] | None = None) -> list[LinkView]:
    """The links of the alert's last scan joining two mentions its evidence (or its chain) names,
    with the officers' current judgement on each pair; then the pairs of those mentions that were
    judged but not joined (so that a "not the same person" can be reconsidered)."""
    sources = alert_source_rows(alert) if sources is None else sources
    keys = {getattr(s.record, "record_key", None) for s in sources} - {None}
    chain = alert.chain if isinstance(alert.chain, dict) else {}
    for node in chain.get("nodes") or []:  # engine/scan.py names person nodes by their record key
        if isinstance(node, dict) and str(node.get("id", "")).partition(":")[0] in MENTION_PREFIXES:
            keys.add(str(node["id"]))
    if not keys:
        return []
    links = (
        list(
            PersonLink.objects.filter(
                scan_id=alert.last_scan_id, left_key__in=keys, right_key__in=keys
            ).order_by("-probability", "left_key")
        )
        if alert.last_scan_id
        else []
    )
    judged = {
        (j.left_key, j.right_key): j
        for j in MatchJudgement.objects.filter(left_key__in=keys, right_key__in=keys).select_related(
            "decided_by"
        )
    }
    pairs = [(li.left_key, li.right_key) for li in links]
    pairs += sorted(pair for pair in judged if pair not in set(pairs))
    by_pair = {(li.left_key, li.right_key): li for li in links}
    labels = mention_labels([k for pair in pairs for k in pair])
    return [LinkView(a, b, labels[a], labels[b], by_pair.get((a, b)), judged.get((a, b))) for a, b in pairs]


# --- judgements and scans ------------------------------------------------------------------
def judgements_list(actor) -> QuerySet[MatchJudgement]:
    """Every same/not-same judgement, newest first, for the inspectorate's review."""
    if not has_perm(actor, VIEW):
        return MatchJudgement.objects.none()
    return MatchJudgement.objects.select_related("decided_by").order_by("-decided_at", "-pk")


def scans_recent(actor, limit: int = RECENT_SCANS) -> list[ScanRun]:
    if not has_perm(actor, VIEW):
        return []
    return list(ScanRun.objects.select_related("actor").order_by("-created_at", "-pk")[:limit])


def scan_get(actor, pk) -> ScanRun:
    if not has_perm(actor, VIEW):
        raise ScanRun.DoesNotExist
    return ScanRun.objects.get(pk=pk)


def scan_rule_counts(scan: ScanRun) -> list[dict]:
    """The scan's alerts per rule, labelled (counts holds them by rule code, beside other figures)."""
    counts = scan.counts if isinstance(scan.counts, dict) else {}
    per_rule = counts.get("alerts") if isinstance(counts.get("alerts"), dict) else counts
    labels = rule_labels()
    return [
        {"rule": code, "label": label, "count": per_rule.get(code, 0)}
        for code, label in labels.items()
        if isinstance(per_rule.get(code, 0), int)
    ]
