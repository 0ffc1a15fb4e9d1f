"""REST API of organisations and groups of bodies, on the same selectors and services as the pages.

    GET  /api/v1/organizations/?q=&kind=&parent=&closed=1     visible bodies (search without diacritics)
    GET  /api/v1/organizations/{id}/
    POST /api/v1/organizations/            PATCH/PUT /api/v1/organizations/{id}/     (core.org.manage)
    POST /api/v1/organizations/{id}/close/                                          (core.org.manage)
    GET  /api/v1/groups/   /api/v1/groups/{id}/   /api/v1/groups/{id}/members/?on=yyyy-mm-dd
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from liemchinh.core.models import Organization, OrgGroup, OrgKind
from liemchinh.core.selectors.orgs import (
    active_on_q,
    group_get,
    group_list,
    org_search,
    visible_group_members,
    visible_orgs,
)
from liemchinh.core.services.orgs import org_close, org_create, org_update


class OrganizationSerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(source="parent.code", read_only=True, allow_null=True, default=None)
    successor_code = serializers.CharField(source="successor.code", read_only=True, allow_null=True, default=None)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = Organization
        fields = [
            "id", "code", "name", "short_name", "aliases", "kind", "kind_label", "parent", "parent_code", "path",
            "depth", "valid_from", "valid_to", "successor", "successor_code", "is_active", "managed_sectors",
            "email", "phone", "address",
        ]
        read_only_fields = fields


class OrganizationWriteSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40)
    name = serializers.CharField(max_length=255)
    kind = serializers.ChoiceField(choices=OrgKind.choices)
    parent = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all(), allow_null=True, required=False)
    short_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    aliases = serializers.ListField(child=serializers.CharField(max_length=255), required=False)
    valid_from = serializers.DateField(required=False, allow_null=True)
    valid_to = serializers.DateField(required=False, allow_null=True)
    managed_sectors = serializers.ListField(child=serializers.CharField(max_length=20), required=False)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    address = serializers.CharField(max_length=255, required=False, allow_blank=True)


class OrganizationCloseSerializer(serializers.Serializer):
    valid_to = serializers.DateField()
    successor = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all(), allow_null=True,
                                                   required=False)
    reason = serializers.CharField(required=False, allow_blank=True)
    move_children = serializers.BooleanField(required=False, default=False)


class OrgGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrgGroup
        fields = ["id", "code", "name", "phrases", "member_kinds", "members", "description"]
        read_only_fields = fields


def _flag(request, name: str) -> bool:
    return request.query_params.get(name) in {"1", "true", "on"}


@extend_schema_view(
    list=extend_schema(
        summary="Cơ quan, đơn vị",
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="Tìm theo tên, tên viết tắt, tên khác, mã"),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=OrgKind.values),
            OpenApiParameter("parent", OpenApiTypes.INT, description="Chỉ các đơn vị trực thuộc cơ quan này"),
            OpenApiParameter("closed", OpenApiTypes.BOOL, description="Gồm cả cơ quan đã hết hiệu lực"),
        ],
    ),
    create=extend_schema(request=OrganizationWriteSerializer, responses={201: OrganizationSerializer}),
    update=extend_schema(request=OrganizationWriteSerializer, responses={200: OrganizationSerializer}),
    partial_update=extend_schema(request=OrganizationWriteSerializer, responses={200: OrganizationSerializer}),
)
class OrganizationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = OrganizationSerializer
    queryset = Organization.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Organization.objects.none()
        request = self.request
        include_closed = _flag(request, "closed") or self.action != "list"
        kind = request.query_params.get("kind") or None
        q = (request.query_params.get("q") or "").strip()
        if q and self.action == "list":
            qs = org_search(request.user, q, include_closed=include_closed, kind=kind)
        else:
            qs = visible_orgs(request.user)
            if kind:
                qs = qs.filter(kind=kind)
            if not include_closed:
                from django.utils import timezone

                qs = qs.filter(active_on_q(timezone.localdate()))
        parent = request.query_params.get("parent")
        if parent and self.action == "list":
            qs = qs.filter(parent_id=parent) if parent.isdigit() else qs.none()
        return qs.select_related("parent", "successor").order_by("path")

    def create(self, request, *args, **kwargs):
        serializer = OrganizationWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        org = org_create(actor=request.user, **serializer.validated_data)
        return Response(OrganizationSerializer(org).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        org = self.get_object()
        serializer = OrganizationWriteSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        org = org_update(actor=request.user, org=org, **serializer.validated_data)
        return Response(OrganizationSerializer(org).data)

    def partial_update(self, request, *args, **kwargs):
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    @extend_schema(request=OrganizationCloseSerializer, responses={200: OrganizationSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        org = self.get_object()
        serializer = OrganizationCloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        org = org_close(actor=request.user, org=org, **serializer.validated_data)
        return Response(OrganizationSerializer(org).data)


@extend_schema_view(list=extend_schema(summary="Nhóm cơ quan"))
class OrgGroupViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OrgGroupSerializer
    queryset = OrgGroup.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return OrgGroup.objects.none()
        return group_list(self.request.user).prefetch_related("members")

    @extend_schema(
        parameters=[OpenApiParameter("on", OpenApiTypes.DATE, description="Thành viên có hiệu lực vào ngày này")],
        responses={200: OrganizationSerializer(many=True)},
    )
    @action(detail=True, methods=["get"])
    def members(self, request, pk=None):
        try:
            group = group_get(request.user, pk)
        except (OrgGroup.DoesNotExist, ValueError) as exc:
            raise Http404 from exc
        on = None
        if request.query_params.get("on"):
            on = serializers.DateField().to_internal_value(request.query_params["on"])
        members = visible_group_members(request.user, group, on).select_related("parent", "successor")
        page = self.paginate_queryset(members)
        if page is not None:
            return self.get_paginated_response(OrganizationSerializer(page, many=True).data)
        return Response(OrganizationSerializer(members, many=True).data)


def register(router) -> None:
    router.register("organizations", OrganizationViewSet, basename="organization")
    router.register("groups", OrgGroupViewSet, basename="orggroup")
