"""Public REST API of petitions (no account needed):

    POST /api/v1/petitions/          send a petition → 201 {"tracking_code", "secret"}
    POST /api/v1/petitions/track/    {"tracking_code", "secret"} → 200 the petition's state, 404 otherwise

No session authentication (hence no CSRF) and AllowAny; both are rate-limited per caller key
(ratelimit.py, settings.PETITIONS_RATE_LIMITS). The CAPTCHA is not asked here: API clients are
trusted by deployment (a partner system behind the gateway); the pages keep it, and
PETITIONS_CAPTCHA_ENABLED governs the pages only. A wrong pair answers 404 with one neutral message
and counts towards the tracking lock-out, like the page.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import Throttled
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from liemchinh.petitions import ratelimit, rules
from liemchinh.petitions.models import PetitionMessage
from liemchinh.petitions.public_views import NOT_FOUND
from liemchinh.petitions.selectors import petition_clock
from liemchinh.petitions.services import petition_submit, petition_track

API_KINDS = [rules.Kind.FEEDBACK.value, rules.Kind.RECOMMENDATION.value, rules.Kind.COMPLAINT.value,
             rules.Kind.DENUNCIATION.value]


def _messages(label: str, *, max_length: int | None = None) -> dict:
    """Vietnamese messages naming the field."""
    msgs = {
        "required": _("%(f)s: trường này là bắt buộc.") % {"f": label},
        "blank": _("%(f)s: không được để trống.") % {"f": label},
        "null": _("%(f)s: không được để trống.") % {"f": label},
        "invalid": _("%(f)s: giá trị không hợp lệ.") % {"f": label},
        "invalid_choice": _("%(f)s: giá trị không hợp lệ (chọn một trong: %(c)s).") % {"f": label,
                                                                                    "c": ", ".join(API_KINDS)},
    }
    if max_length:
        msgs["max_length"] = _("%(f)s: dài quá %(n)s ký tự.") % {"f": label, "n": max_length}
    return msgs


def _text(label: str, *, required: bool = False, max_length: int = 255, **kwargs) -> serializers.CharField:
    return serializers.CharField(required=required, allow_blank=not required, max_length=max_length,
                                 default="" if not required else serializers.empty,
                                 error_messages=_messages(label, max_length=max_length), **kwargs)


@extend_schema_field({"type": "string", "pattern": f"^({'|'.join(API_KINDS)})$",
                     "description": "feedback (phản ánh), recommendation (kiến nghị), complaint (khiếu nại), "
                                    "denunciation (tố cáo)"})
class PetitionKindField(serializers.ChoiceField):
    """The four public kinds. Documented as a pattern, not an enum: the generator's enum naming
    collides with the organizations' "kind"."""


class PetitionSubmitSerializer(serializers.Serializer):
    kind = PetitionKindField(choices=API_KINDS, error_messages=_messages("Loại đơn (kind)"))
    content = serializers.CharField(error_messages=_messages("Nội dung (content)"))
    anonymous = serializers.BooleanField(default=False, error_messages=_messages("Nặc danh (anonymous)"))
    name = _text("Họ và tên (name)")
    id_number = _text("Số định danh (id_number)", max_length=20)
    phone = _text("Số điện thoại (phone)", max_length=20)
    email = serializers.EmailField(required=False, allow_blank=True, default="",
                                   error_messages=_messages("Thư điện tử (email)"))
    address = _text("Địa chỉ (address)", max_length=500)
    org_code = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None,
                                     max_length=40, error_messages=_messages("Mã cơ quan (org_code)", max_length=40))
    field = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None, max_length=100,
                                  error_messages=_messages("Lĩnh vực (field)", max_length=100))


class PetitionReceiptSerializer(serializers.Serializer):
    tracking_code = serializers.CharField()
    secret = serializers.CharField(help_text="Shown once; only a hash is kept.")


class PetitionTrackSerializer(serializers.Serializer):
    tracking_code = serializers.CharField(max_length=40, error_messages=_messages("Mã tra cứu (tracking_code)",
                                                                                  max_length=40))
    secret = serializers.CharField(max_length=60, error_messages=_messages("Mật khẩu (secret)", max_length=60))


class PetitionMessageOutSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=[PetitionMessage.TO_PETITIONER, PetitionMessage.FROM_PETITIONER])
    body = serializers.CharField()
    at = serializers.DateTimeField()


class PetitionStateSerializer(serializers.Serializer):
    kind = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    received_at = serializers.DateField(help_text="The day the petition was received.")
    due_on = serializers.DateField(allow_null=True)
    result = serializers.CharField(allow_blank=True)
    satisfaction = serializers.IntegerField(allow_null=True)
    messages = PetitionMessageOutSerializer(many=True)


def _due_on(petition):
    clock = petition_clock(petition)
    for step in (rules.STEP_RESOLVE, rules.STEP_ACCEPT, rules.STEP_CLASSIFY, rules.STEP_FORWARD):
        if clock.on(step):
            return clock.on(step)
    return None


def petition_state(petition) -> dict:
    resolved = petition.status in rules.RATABLE_STATUSES
    return {
        "kind": petition.kind,
        "status": petition.status,
        "status_label": rules.STATUS_LABELS[rules.Status(petition.status)],
        "received_at": petition.received_on,
        "due_on": _due_on(petition),
        "result": (petition.public_summary or petition.result) if resolved else "",
        "satisfaction": petition.satisfaction,
        "messages": [{"direction": m.direction, "body": m.body, "at": m.at} for m in petition.messages.all()],
    }


class PublicPetitionViewSet(viewsets.ViewSet):
    """Citizens' petitions without an account."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ratelimit.PublicRateThrottle]
    rate_scopes = {"create": "api_submit", "track": "api_track"}

    def throttled(self, request, wait):
        raise Throttled(wait=wait, detail=_("Quá nhiều yêu cầu. Vui lòng thử lại sau %(n)s giây.")
                        % {"n": int(wait or 1)})

    @extend_schema(
        operation_id="petitions_public_submit", tags=["petitions-public"], auth=[],
        request=PetitionSubmitSerializer,
        responses={201: PetitionReceiptSerializer, 400: OpenApiResponse(description="Bad input (Vietnamese)."),
                   429: OpenApiResponse(description="Too many requests.")},
        description="Send a petition. The secret is shown once; no CAPTCHA (API clients are trusted by deployment).",
    )
    def create(self, request):
        ser = PetitionSubmitSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = ser.validated_data
        _petition, code, secret = petition_submit(
            actor=None, kind=data["kind"], content=data["content"], anonymous=data["anonymous"], name=data["name"],
            id_number=data["id_number"], phone=data["phone"], email=data["email"], address=data["address"],
            org_code=data["org_code"] or None, field=data["field"] or None, channel=rules.Channel.API)
        return Response({"tracking_code": code, "secret": secret}, status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="petitions_public_track", tags=["petitions-public"], auth=[],
        request=PetitionTrackSerializer,
        responses={200: PetitionStateSerializer,
                   404: inline_serializer("PetitionNotFound", {"detail": serializers.CharField()}),
                   429: OpenApiResponse(description="Too many requests.")},
        description="The state of a petition from its tracking code and secret; 404 for any wrong pair.",
    )
    @action(detail=False, methods=["post"], url_path="track")
    def track(self, request):
        ser = PetitionTrackSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        petition = petition_track(tracking_code=ser.validated_data["tracking_code"],
                                  secret=ser.validated_data["secret"], caller_key=ratelimit.caller_key(request))
        if petition is None:
            return Response({"detail": str(NOT_FOUND)}, status=status.HTTP_404_NOT_FOUND)
        return Response(PetitionStateSerializer(petition_state(petition)).data)


def register(router) -> None:
    router.register("petitions", PublicPetitionViewSet, basename="public-petition")
