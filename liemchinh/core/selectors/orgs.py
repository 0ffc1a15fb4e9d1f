"""Reads of the organisation tree and groups: what an actor may see, search, history, and the
resolution of the names documents use ("Sở TC", "UBND các xã, phường") to bodies and groups."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from liemchinh.core.models import Organization, OrgGroup, OrgKind
from liemchinh.core.permissions import orgs_with_perm, require_perm
from liemchinh.core.text import fold

VIEW = "core.org.view"


def active_on_q(day: dt.date, prefix: str = "") -> Q:
    """Bodies valid on `day` (open-ended validity counts as valid)."""
    p = f"{prefix}__" if prefix else ""
    return (Q(**{f"{p}valid_from__isnull": True}) | Q(**{f"{p}valid_from__lte": day})) & (
        Q(**{f"{p}valid_to__isnull": True}) | Q(**{f"{p}valid_to__gte": day})
    )


def visible_orgs(actor) -> QuerySet:
    """Every body the actor may see (its roles' reach for "core.org.view")."""
    return orgs_with_perm(actor, VIEW)


def org_get(actor, pk) -> Organization:
    """One visible body, or Organization.DoesNotExist (404) when it is out of reach."""
    return visible_orgs(actor).select_related("parent", "successor").get(pk=pk)


def _filtered(qs: QuerySet, *, include_closed: bool, kind: str | None) -> QuerySet:
    if not include_closed:
        qs = qs.filter(active_on_q(timezone.localdate()))
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def _with_child_counts(qs: QuerySet, include_closed: bool) -> QuerySet:
    today = timezone.localdate()
    child_filter = Q() if include_closed else active_on_q(today, "children")
    return qs.annotate(child_count=Count("children", filter=child_filter, distinct=True))


_KIND_RANK = {kind: rank for rank, kind in enumerate(OrgKind.values)}


def display_order(org: Organization) -> tuple[int, str]:
    """Siblings are listed by kind (the inspectorate first, then departments, communes …), then
    by name without regard to diacritics."""
    return _KIND_RANK.get(org.kind, len(_KIND_RANK)), fold(org.name)


@dataclass
class TreeNode:
    org: Organization
    children: list[TreeNode] = field(default_factory=list)
    child_count: int = 0

    @property
    def has_hidden_children(self) -> bool:
        return self.child_count > len(self.children)


def org_tree(actor, *, include_closed: bool = False, kind: str | None = None, max_depth: int | None = None
             ) -> list[TreeNode]:
    """The visible bodies as a forest (roots: visible bodies whose parent is not visible), for
    display. `max_depth` limits the levels loaded below the roots (the rest load on demand)."""
    qs = _with_child_counts(_filtered(visible_orgs(actor), include_closed=include_closed, kind=kind),
                            include_closed)
    orgs = sorted(qs, key=lambda o: (o.depth, *display_order(o)))
    if kind:  # a kind filter flattens the tree: every match is shown
        return [TreeNode(org=org, child_count=0) for org in sorted(orgs, key=display_order)]
    shown = {org.pk for org in orgs}
    nodes: dict[int, TreeNode] = {}
    levels: dict[int, int] = {}
    roots: list[TreeNode] = []
    for org in orgs:  # ordered by depth: a parent comes before its children
        node = TreeNode(org=org, child_count=org.child_count)
        if org.parent_id not in shown:
            roots.append(node)
            levels[org.pk] = 0
        elif org.parent_id in nodes:
            level = levels[org.parent_id] + 1
            if max_depth is not None and level > max_depth:
                continue
            levels[org.pk] = level
            nodes[org.parent_id].children.append(node)
        else:
            continue  # below a level that is not loaded
        nodes[org.pk] = node
    return roots


def org_children(actor, org: Organization, *, include_closed: bool = False) -> list[TreeNode]:
    """The visible direct children of `org` (for expanding a tree node)."""
    qs = _with_child_counts(_filtered(visible_orgs(actor).filter(parent=org), include_closed=include_closed,
                                      kind=None), include_closed)
    return [TreeNode(org=child, child_count=child.child_count) for child in sorted(qs, key=display_order)]


def org_subtree(org: Organization, *, include_self: bool = True) -> QuerySet:
    """`org` and every body below it, one indexed prefix query."""
    qs = Organization.objects.filter(path__startswith=org.path)
    if not include_self:
        qs = qs.exclude(pk=org.pk)
    return qs


def org_ancestors(org: Organization) -> list[Organization]:
    """The bodies above `org`, from the root down (from the materialised path: one query)."""
    ids = [int(part) for part in org.path.strip("/").split("/")[:-1] if part]
    by_id = Organization.objects.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def _haystack(code: str, name: str, short_name: str, aliases) -> str:
    return " | ".join(fold(part) for part in [code, name, short_name, *(aliases or [])] if part)


def org_search(actor, q: str, *, include_closed: bool = True, kind: str | None = None) -> QuerySet:
    """Visible bodies whose code, name, short name or an alias contains every word of `q`,
    without regard to case or diacritics ("so tai chinh" finds "Sở Tài chính")."""
    qs = _filtered(visible_orgs(actor), include_closed=include_closed, kind=kind)
    words = fold(q).split()
    if not words:
        return qs.order_by("path")
    matches = [
        pk for pk, code, name, short_name, aliases in qs.values_list("pk", "code", "name", "short_name", "aliases")
        if all(word in _haystack(code, name, short_name, aliases) for word in words)
    ]
    return Organization.objects.filter(pk__in=matches).select_related("parent").order_by("path")


@dataclass
class OrgHistory:
    predecessors: list[Organization]  # every body merged (directly or not) into this one
    successors: list[Organization]  # this body's successor, its successor's successor, …


def org_history(org: Organization) -> OrgHistory:
    """Bodies merged into `org` (transitively) and the chain of bodies that took it over."""
    predecessors: list[Organization] = []
    frontier = [org.pk]
    seen = {org.pk}
    while frontier:
        batch = list(Organization.objects.filter(successor_id__in=frontier).exclude(pk__in=seen).order_by("valid_to"))
        predecessors.extend(batch)
        seen.update(o.pk for o in batch)
        frontier = [o.pk for o in batch]
    successors: list[Organization] = []
    current = Organization.objects.get(pk=org.pk).successor
    chain_seen = {org.pk}
    while current is not None and current.pk not in chain_seen:
        successors.append(current)
        chain_seen.add(current.pk)
        current = current.successor
    return OrgHistory(predecessors=predecessors, successors=successors)


# --- resolving names used in documents --------------------------------------------------------

_PUNCT = re.compile(r"[^\w\s]")
# Standard Vietnamese abbreviations in official documents, by folded token.
ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "mttq": "mat tran to quoc",
    "ubmttq": "uy ban mat tran to quoc",
    "mttqvn": "mat tran to quoc viet nam",
    "ttcp": "thanh tra chinh phu",
    "ttr": "thanh tra",
    "vksnd": "vien kiem sat nhan dan",
    "tand": "toa an nhan dan",
    "thads": "thi hanh an dan su",
    "ca": "cong an",
    "tu": "tinh uy",
    "bnc": "ban noi chinh",
    "dvsn": "don vi su nghiep",
    "dnnn": "doanh nghiep nha nuoc",
    "tp": "thanh pho",
}
_STOPWORDS = {"va"}
FUZZY_CUTOFF = 92


def name_key(text: str) -> str:
    """Folded text without punctuation: "Sở Tài chính," → "so tai chinh"."""
    return " ".join(_PUNCT.sub(" ", fold(text)).split())


def expand_key(key: str) -> str:
    return " ".join(ABBREVIATIONS.get(token, token) for token in key.split())


def _initials_keys(name: str) -> set[str]:
    """"Sở Tài chính" → {"so tc", "stc"}; "Sở Giáo dục và Đào tạo" → {"so gddt", "sgddt"}."""
    words = name_key(name).split()
    if len(words) < 3 or words[0] != "so":
        return set()
    initials = "".join(word[0] for word in words[1:] if word not in _STOPWORDS)
    return {f"so {initials}", f"s{initials}"}


def _unique(index: dict[str, set], key: str):
    found = index.get(key)
    if found and len(found) == 1:
        return next(iter(found))
    return None


class NameIndex:
    """The names of the bodies valid on one day and of the groups, folded and indexed once, for
    resolving many names (a document's recipient list) without a query per name."""

    def __init__(self, on: dt.date | None = None) -> None:
        self.day = on or timezone.localdate()
        self.orgs = list(Organization.objects.filter(active_on_q(self.day)).only(
            "pk", "code", "name", "short_name", "aliases", "kind", "parent_id", "path", "valid_from", "valid_to"))
        self.exact: dict[str, set] = {}
        self.expanded: dict[str, set] = {}
        self.groups: dict[str, set] = {}
        self.initials: dict[str, set] = {}
        for org in self.orgs:
            for label in [org.name, org.short_name, org.code, *(org.aliases or [])]:
                if label:
                    self.exact.setdefault(name_key(label), set()).add(org)
                    self.expanded.setdefault(expand_key(name_key(label)), set()).add(org)
            for label in [org.name, *(org.aliases or [])]:
                for short in _initials_keys(label):
                    self.initials.setdefault(short, set()).add(org)
        for group in OrgGroup.objects.all():
            for label in [group.name, group.code, *(group.phrases or [])]:
                if label:
                    self.groups.setdefault(name_key(label), set()).add(group)
                    self.groups.setdefault(expand_key(name_key(label)), set()).add(group)
        self.fuzzy_choices = {name: members for name, members in self.expanded.items() if len(members) == 1}
        self.fuzzy_choices.update({name: members for name, members in self.groups.items() if len(members) == 1})

    def resolve(self, text: str):
        key = name_key(text)
        if not key:
            return None
        found = _unique(self.exact, key) or _unique(self.groups, key)
        if found is not None:
            return found
        long_key = expand_key(key)
        found = _unique(self.expanded, long_key) or _unique(self.groups, long_key)
        if found is not None:
            return found
        found = _unique(self.initials, key)
        if found is not None:
            return found
        if long_key.endswith(" tinh"):
            prefixed = {org for names, members in self.expanded.items() if names.startswith(f"{long_key} ")
                        for org in members}
            if len(prefixed) == 1:
                return next(iter(prefixed))
        from rapidfuzz import fuzz, process

        best = process.extract(long_key, list(self.fuzzy_choices), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF,
                               limit=2)
        if not best:
            return None
        if len(best) == 2 and best[0][1] == best[1][1] and self.fuzzy_choices[best[0][0]] != self.fuzzy_choices[
                best[1][0]]:
            return None  # two different bodies equally close: ambiguous
        return next(iter(self.fuzzy_choices[best[0][0]]))


def org_resolve_name(text: str, *, on: dt.date | None = None):
    """The body (Organization) or group (OrgGroup) a document means by `text`, or None.

    Only bodies valid on `on` (default: today) are considered. In order: exact match (folded) on
    name, short name, alias, code or a group's name/phrase; the same after expanding standard
    abbreviations (UBND, HĐND, MTTQ, TTCP …); initials of a department ("Sở TC", "STC");
    a unique body whose expanded name starts with a generic name ending in "tỉnh" ("UBND tỉnh");
    finally a fuzzy match with a high cut-off. An ambiguous name resolves to None.
    To resolve many names, build one `NameIndex(on)` and call its `resolve()`."""
    if not name_key(text):
        return None
    return NameIndex(on).resolve(text)


# --- groups -----------------------------------------------------------------------------------


def group_list(actor) -> QuerySet:
    require_perm(actor, VIEW)
    return OrgGroup.objects.annotate(member_count=Count("members", distinct=True)).order_by("name")


def group_get(actor, pk) -> OrgGroup:
    require_perm(actor, VIEW)
    return OrgGroup.objects.get(pk=pk)


def group_members(group: OrgGroup, on: dt.date | None = None) -> QuerySet:
    """Explicit members plus every body of the group's kinds, valid on `on` (default today)."""
    day = on or timezone.localdate()
    kinds = [kind for kind in (group.member_kinds or []) if kind in OrgKind.values]
    q = Q(org_groups=group)
    if kinds:
        q |= Q(kind__in=kinds)
    return Organization.objects.filter(q).filter(active_on_q(day)).distinct().order_by("path")


def visible_group_members(actor, group: OrgGroup, on: dt.date | None = None) -> QuerySet:
    return group_members(group, on).filter(pk__in=visible_orgs(actor).values("pk"))


def org_groups_of(org: Organization) -> list[OrgGroup]:
    """The groups `org` belongs to, explicitly or by its kind."""
    return [
        group for group in OrgGroup.objects.order_by("name")
        if org.kind in (group.member_kinds or []) or group.members.filter(pk=org.pk).exists()
    ]
