"""REST API of people and their roles, on the same selectors and services as the pages.

    GET  /api/v1/users/?q=&organization=&role=&active=      accounts visible to the actor (core.user.view)
    GET  /api/v1/users/{id}/
    POST /api/v1/users/        PATCH/PUT /api/v1/users/{id}/                   (core.user.manage)
    GET  /api/v1/role-assignments/?user=&role=&organization=                     (core.user.view)
    POST /api/v1/role-assignments/     DELETE /api/v1/role-assignments/{id}/    (core.role.assign)
    POST /api/v1/auth/token/   username + password (+ otp when the account has two-factor) → token
"""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from liemchinh.core.models import Organization, RoleAssignment, User
from liemchinh.core.permissions import require_perm
from liemchinh.core.roles import Role
from liemchinh.core.selectors.accounts import (
    twofactor_enabled_for,
    user_search,
    visible_role_assignments,
    visible_users,
)
from liemchinh.core.services import accounts as services


class RoleAssignmentSerializer(serializers.ModelSerializer):
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    organization_code = serializers.CharField(source="organization.code", read_only=True)
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = RoleAssignment
        fields = ["id", "user", "username", "role", "role_label", "organization", "organization_code",
                  "granted_at"]
        read_only_fields = fields


class RoleAssignmentWriteSerializer(serializers.Serializer):
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    role = serializers.ChoiceField(choices=Role.choices)
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())


class UserSerializer(serializers.ModelSerializer):
    organization_code = serializers.CharField(source="organization.code", read_only=True, allow_null=True,
                                              default=None)
    roles = RoleAssignmentSerializer(source="role_assignments", many=True, read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "email", "organization", "organization_code", "job_title",
                  "phone", "is_active", "last_login", "roles"]
        read_only_fields = fields


class UserCreateSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(write_only=True, required=False, allow_blank=True,
                                     style={"input_type": "password"})
    full_name = serializers.CharField(max_length=150)
    email = serializers.EmailField(required=False, allow_blank=True)
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all(), allow_null=True,
                                                      required=False)
    job_title = serializers.CharField(max_length=150, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)


class UserUpdateSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=150, required=False)
    email = serializers.EmailField(required=False, allow_blank=True)
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all(), allow_null=True,
                                                      required=False)
    job_title = serializers.CharField(max_length=150, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    otp = serializers.CharField(required=False, allow_blank=True,
                                help_text="Mã xác thực hai lớp (bắt buộc khi tài khoản đã bật)")


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()


def _int_param(request, name: str) -> int | None:
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    if not value.isdigit():
        raise Http404
    return int(value)


@extend_schema_view(
    list=extend_schema(
        summary="Người dùng",
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="Tìm theo tên, tên đăng nhập, thư điện tử"),
            OpenApiParameter("organization", OpenApiTypes.INT, description="Cơ quan (gồm các đơn vị trực thuộc)"),
            OpenApiParameter("role", OpenApiTypes.STR, enum=Role.values),
            OpenApiParameter("active", OpenApiTypes.BOOL),
        ],
    ),
    create=extend_schema(request=UserCreateSerializer, responses={201: UserSerializer}),
    update=extend_schema(request=UserUpdateSerializer, responses={200: UserSerializer}),
    partial_update=extend_schema(request=UserUpdateSerializer, responses={200: UserSerializer}),
)
class UserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                  mixins.UpdateModelMixin, viewsets.GenericViewSet):
    serializer_class = UserSerializer
    queryset = User.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return User.objects.none()
        request = self.request
        if self.action != "list":
            qs = visible_users(request.user)
        else:
            org = None
            org_id = _int_param(request, "organization")
            if org_id is not None:
                org = Organization.objects.filter(pk=org_id).first()
                if org is None:
                    return User.objects.none()
            active = request.query_params.get("active")
            qs = user_search(
                request.user, q=request.query_params.get("q") or "", organization=org,
                role=request.query_params.get("role") or "",
                active=None if active in (None, "") else active in {"1", "true", "on"},
            )
        return qs.prefetch_related("role_assignments__organization")

    def create(self, request, *args, **kwargs):
        require_perm(request.user, "core.user.manage")
        serializer = UserCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["password"] = data.get("password") or None
        user = services.user_create(actor=request.user, **data)
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        user = self.get_object()
        require_perm(request.user, "core.user.manage", user.organization)
        serializer = UserUpdateSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        user = services.user_update(actor=request.user, user=user, **serializer.validated_data)
        return Response(UserSerializer(user).data)


@extend_schema_view(
    list=extend_schema(
        summary="Phân quyền",
        parameters=[
            OpenApiParameter("user", OpenApiTypes.INT),
            OpenApiParameter("role", OpenApiTypes.STR, enum=Role.values),
            OpenApiParameter("organization", OpenApiTypes.INT),
        ],
    ),
    create=extend_schema(request=RoleAssignmentWriteSerializer, responses={201: RoleAssignmentSerializer}),
)
class RoleAssignmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                            mixins.DestroyModelMixin, viewsets.GenericViewSet):
    serializer_class = RoleAssignmentSerializer
    queryset = RoleAssignment.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return RoleAssignment.objects.none()
        qs = visible_role_assignments(self.request.user)
        if self.action == "list":
            for name in ("user", "organization"):
                value = _int_param(self.request, name)
                if value is not None:
                    qs = qs.filter(**{f"{name}_id": value})
            role = self.request.query_params.get("role")
            if role:
                qs = qs.filter(role=role)
        return qs

    def create(self, request, *args, **kwargs):
        require_perm(request.user, "core.role.assign")
        serializer = RoleAssignmentWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        if not visible_users(request.user).filter(pk=user.pk).exists():
            raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))
        assignment = services.role_assign(actor=request.user, **serializer.validated_data)
        return Response(RoleAssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        require_perm(request.user, "core.role.assign")
        assignment = self.get_object()
        services.role_revoke(actor=request.user, assignment=assignment,
                             reason=request.query_params.get("reason", ""))
        return Response(status=status.HTTP_204_NO_CONTENT)


class AuthTokenViewSet(viewsets.ViewSet):
    """Exchange a username and password (and a two-factor code when the account has one) for an
    API token. The same lock-out as the sign-in page applies."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    serializer_class = TokenRequestSerializer

    @extend_schema(
        summary="Lấy mã truy cập API",
        request=TokenRequestSerializer,
        responses={200: TokenResponseSerializer,
                   400: inline_serializer("TokenError", {"detail": serializers.CharField()})},
        auth=[],
    )
    def create(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        raw = request._request
        user = authenticate(raw, username=data["username"], password=data["password"])
        if user is None:
            if getattr(raw, "login_locked", False):
                raise PermissionDenied(services.lockout_message())
            raise AuthenticationFailed(_("Tên đăng nhập hoặc mật khẩu không đúng."))
        if twofactor_enabled_for(user):
            from django_otp import match_token

            code = (data.get("otp") or "").strip().replace(" ", "")
            if not code or match_token(user, code) is None:
                raise AuthenticationFailed(_("Cần mã xác thực hai lớp hợp lệ (trường “otp”)."))
        elif _twofactor_required(user):
            raise PermissionDenied(_("Vai trò của bạn bắt buộc xác thực hai lớp: hãy bật trên trang web trước."))
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


def _twofactor_required(user) -> bool:
    from liemchinh.core.selectors.accounts import twofactor_required_for

    return twofactor_required_for(user)


def register(router) -> None:
    router.register("users", UserViewSet, basename="user")
    router.register("role-assignments", RoleAssignmentViewSet, basename="roleassignment")
    router.register("auth/token", AuthTokenViewSet, basename="auth-token")
