"""Reads of the imported registries and of the import runs.

Registries are the province's: holders of integrity.VIEW whose role reaches the whole province
see every row; a role limited to part of the tree sees the bodies it reaches (and the registry
bodies that are not in the organisation tree), the officials holding a post there, and every
enterprise (enterprises belong to no body). Import runs are seen by holders of integrity.IMPORT.
Name search is on the folded name (no diacritics, any case), so "nguyen van an" finds
"Nguyễn Văn An".
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from liemchinh.core.models import Organization
from liemchinh.core.permissions import org_scope_q, require_perm
from liemchinh.core.text import fold
from liemchinh.integrity.models import (
    Body,
    Contract,
    Enterprise,
    EnterprisePerson,
    ImportRun,
    Official,
    Position,
    Relative,
)
from liemchinh.integrity.permissions import IMPORT, VIEW

PAGE_SIZE = 50


def _province_wide(actor) -> bool:
    """Does the actor reach every root of the organisation tree (the province) with VIEW?"""
    scope = org_scope_q(actor, VIEW)
    if not scope:
        return True
    return not Organization.objects.filter(parent__isnull=True).exclude(scope).exists()


def _body_q(actor, prefix: str = "") -> Q:
    """The registry bodies the actor reaches with VIEW (Q() for the whole province)."""
    if _province_wide(actor):
        return Q()
    return org_scope_q(actor, VIEW, f"{prefix}organization") | Q(**{f"{prefix}organization__isnull": True})


def registry_counts(actor) -> dict:
    require_perm(actor, VIEW)
    return {
        "bodies": bodies_visible(actor).count(),
        "officials": officials_list(actor).count(),
        "positions": Position.objects.filter(_body_q(actor, "body__")).count(),
        "relatives": Relative.objects.filter(official__in=officials_list(actor)).count(),
        "enterprises": Enterprise.objects.count(),
        "enterprise_people": EnterprisePerson.objects.count(),
        "contracts": Contract.objects.filter(_body_q(actor, "buyer__")).count(),
    }


def bodies_visible(actor) -> QuerySet[Body]:
    require_perm(actor, VIEW)
    return Body.objects.filter(_body_q(actor))


def officials_list(actor, q: str | None = None) -> QuerySet[Official]:
    """Officials the actor may see, filtered by name (folded), official id or id number."""
    require_perm(actor, VIEW)
    qs = Official.objects.all()
    if _body_q(actor):
        qs = qs.filter(pk__in=Position.objects.filter(_body_q(actor, "body__")).values("official_id"))
    if q:
        text = q.strip()
        qs = qs.filter(Q(name_folded__contains=fold(text)) | Q(official_id__iexact=text) | Q(id_number=text))
    return qs.order_by("official_id")


def official_get(actor, pk: int) -> Official:
    return officials_list(actor).get(pk=pk)


def official_positions(actor, official: Official) -> QuerySet[Position]:
    require_perm(actor, VIEW)
    return official.positions.select_related("body").order_by("-start_date")


def official_relatives(actor, official: Official) -> QuerySet[Relative]:
    require_perm(actor, VIEW)
    return official.relatives.order_by("relation", "full_name")


def official_contracts(actor, official: Official) -> QuerySet[Contract]:
    require_perm(actor, VIEW)
    return official.signed_contracts.select_related("buyer", "supplier").order_by("-signed_on")


def enterprises_list(actor, q: str | None = None) -> QuerySet[Enterprise]:
    """Enterprises by name (diacritics and case ignored as far as the database allows) or tax code;
    with their count of people and contracts."""
    require_perm(actor, VIEW)
    qs = Enterprise.objects.all()
    if q:
        text = q.strip()
        qs = qs.filter(
            Q(name__icontains=text)
            | Q(tax_code__startswith=text)
            | Q(
                pk__in=EnterprisePerson.objects.filter(name_folded__contains=fold(text)).values(
                    "enterprise_id"
                )
            )
        )
    return qs.annotate(
        people_count=Count("people", distinct=True), contract_count=Count("contracts", distinct=True)
    ).order_by("tax_code")


def enterprise_get(actor, pk: int) -> Enterprise:
    require_perm(actor, VIEW)
    return Enterprise.objects.get(pk=pk)


def enterprise_people(actor, enterprise: Enterprise) -> QuerySet[EnterprisePerson]:
    require_perm(actor, VIEW)
    return enterprise.people.order_by("role", "full_name")


def enterprise_contracts(actor, enterprise: Enterprise) -> QuerySet[Contract]:
    require_perm(actor, VIEW)
    return (
        enterprise.contracts.filter(_body_q(actor, "buyer__"))
        .select_related("buyer", "signer")
        .order_by("-signed_on")
    )


def import_runs(actor) -> QuerySet[ImportRun]:
    require_perm(actor, IMPORT)
    return ImportRun.objects.select_related("actor").order_by("-started_at", "-pk")


def import_run_get(actor, pk: int) -> ImportRun:
    return import_runs(actor).get(pk=pk)
