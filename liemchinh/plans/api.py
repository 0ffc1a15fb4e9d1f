"""REST API of plans, tasks, assignments and progress updates, on the same selectors and services
as the pages.

    GET  /api/v1/plans/?status=&year=&q=        POST /api/v1/plans/           (plans.plan.manage)
    POST /api/v1/plans/{id}/activate/
    POST /api/v1/plans/{id}/import-tasks/       tasks confirmed from the document reader's proposal
    GET  /api/v1/tasks/?plan=                   POST /api/v1/tasks/   PATCH /api/v1/tasks/{id}/
    POST /api/v1/tasks/{id}/chase/                                            (plans.chase.send)
    GET  /api/v1/assignments/?status=&organization=&plan=&overdue=1&mine=1
    POST /api/v1/assignments/{id}/progress/     (focal point or head of that body; multipart files)
    GET  /api/v1/progress-updates/?assignment=
    POST /api/v1/progress-updates/{id}/approve/   /reject/                   (unit head of that body)
"""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from liemchinh.core.models import EvidenceFile, Organization, OrgGroup
from liemchinh.documents.models import Document
from liemchinh.plans import rules, selectors, services
from liemchinh.plans.models import (
    Assignment,
    AssignmentStatus,
    ChaseMessage,
    Plan,
    ProgressUpdate,
    Task,
)

# --- serializers ------------------------------------------------------------------------------


class PlanSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="draft, active, closed")
    issuer_name = serializers.CharField(source="issuer.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Plan
        fields = ["id", "number", "title", "document", "issuer", "issuer_name", "issued_on", "year_from", "year_to",
                  "status", "created_at"]
        read_only_fields = fields


class PlanWriteSerializer(serializers.Serializer):
    title = serializers.CharField()
    number = serializers.CharField(required=False, allow_blank=True, max_length=100)
    issuer = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all(), required=False, allow_null=True)
    document = serializers.PrimaryKeyRelatedField(queryset=Document.objects.all(), required=False, allow_null=True)
    issued_on = serializers.DateField(required=False, allow_null=True)
    year_from = serializers.IntegerField(required=False, allow_null=True, min_value=2000, max_value=2100)
    year_to = serializers.IntegerField(required=False, allow_null=True, min_value=2000, max_value=2100)


class ProposedTaskSerializer(serializers.Serializer):
    """One task as the document reader proposes it (contracts/document-extraction.md)."""

    text = serializers.CharField()
    lead = serializers.CharField(allow_null=True, required=False, allow_blank=True)
    partners = serializers.ListField(child=serializers.CharField(), required=False)
    due_on = serializers.CharField(allow_null=True, required=False, allow_blank=True)
    recurrence = serializers.JSONField(required=False, allow_null=True)
    ordinal = serializers.CharField(required=False, allow_blank=True, max_length=40)
    source_start = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    source_end = serializers.IntegerField(required=False, allow_null=True, min_value=0)


class TaskImportSerializer(serializers.Serializer):
    tasks = ProposedTaskSerializer(many=True)


class TaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = Task
        fields = ["id", "plan", "ordinal", "position", "text", "lead_org", "lead_group", "partner_orgs",
                  "partner_groups", "due_on", "recurrence", "source_start", "source_end"]
        read_only_fields = fields


class TaskWriteSerializer(serializers.Serializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=Plan.objects.all())
    text = serializers.CharField()
    ordinal = serializers.CharField(required=False, allow_blank=True, max_length=40)
    lead_org = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all(), required=False,
                                                  allow_null=True)
    lead_group = serializers.PrimaryKeyRelatedField(queryset=OrgGroup.objects.all(), required=False, allow_null=True)
    partner_orgs = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all(), many=True, required=False)
    partner_groups = serializers.PrimaryKeyRelatedField(queryset=OrgGroup.objects.all(), many=True, required=False)
    due_on = serializers.DateField(required=False, allow_null=True)
    recurrence = serializers.ListField(child=serializers.ChoiceField(choices=rules.RECURRENCES), required=False)
    source_start = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    source_end = serializers.IntegerField(required=False, allow_null=True, min_value=0)


class TaskUpdateSerializer(TaskWriteSerializer):
    plan = None
    text = serializers.CharField(required=False)
    source_start = None
    source_end = None


class AssignmentSerializer(serializers.ModelSerializer):
    # Plain strings (values listed in the help text) keep the schema's enum names unambiguous.
    role = serializers.CharField(read_only=True, help_text="lead, partner")
    period_kind = serializers.CharField(read_only=True, help_text="q1, q2, q3, q4, h1, m9, year hoặc rỗng")
    status = serializers.CharField(read_only=True, help_text="not_started, in_progress, done")
    display_status = serializers.CharField(read_only=True, help_text="not_started, in_progress, done, overdue")
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    plan = serializers.IntegerField(source="task.plan_id", read_only=True)
    task_text = serializers.CharField(source="task.text", read_only=True)
    task_ordinal = serializers.CharField(source="task.ordinal", read_only=True)

    class Meta:
        model = Assignment
        fields = ["id", "plan", "task", "task_ordinal", "task_text", "organization", "organization_name", "role",
                  "period_kind", "period_year", "due_on", "status", "display_status", "percent", "completed_on"]
        read_only_fields = fields


class ProgressUpdateSerializer(serializers.ModelSerializer):
    proposed_status = serializers.CharField(read_only=True, help_text="not_started, in_progress, done")
    approval = serializers.CharField(read_only=True, help_text="pending, approved, rejected")
    author_name = serializers.CharField(source="author.__str__", read_only=True, default=None)

    class Meta:
        model = ProgressUpdate
        fields = ["id", "assignment", "author", "author_name", "text", "percent", "proposed_status", "evidence",
                  "approval", "reviewed_by", "reviewed_at", "review_comment", "created_at"]
        read_only_fields = fields


class ProgressPostSerializer(serializers.Serializer):
    text = serializers.CharField()
    percent = serializers.IntegerField(min_value=0, max_value=100)
    proposed_status = serializers.ChoiceField(choices=AssignmentStatus.choices)
    evidence = serializers.PrimaryKeyRelatedField(queryset=EvidenceFile.objects.all(), many=True, required=False)
    files = serializers.ListField(child=serializers.FileField(), required=False)


class ReviewSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True)


class ChaseSerializer(serializers.Serializer):
    text = serializers.CharField()
    assignments = serializers.PrimaryKeyRelatedField(queryset=Assignment.objects.all(), many=True, required=False)


class ChaseMessageSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChaseMessage
        fields = ["id", "task", "sender", "text", "sent_at", "assignments"]
        read_only_fields = fields


# --- viewsets ---------------------------------------------------------------------------------


def _int_param(request, name):
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    if not str(value).isdigit():
        raise serializers.ValidationError({name: "Giá trị phải là số."})
    return int(value)


@extend_schema_view(
    list=extend_schema(summary="Kế hoạch", parameters=[
        OpenApiParameter("status", OpenApiTypes.STR, enum=["draft", "active", "closed"]),
        OpenApiParameter("year", OpenApiTypes.INT), OpenApiParameter("q", OpenApiTypes.STR)]),
    create=extend_schema(request=PlanWriteSerializer, responses={201: PlanSerializer}),
)
class PlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = PlanSerializer
    queryset = Plan.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Plan.objects.none()
        params = self.request.query_params
        return selectors.plan_list(self.request.user, status=params.get("status") or None,
                                   year=_int_param(self.request, "year"), q=params.get("q") or None)

    def create(self, request, *args, **kwargs):
        serializer = PlanWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        plan = services.plan_create(actor=request.user, **serializer.validated_data)
        return Response(PlanSerializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: PlanSerializer})
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        plan = services.plan_activate(actor=request.user, plan=self.get_object())
        return Response(PlanSerializer(plan).data)

    @extend_schema(request=TaskImportSerializer, responses={201: TaskSerializer(many=True)})
    @action(detail=True, methods=["post"], url_path="import-tasks")
    def import_tasks(self, request, pk=None):
        """Create the confirmed tasks of the document reader's proposal; every unresolved name or bad
        value is listed (400) and nothing is created."""
        serializer = TaskImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        tasks = services.plan_tasks_import(actor=request.user, plan=self.get_object(),
                                           tasks=serializer.validated_data["tasks"])
        return Response(TaskSerializer(tasks, many=True).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Nhiệm vụ", parameters=[OpenApiParameter("plan", OpenApiTypes.INT)]),
    create=extend_schema(request=TaskWriteSerializer, responses={201: TaskSerializer}),
    partial_update=extend_schema(request=TaskUpdateSerializer, responses={200: TaskSerializer}),
)
class TaskViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = TaskSerializer
    queryset = Task.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Task.objects.none()
        qs = Task.objects.filter(plan__in=selectors.plans_visible(self.request.user).values("pk"))
        plan = _int_param(self.request, "plan")
        if plan is not None:
            qs = qs.filter(plan_id=plan)
        return qs.prefetch_related("partner_orgs", "partner_groups").order_by("plan_id", "position", "id")

    def create(self, request, *args, **kwargs):
        serializer = TaskWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            selectors.plan_get(request.user, data["plan"].pk)
        except Plan.DoesNotExist as exc:
            raise Http404 from exc
        task = services.task_create(actor=request.user, **data)
        return Response(TaskSerializer(task).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        task = self.get_object()
        serializer = TaskUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        task = services.task_update(actor=request.user, task=task, **serializer.validated_data)
        return Response(TaskSerializer(task).data)

    @extend_schema(request=ChaseSerializer, responses={201: ChaseMessageSerializer})
    @action(detail=True, methods=["post"])
    def chase(self, request, pk=None):
        task = self.get_object()
        serializer = ChaseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        chase = services.chase_send(actor=request.user, task=task, text=serializer.validated_data["text"],
                                    assignments=serializer.validated_data.get("assignments"))
        return Response(ChaseMessageSerializer(chase).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Phân công (nhiệm vụ của từng cơ quan)", parameters=[
        OpenApiParameter("status", OpenApiTypes.STR, enum=list(selectors.STATUS_FILTERS)),
        OpenApiParameter("organization", OpenApiTypes.INT), OpenApiParameter("plan", OpenApiTypes.INT),
        OpenApiParameter("task", OpenApiTypes.INT),
        OpenApiParameter("overdue", OpenApiTypes.BOOL, description="Chỉ nhiệm vụ quá hạn"),
        OpenApiParameter("mine", OpenApiTypes.BOOL, description="Chỉ nhiệm vụ của đơn vị mình")]),
)
class AssignmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = AssignmentSerializer
    queryset = Assignment.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Assignment.objects.none()
        request = self.request
        today = timezone.localdate()
        params = request.query_params
        status_filter = params.get("status") or None
        if params.get("overdue") in {"1", "true", "on"}:
            status_filter = rules.OVERDUE
        if params.get("mine") in {"1", "true", "on"}:
            qs = selectors.my_body_assignments(request.user, status_filter, params.get("q"), today=today)
        else:
            qs = selectors.filter_status(selectors.visible_assignments(request.user, today), status_filter, today)
            qs = qs.select_related("task", "organization").order_by("due_on", "id")
        for name, field in (("organization", "organization_id"), ("plan", "task__plan_id"), ("task", "task_id")):
            value = _int_param(request, name)
            if value is not None:
                qs = qs.filter(**{field: value})
        return qs

    @extend_schema(request={"multipart/form-data": ProgressPostSerializer, "application/json": ProgressPostSerializer},
                   responses={201: ProgressUpdateSerializer})
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        from liemchinh.core.permissions import require_perm
        from liemchinh.plans.permissions import PROGRESS_POST

        # Reporting for another body is refused outright (403), before the assignment is looked up.
        require_perm(request.user, PROGRESS_POST, selectors.assignment_org_id(pk))
        assignment = self.get_object()
        serializer = ProgressPostSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        files = values.get("files", [])
        update = services.assignment_progress_post(
            actor=request.user, assignment=assignment, text=values["text"], percent=values["percent"],
            proposed_status=values["proposed_status"], evidence=values.get("evidence", []), files=files)
        return Response(ProgressUpdateSerializer(update).data, status=status.HTTP_201_CREATED)


@extend_schema_view(list=extend_schema(summary="Báo cáo tiến độ",
                                       parameters=[OpenApiParameter("assignment", OpenApiTypes.INT)]))
class ProgressUpdateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ProgressUpdateSerializer
    queryset = ProgressUpdate.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ProgressUpdate.objects.none()
        visible = selectors.visible_assignments(self.request.user).values("pk")
        qs = ProgressUpdate.objects.filter(assignment__in=visible).select_related("author").prefetch_related(
            "evidence")
        assignment = _int_param(self.request, "assignment")
        if assignment is not None:
            qs = qs.filter(assignment_id=assignment)
        return qs.order_by("-created_at", "-id")

    @extend_schema(request=ReviewSerializer, responses={200: ProgressUpdateSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        serializer = ReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        update = services.progress_approve(actor=request.user, update=self.get_object(),
                                           comment=serializer.validated_data.get("comment", ""))
        return Response(ProgressUpdateSerializer(update).data)

    @extend_schema(request=ReviewSerializer, responses={200: ProgressUpdateSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        serializer = ReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        update = services.progress_reject(actor=request.user, update=self.get_object(),
                                          comment=serializer.validated_data.get("comment", ""))
        return Response(ProgressUpdateSerializer(update).data)


def register(router) -> None:
    router.register("plans", PlanViewSet, basename="plan")
    router.register("tasks", TaskViewSet, basename="task")
    router.register("assignments", AssignmentViewSet, basename="assignment")
    router.register("progress-updates", ProgressUpdateViewSet, basename="progressupdate")
