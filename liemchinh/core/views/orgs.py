"""Pages of the organisation tree and the groups of bodies: browse and search (HTMX), detail with
history, create/edit/close and import for administrators, groups for the inspectorate."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from liemchinh.core.errors import DomainError, ImportFailed
from liemchinh.core.forms.orgs import GroupForm, OrgCloseForm, OrgForm, OrgImportForm
from liemchinh.core.models import Organization, OrgGroup, OrgKind
from liemchinh.core.permissions import has_perm, orgs_with_perm, require_perm
from liemchinh.core.selectors.orgs import (
    group_get,
    group_list,
    org_ancestors,
    org_children,
    org_get,
    org_groups_of,
    org_history,
    org_search,
    org_tree,
    visible_group_members,
)
from liemchinh.core.services.orgs import (
    group_create,
    group_update,
    org_close,
    org_create,
    org_export,
    org_import_file,
    org_update,
)

TREE_LEVELS = 1  # levels loaded below the roots; deeper levels load when a node is expanded
SEARCH_LIMIT = 200


def _flag(request, name: str) -> bool:
    return request.GET.get(name) in {"1", "on", "true"}


def _add_domain_error(form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _visible_or_404(actor, pk) -> Organization:
    try:
        return org_get(actor, pk)
    except Organization.DoesNotExist as exc:
        raise Http404 from exc


@login_required
@require_GET
def org_list(request):
    require_perm(request.user, "core.org.view")
    q = (request.GET.get("q") or "").strip()
    kind = request.GET.get("kind") or ""
    if kind not in OrgKind.values:
        kind = ""
    include_closed = _flag(request, "closed")
    context = {
        "q": q, "kind": kind, "include_closed": include_closed, "kinds": OrgKind.choices,
        "can_manage": has_perm(request.user, "core.org.manage"),
        "can_manage_groups": has_perm(request.user, "core.group.manage"),
    }
    if q:
        results = list(org_search(request.user, q, include_closed=include_closed, kind=kind or None)[:SEARCH_LIMIT])
        context.update(results=results, limited=len(results) >= SEARCH_LIMIT)
    else:
        context["nodes"] = org_tree(request.user, include_closed=include_closed, kind=kind or None,
                                    max_depth=TREE_LEVELS)
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "core/orgs/partials/results.html", context)
    context["breadcrumbs"] = [(_("Cơ quan, đơn vị"), None)]
    return render(request, "core/orgs/list.html", context)


@login_required
@require_GET
def org_children_partial(request, pk: int):
    """HTMX: the children of a tree node."""
    org = _visible_or_404(request.user, pk)
    include_closed = _flag(request, "closed")
    nodes = org_children(request.user, org, include_closed=include_closed)
    return render(request, "core/orgs/partials/tree_nodes.html", {"nodes": nodes, "include_closed": include_closed})


@login_required
@require_GET
def org_detail(request, pk: int):
    org = _visible_or_404(request.user, pk)
    history = org_history(org)
    children = org_children(request.user, org, include_closed=True)
    context = {
        "org": org, "history": history, "children": children, "groups": org_groups_of(org),
        "can_manage": has_perm(request.user, "core.org.manage", org),
        "ancestors": org_ancestors(org),
        "breadcrumbs": [(_("Cơ quan, đơn vị"), reverse("core:org_list")), (org.name, None)],
    }
    return render(request, "core/orgs/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def org_create_page(request):
    require_perm(request.user, "core.org.manage")
    parents = orgs_with_perm(request.user, "core.org.manage")
    initial = {}
    if request.GET.get("parent"):
        initial["parent"] = request.GET["parent"]
    form = OrgForm(request.POST or None, parents=parents, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            org = org_create(actor=request.user, **form.service_fields())
        except DomainError as error:
            _add_domain_error(form, error)
        else:
            messages.success(request, _("Đã thêm “%(name)s”.") % {"name": org.name})
            return redirect("core:org_detail", pk=org.pk)
    return render(request, "core/orgs/form.html", {
        "form": form, "title": _("Thêm cơ quan, đơn vị"),
        "breadcrumbs": [(_("Cơ quan, đơn vị"), reverse("core:org_list")), (_("Thêm mới"), None)],
    }, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def org_edit_page(request, pk: int):
    org = _visible_or_404(request.user, pk)
    require_perm(request.user, "core.org.manage", org)
    parents = orgs_with_perm(request.user, "core.org.manage")
    form = OrgForm(request.POST or None, parents=parents, exclude_subtree_of=org, initial=OrgForm.initial_for(org))
    if request.method == "POST" and form.is_valid():
        try:
            org = org_update(actor=request.user, org=org, **form.service_fields())
        except DomainError as error:
            _add_domain_error(form, error)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("core:org_detail", pk=org.pk)
    return render(request, "core/orgs/form.html", {
        "form": form, "org": org, "title": _("Sửa thông tin: %(name)s") % {"name": org.name},
        "breadcrumbs": [(_("Cơ quan, đơn vị"), reverse("core:org_list")),
                        (org.name, reverse("core:org_detail", args=[org.pk])), (_("Sửa"), None)],
    }, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def org_close_page(request, pk: int):
    org = _visible_or_404(request.user, pk)
    require_perm(request.user, "core.org.manage", org)
    form = OrgCloseForm(request.POST or None, org=org)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            org_close(actor=request.user, org=org, valid_to=data["valid_to"], successor=data["successor"],
                      reason=data["reason"], move_children=data["move_children"])
        except DomainError as error:
            _add_domain_error(form, error)
        else:
            messages.success(request, _("Đã ghi nhận “%(name)s” hết hiệu lực.") % {"name": org.name})
            return redirect("core:org_detail", pk=org.pk)
    return render(request, "core/orgs/close.html", {
        "form": form, "org": org,
        "breadcrumbs": [(_("Cơ quan, đơn vị"), reverse("core:org_list")),
                        (org.name, reverse("core:org_detail", args=[org.pk])), (_("Giải thể, sáp nhập"), None)],
    }, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def org_import_page(request):
    require_perm(request.user, "core.org.manage")
    form = OrgImportForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form, "breadcrumbs": [(_("Cơ quan, đơn vị"), reverse("core:org_list")),
                                                   (_("Nhập từ tệp"), None)]}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                context["result"] = org_import_file(actor=request.user, file=upload, filename=upload.name)
            except ImportFailed as failure:
                context["failure"] = failure
                status = 400
        else:
            status = 400
    from liemchinh.core.services.orgs import COLUMNS

    context["columns"] = COLUMNS
    return render(request, "core/orgs/import.html", context, status=status)


@login_required
@require_GET
def org_export_file(request, fmt: str):
    require_perm(request.user, "core.org.view")
    content = org_export(actor=request.user, fmt=fmt)
    content_type = ("text/csv; charset=utf-8" if fmt == "csv"
                    else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="co-quan-don-vi.{fmt}"'
    return response


# --- groups -----------------------------------------------------------------------------------


def _group_or_404(actor, pk) -> OrgGroup:
    try:
        return group_get(actor, pk)
    except OrgGroup.DoesNotExist as exc:
        raise Http404 from exc


@login_required
@require_GET
def group_list_page(request):
    groups = group_list(request.user)
    return render(request, "core/orgs/groups/list.html", {
        "groups": groups, "can_manage": has_perm(request.user, "core.group.manage"),
        "breadcrumbs": [(_("Cơ quan, đơn vị"), reverse("core:org_list")), (_("Nhóm cơ quan"), None)],
    })


@login_required
@require_GET
def group_detail_page(request, pk: int):
    group = _group_or_404(request.user, pk)
    kind_labels = dict(OrgKind.choices)
    return render(request, "core/orgs/groups/detail.html", {
        "group": group, "members": visible_group_members(request.user, group),
        "explicit_members": group.members.order_by("path"),
        "kinds": [kind_labels.get(kind, kind) for kind in group.member_kinds or []],
        "can_manage": has_perm(request.user, "core.group.manage"),
        "breadcrumbs": [(_("Cơ quan, đơn vị"), reverse("core:org_list")),
                        (_("Nhóm cơ quan"), reverse("core:group_list")), (group.name, None)],
    })


@login_required
@require_http_methods(["GET", "POST"])
def group_edit_page(request, pk: int | None = None):
    require_perm(request.user, "core.group.manage")
    group = _group_or_404(request.user, pk) if pk is not None else None
    initial = {}
    if group is not None:
        initial = {"code": group.code, "name": group.name, "phrases": "\n".join(group.phrases or []),
                   "member_kinds": group.member_kinds, "members": list(group.members.values_list("pk", flat=True)),
                   "description": group.description}
    form = GroupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if group is None:
                group = group_create(actor=request.user, **form.service_fields())
            else:
                group = group_update(actor=request.user, group=group, **form.service_fields())
        except DomainError as error:
            _add_domain_error(form, error)
        else:
            messages.success(request, _("Đã lưu nhóm “%(name)s”.") % {"name": group.name})
            return redirect("core:group_detail", pk=group.pk)
    title = _("Sửa nhóm: %(name)s") % {"name": group.name} if group else _("Thêm nhóm cơ quan")
    return render(request, "core/orgs/groups/form.html", {
        "form": form, "group": group, "title": title,
        "breadcrumbs": [(_("Cơ quan, đơn vị"), reverse("core:org_list")),
                        (_("Nhóm cơ quan"), reverse("core:group_list")), (title, None)],
    }, status=400 if form.errors else 200)
