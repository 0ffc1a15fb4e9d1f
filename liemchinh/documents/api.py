"""REST API of official documents, on the same selectors and services as the pages.

    GET  /api/v1/documents/?q=&doc_type=&issuer=&year=&stub=   folded search (no diacritics needed)
    GET  /api/v1/documents/{id}/                 with what it cites and what cites it
    POST /api/v1/documents/                      document_create (documents.document.manage)
    POST /api/v1/documents/extract/              multipart `file`: the reader's proposal, nothing saved
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from liemchinh.core.models import Organization
from liemchinh.core.permissions import require_perm
from liemchinh.documents import selectors, services
from liemchinh.documents.extraction import ExtractionError, extract_file
from liemchinh.documents.models import DocType, Document, DocumentCitation

logger = logging.getLogger(__name__)
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
DOC_TYPE_HELP = ", ".join(DocType.values)

# --- serializers ------------------------------------------------------------------------------


class DocumentSerializer(serializers.ModelSerializer):
    # A plain string (values in the help text) keeps the schema's enum names unambiguous.
    doc_type = serializers.CharField(read_only=True, help_text=DOC_TYPE_HELP)
    recipients = serializers.ListField(child=serializers.CharField(), read_only=True)
    original = serializers.UUIDField(source="original.uuid", read_only=True, allow_null=True, default=None,
                                     help_text="uuid của tệp gốc (tải tại /staff/evidence/{uuid}/download/)")

    class Meta:
        model = Document
        fields = ["id", "number", "doc_type", "issuer", "issuer_org", "place", "issued_on", "title", "signer",
                  "signer_title", "recipients", "source_url", "original", "is_stub", "created_at", "updated_at"]
        read_only_fields = fields


class DocumentRefSerializer(serializers.ModelSerializer):
    doc_type = serializers.CharField(read_only=True, help_text=DOC_TYPE_HELP)

    class Meta:
        model = Document
        fields = ["id", "number", "doc_type", "title", "issuer", "issued_on", "is_stub"]
        read_only_fields = fields


class CitesSerializer(serializers.ModelSerializer):
    document = DocumentRefSerializer(source="cited", read_only=True)

    class Meta:
        model = DocumentCitation
        fields = ["text", "position", "document"]
        read_only_fields = fields


class CitedBySerializer(serializers.ModelSerializer):
    document = DocumentRefSerializer(source="citing", read_only=True)

    class Meta:
        model = DocumentCitation
        fields = ["text", "position", "document"]
        read_only_fields = fields


class DocumentDetailSerializer(DocumentSerializer):
    cites = CitesSerializer(source="cites_list", many=True, read_only=True)
    cited_by = CitedBySerializer(source="cited_by_list", many=True, read_only=True)

    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "full_text", "cites", "cited_by"]
        read_only_fields = fields


class DocumentWriteSerializer(serializers.Serializer):
    number = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    doc_type = serializers.CharField(help_text=DOC_TYPE_HELP)
    title = serializers.CharField()
    issuer = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    issuer_org = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all(), required=False,
                                                    allow_null=True, default=None)
    place = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    issued_on = serializers.DateField(required=False, allow_null=True, default=None)
    signer = serializers.CharField(required=False, allow_blank=True, default="", max_length=150)
    signer_title = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    recipients = serializers.ListField(child=serializers.CharField(allow_blank=True), required=False, default=list)
    full_text = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)
    source_url = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
    legal_bases = serializers.ListField(child=serializers.CharField(max_length=255), required=False, default=list,
                                        help_text="Số hiệu hoặc tên văn bản làm căn cứ, như được viết")
    allow_duplicate = serializers.BooleanField(required=False, default=False)


class ExtractRequestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=".docx, .pdf, .txt hoặc .html")


class ExtractedTaskSerializer(serializers.Serializer):
    text = serializers.CharField()
    lead = serializers.CharField(allow_null=True)
    partners = serializers.ListField(child=serializers.CharField())
    due_on = serializers.DateField(allow_null=True)
    recurrence = serializers.CharField(allow_null=True, help_text="ví dụ: yearly, quarterly, monthly")


class ExtractionSerializer(serializers.Serializer):
    """What the document reader proposes (contracts/document-extraction.md); an officer decides."""

    number = serializers.CharField(allow_null=True)
    doc_type = serializers.CharField(allow_null=True, help_text=DOC_TYPE_HELP)
    issuer = serializers.CharField(allow_null=True)
    place = serializers.CharField(allow_null=True)
    issued_on = serializers.DateField(allow_null=True)
    title = serializers.CharField(allow_null=True)
    signer = serializers.CharField(allow_null=True)
    signer_title = serializers.CharField(allow_null=True)
    legal_bases = serializers.ListField(child=serializers.CharField())
    tasks = ExtractedTaskSerializer(many=True)
    recipients = serializers.ListField(child=serializers.CharField())


class ExtractionErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


# --- viewsets ---------------------------------------------------------------------------------


def _year(request):
    value = request.query_params.get("year")
    if value in (None, ""):
        return None
    if not str(value).isdigit():
        raise serializers.ValidationError({"year": _("Giá trị phải là số.")})
    return int(value)


def _registry_resolver():
    from liemchinh.documents.management.commands.extract_document import registry_resolver

    return registry_resolver()


@extend_schema_view(
    list=extend_schema(summary="Văn bản", parameters=[
        OpenApiParameter("q", OpenApiTypes.STR, description="Tìm theo số hiệu, trích yếu, toàn văn (không cần dấu)"),
        OpenApiParameter("doc_type", OpenApiTypes.STR, enum=DocType.values),
        OpenApiParameter("issuer", OpenApiTypes.STR, description="Cơ quan ban hành, đúng như được ghi"),
        OpenApiParameter("year", OpenApiTypes.INT),
        OpenApiParameter("stub", OpenApiTypes.BOOL, description="true: chỉ văn bản chưa có toàn văn")]),
    retrieve=extend_schema(summary="Một văn bản, với căn cứ và văn bản trích dẫn nó",
                           responses={200: DocumentDetailSerializer}),
    create=extend_schema(request=DocumentWriteSerializer, responses={201: DocumentDetailSerializer}),
)
class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = DocumentSerializer
    queryset = Document.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Document.objects.none()
        params = self.request.query_params
        stub = params.get("stub")
        return selectors.document_list(
            actor=self.request.user, q=params.get("q") or None, doc_type=params.get("doc_type") or None,
            issuer=params.get("issuer") or None, year=_year(self.request),
            stubs={"true": True, "1": True, "false": False, "0": False}.get((stub or "").lower()),
        ).defer("full_text", "search_text")

    def _detail(self, document: Document) -> dict:
        actor = self.request.user
        document.cites_list = list(selectors.document_cites(actor=actor, document=document))
        document.cited_by_list = list(selectors.document_cited_by(actor=actor, document=document))
        return DocumentDetailSerializer(document).data

    def retrieve(self, request, *args, **kwargs):
        document = selectors.document_get(actor=request.user, pk=self.get_object().pk)
        return Response(self._detail(document))

    def create(self, request, *args, **kwargs):
        serializer = DocumentWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        document = services.document_create(actor=request.user, **serializer.validated_data)
        return Response(self._detail(document), status=status.HTTP_201_CREATED)

    @extend_schema(summary="Đọc thử một văn bản (không lưu)",
                   request={"multipart/form-data": ExtractRequestSerializer},
                   responses={200: ExtractionSerializer,
                              400: OpenApiResponse(ExtractionErrorSerializer, description="Tệp không đọc được")})
    @action(detail=False, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def extract(self, request):
        """Run the document reader on the uploaded file and return its proposal (number, type,
        issuer, date, subject, signer, legal bases, tasks, recipients). Nothing is saved; the file is
        read from a temporary folder that is removed afterwards. A corrupt, empty, encrypted or
        unsupported file answers 400 with the reader's message."""
        require_perm(request.user, selectors.VIEW)
        serializer = ExtractRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            return Response({"detail": _("Tệp quá lớn (tối đa 20 MB).")}, status=status.HTTP_400_BAD_REQUEST)
        name = Path(upload.name or "van-ban").name or "van-ban"
        with tempfile.TemporaryDirectory(prefix="liemchinh-extract-") as folder:
            path = Path(folder) / name
            with path.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            try:
                result = extract_file(path, resolve=_registry_resolver())
            except ExtractionError as exc:
                return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
            except Exception:  # noqa: BLE001 - whatever breaks inside the reader, the file is unreadable
                logger.exception("document reader failed on an uploaded file")
                return Response({"detail": _("Tệp %(name)s: không đọc được nội dung.") % {"name": name}},
                                status=status.HTTP_400_BAD_REQUEST)
        return Response(result)


def register(router) -> None:
    router.register("documents", DocumentViewSet, basename="document")
