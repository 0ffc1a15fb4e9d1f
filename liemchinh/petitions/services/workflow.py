"""The workflow of a case: classify, accept, forward (and receipt by the body forwarded to), return,
extend, suspend, resolve, publish, close; messages; merging; the handler and conflicts of interest."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from liemchinh.core.errors import DomainError
from liemchinh.core.models import Organization, RoleAssignment
from liemchinh.core.permissions import has_perm, require_perm
from liemchinh.core.roles import Role
from liemchinh.core.services.audit import audit_record
from liemchinh.core.text import fold
from liemchinh.petitions import rules
from liemchinh.petitions.models import (
    HandlerExclusion,
    Petition,
    PetitionExtension,
    PetitionForward,
    PetitionMessage,
    PetitionSuspension,
)
from liemchinh.petitions.permissions import HANDLE, PUBLISH
from liemchinh.petitions.services._common import _date, _is_public, _lock, _move, _require_handle, _today
from liemchinh.petitions.services.identity import _identity_values


def petition_classify(*, actor, petition: Petition, kind: str | None = None, field: str = "",
                      competent: bool, several_places: bool = False, remote_area: bool = False,
                      complexity: str | None = None, accused_name: str | None = None, accused_user=None,
                      accused_org=None, supplement_requests: int | None = None,
                      on: dt.date | None = None) -> Petition:
    """Log and classify (kind, field, competence) — Luật Tố cáo Điều 24, NĐ 20/2008. For a
    harassment report, `supplement_requests` records how many times the dossier was sent back for
    documents as found by the officer (more than once is a breach of Chỉ thị 10/CT-TTg)."""
    _require_handle(actor, petition)
    with transaction.atomic():
        petition = _lock(petition)
        if kind is not None and kind not in rules.Kind.__members__.values():
            raise DomainError(_("Loại đơn không hợp lệ."), field="kind")
        if complexity is not None and complexity not in rules.Complexity.__members__.values():
            raise DomainError(_("Mức độ phức tạp không hợp lệ."), field="complexity")
        _move(petition, rules.Status.CLASSIFIED)
        before = {"kind": petition.kind, "field": petition.field}
        petition.kind = kind or petition.kind
        petition.field = field[:100] if field else petition.field
        petition.competent = competent
        petition.several_places = several_places
        petition.remote_area = remote_area
        petition.complexity = complexity or petition.complexity
        if accused_name is not None:
            petition.accused_name = accused_name.strip()[:255]
        if accused_user is not None:
            petition.accused_user = accused_user
        if accused_org is not None:
            petition.accused_org = accused_org
        if supplement_requests is not None:
            if supplement_requests < 0:
                raise DomainError(_("Số lần yêu cầu bổ sung hồ sơ không hợp lệ."), field="supplement_requests")
            petition.supplement_requests = supplement_requests
            petition.supplement_breach = rules.supplement_breach(supplement_requests)
        petition.classified_on = _date(on)
        petition.save()
        audit_record(actor=actor, action="petition.classify", obj=petition,
                     changes={"kind": [before["kind"], petition.kind], "field": [before["field"], petition.field],
                              "competent": competent, "several_places": several_places,
                              "complexity": petition.complexity, "supplement_breach": petition.supplement_breach})
    return petition


def petition_accept(*, actor, petition: Petition, on: dt.date | None = None, concrete: bool = False) -> Petition:
    """Accept the case (thụ lý). An anonymous denunciation is not accepted as a denunciation
    (Luật Tố cáo Điều 25): it may be taken up for checking only when its content is concrete
    (`concrete=True`), without the Điều 30 clock."""
    _require_handle(actor, petition)
    with transaction.atomic():
        petition = _lock(petition)
        if petition.competent is False:
            raise DomainError(_("Đơn không thuộc thẩm quyền: hãy chuyển đơn hoặc trả lại đơn."), field="competent")
        basis = ""
        if petition.kind == rules.Kind.DENUNCIATION and petition.anonymous:
            if not concrete:
                raise DomainError(rules.ANONYMITY[rules.Kind.DENUNCIATION].explanation, field="concrete")
            basis = _("Kiểm tra, xác minh tố cáo nặc danh có nội dung cụ thể (Luật Tố cáo 2018 Điều 25)")
        _move(petition, rules.Status.ACCEPTED)
        petition.accepted_on = _date(on)
        petition.handling_basis = basis
        if petition.accepted_on < petition.received_on:
            raise DomainError(_("Ngày thụ lý không được trước ngày nhận đơn."), field="on")
        petition.save()
        audit_record(actor=actor, action="petition.accept", obj=petition,
                     changes={"accepted_on": petition.accepted_on, "basis": basis})
    return petition


def petition_forward(*, actor, petition: Petition, to_org: Organization | None = None, to_name: str = "",
                     reason: str = "", on: dt.date | None = None) -> Petition:
    """Forward a petition outside the body's competence to the competent body (Luật Tố cáo 2018
    Điều 24 khoản 3; NĐ 20/2008/NĐ-CP; TT 05/2021/TT-TTCP), within the limits of
    rules.FORWARD_RULES (a denunciation is forwarded only once), and tell the petitioner where it
    went (a message on the tracking page).

    To a body of the system (`to_org`): the case is handed over — it leaves this body's inbox for
    the receiving body's, waiting there in "forwarded" until that body records its receipt
    (petition_receive_forwarded), from which day the law's clocks run again. To a body outside the
    system (`to_name` only): the name is recorded and the case is closed on this side. Every link is
    kept in PetitionForward. Who: petitions.handle on the body that has the case."""
    _require_handle(actor, petition)
    to_name = " ".join((to_name or "").split())[:255]
    if to_org is None and not to_name:
        raise DomainError(_("Vui lòng chọn cơ quan nhận trong hệ thống hoặc ghi tên cơ quan ngoài hệ thống."),
                          field="to_org")
    if to_org is not None and to_name:
        raise DomainError(_("Chỉ chọn một trong hai: cơ quan trong hệ thống hoặc cơ quan ngoài hệ thống."),
                          field="to_name")
    if to_org is not None and to_org.valid_to is not None:
        raise DomainError(_("Cơ quan nhận đã giải thể hoặc sáp nhập."), field="to_org")
    with transaction.atomic():
        petition = _lock(petition)
        if to_org is not None and to_org.pk == petition.organization_id:
            raise DomainError(_("Cơ quan nhận phải khác cơ quan đang xử lý."), field="to_org")
        forwarded_on = _date(on)
        if forwarded_on < petition.received_on:
            raise DomainError(_("Ngày chuyển đơn không được trước ngày nhận đơn."), field="on")
        problem = rules.check_forward(petition.kind, petition.forwards.count(), on=forwarded_on)
        if problem:
            raise DomainError(problem, field="to_org")
        sender = petition.organization
        _move(petition, rules.Status.FORWARDED)
        link = PetitionForward.objects.create(
            petition=petition, from_org=sender, to_org=to_org, to_name=to_org.name if to_org else to_name,
            reason=(reason or "").strip(), sender_received_on=petition.received_on, forwarded_on=forwarded_on,
            forwarded_by=actor if getattr(actor, "pk", None) else None)
        petition.forwarded_on = forwarded_on
        petition.competent = False
        if to_org is not None:
            petition.organization = to_org
            petition.handler = None
        else:
            _move(petition, rules.Status.CLOSED)
            petition.closed_on = forwarded_on
        petition.save()
        PetitionMessage.objects.create(petition=petition, direction=PetitionMessage.TO_PETITIONER,
                                       body=_forward_notice(petition, link),
                                       author=actor if getattr(actor, "pk", None) else None)
        audit_record(actor=actor, action="petition.forward", obj=petition, reason=link.reason,
                     changes={"organization": [sender.pk, petition.organization_id], "to": link.to_name,
                              "outside": to_org is None, "forwarded_on": forwarded_on,
                              "number": petition.forwards.count()})
        if to_org is not None:
            transaction.on_commit(lambda: _notify_receivers(petition, to_org))
    return petition


def _forward_notice(petition: Petition, link: PetitionForward) -> str:
    """What the petitioner is told (Luật Tố cáo 2018 Điều 24 khoản 3: notify the denouncer)."""
    rule = rules.forward_rule_for(petition.kind, link.forwarded_on)
    text = _("Ngày %(on)s, %(sender)s đã chuyển đơn của bạn đến %(to)s là cơ quan có thẩm quyền xem xét, giải quyết.") % {
        "on": link.forwarded_on.strftime("%d/%m/%Y"), "sender": link.from_org.name, "to": link.to_name}
    if link.outside:
        text += " " + _("Việc theo dõi tiếp đơn này do %(to)s thực hiện; hồ sơ trên hệ thống này đã kết thúc.") % {
            "to": link.to_name}
    else:
        text += " " + _("Bạn tiếp tục theo dõi đơn bằng mã tra cứu và mật khẩu đã có.")
    if rule is not None:
        text += f" ({rule.notify_article})"
    return text


def _notify_receivers(petition: Petition, to_org: Organization) -> None:
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from liemchinh.core.permissions import roles_granting
    from liemchinh.core.services.notifications import notify

    users = get_user_model().objects.filter(is_active=True, role_assignments__organization=to_org,
                                            role_assignments__role__in=roles_granting(HANDLE)).distinct()
    notify(recipients=users, title=_("Đơn được chuyển đến: %(petition)s") % {"petition": str(petition)},
           body=_("Vui lòng tiếp nhận và xử lý theo thẩm quyền."), url=reverse("petitions:case", args=[petition.pk]))


def petition_receive_forwarded(*, actor, petition: Petition, on: dt.date | None = None) -> Petition:
    """The receiving body records the day it received a petition forwarded to it. The case
    starts again there as received, and every clock of the law runs from that day
    (rules.FORWARD_RULES restart_article: the limits count from receipt by the competent body).
    The chain keeps the day the sender had received it. Who: petitions.handle on the receiving body."""
    _require_handle(actor, petition)
    with transaction.atomic():
        petition = _lock(petition)
        link = petition.forwards.filter(to_org_id=petition.organization_id, received_on__isnull=True).last()
        if petition.status != rules.Status.FORWARDED or link is None:
            raise DomainError(_("Đơn không ở trạng thái chờ cơ quan nhận tiếp nhận."), field="status")
        received_on = _date(on)
        if received_on < link.forwarded_on:
            raise DomainError(_("Ngày tiếp nhận không được trước ngày chuyển đơn (%(on)s).")
                              % {"on": link.forwarded_on.strftime("%d/%m/%Y")}, field="on")
        _move(petition, rules.Status.RECEIVED)
        link.received_on = received_on
        link.received_by = actor if getattr(actor, "pk", None) else None
        link.save(update_fields=["received_on", "received_by"])
        before = petition.received_on
        petition.received_on = rules.restart_on_receipt(received_on)
        petition.competent = None
        petition.classified_on = None
        petition.forwarded_on = None
        petition.save()
        audit_record(actor=actor, action="petition.receive_forwarded", obj=petition,
                     changes={"received_on": [before, petition.received_on], "from": link.from_org_id})
    return petition


def petition_return(*, actor, petition: Petition, reason: str, on: dt.date | None = None) -> Petition:
    """Return the petition with its reasons (not accepted)."""
    _require_handle(actor, petition)
    if not (reason or "").strip():
        raise DomainError(_("Vui lòng nêu lý do trả lại đơn."), field="reason")
    with transaction.atomic():
        petition = _lock(petition)
        _move(petition, rules.Status.RETURNED)
        petition.returned_on = _date(on)
        petition.return_reason = reason.strip()
        petition.save()
        audit_record(actor=actor, action="petition.return", obj=petition, reason=reason.strip())
    return petition


def petition_extend(*, actor, petition: Petition, days: int, reason: str, complexity: str | None = None,
                    on: dt.date | None = None) -> PetitionExtension:
    """Extend the resolution limit, within the number of extensions the case's complexity allows
    (Luật Tố cáo Điều 30; Luật Khiếu nại Điều 28)."""
    _require_handle(actor, petition)
    if not (reason or "").strip():
        raise DomainError(_("Vui lòng nêu lý do gia hạn."), field="reason")
    with transaction.atomic():
        petition = _lock(petition)
        if petition.status not in (rules.Status.ACCEPTED, rules.Status.INVESTIGATING):
            raise DomainError(_("Chỉ gia hạn được vụ việc đã thụ lý, chưa giải quyết xong."), field="status")
        if complexity is not None:
            if complexity not in rules.Complexity.__members__.values():
                raise DomainError(_("Mức độ phức tạp không hợp lệ."), field="complexity")
            petition.complexity = complexity
        existing = petition.extensions.count()
        problem = rules.check_extension(petition.kind, petition.complexity, existing, days,
                                        on=petition.accepted_on or _today(), remote_area=petition.remote_area)
        if problem:
            raise DomainError(problem, field="days")
        petition.save()
        ext = PetitionExtension.objects.create(petition=petition, days=days, reason=reason.strip(),
                                               decided_on=_date(on),
                                               decided_by=actor if getattr(actor, "pk", None) else None)
        audit_record(actor=actor, action="petition.extend", obj=petition, reason=reason.strip(),
                     changes={"days": days, "complexity": petition.complexity, "number": existing + 1})
    return ext


def petition_suspend(*, actor, petition: Petition, reason: str, on: dt.date | None = None) -> PetitionSuspension:
    """Suspend the resolution (time suspended is not counted)."""
    _require_handle(actor, petition)
    if not (reason or "").strip():
        raise DomainError(_("Vui lòng nêu lý do tạm đình chỉ."), field="reason")
    with transaction.atomic():
        petition = _lock(petition)
        if petition.status not in (rules.Status.ACCEPTED, rules.Status.INVESTIGATING):
            raise DomainError(_("Chỉ tạm đình chỉ được vụ việc đang giải quyết."), field="status")
        if petition.suspensions.filter(end__isnull=True).exists():
            raise DomainError(_("Vụ việc đang tạm đình chỉ."), field="status")
        s = PetitionSuspension.objects.create(petition=petition, start=_date(on), reason=reason.strip())
        audit_record(actor=actor, action="petition.suspend", obj=petition, reason=reason.strip(),
                     changes={"start": s.start})
    return s


def petition_resume(*, actor, petition: Petition, on: dt.date | None = None) -> PetitionSuspension:
    _require_handle(actor, petition)
    with transaction.atomic():
        s = petition.suspensions.select_for_update().filter(end__isnull=True).first()
        if s is None:
            raise DomainError(_("Vụ việc không ở trạng thái tạm đình chỉ."), field="status")
        s.end = _date(on)
        if s.end < s.start:
            raise DomainError(_("Ngày tiếp tục không được trước ngày tạm đình chỉ."), field="on")
        s.save()
        audit_record(actor=actor, action="petition.resume", obj=petition, changes={"end": s.end})
    return s


def petition_resolve(*, actor, petition: Petition, result: str, conclusion: str = "", apology: bool = False,
                     apology_text: str = "", on: dt.date | None = None) -> Petition:
    """Record the result; a denunciation needs its conclusion (Luật Tố cáo Điều 35). When the
    administration was at fault, `apology` with its text (Chỉ thị 10/CT-TTg)."""
    _require_handle(actor, petition)
    if not (result or "").strip():
        raise DomainError(_("Vui lòng nhập kết quả giải quyết."), field="result")
    is_denunciation = petition.kind == rules.Kind.DENUNCIATION and not petition.anonymous
    if is_denunciation and not (conclusion or "").strip():
        raise DomainError(_("Giải quyết tố cáo phải có kết luận nội dung tố cáo."), field="conclusion")
    if apology and not (apology_text or "").strip():
        raise DomainError(_("Vui lòng nhập nội dung lời xin lỗi."), field="apology_text")
    with transaction.atomic():
        petition = _lock(petition)
        if petition.suspensions.filter(end__isnull=True).exists():
            raise DomainError(_("Vụ việc đang tạm đình chỉ."), field="status")
        _move(petition, rules.Status.RESOLVED)
        petition.result = result.strip()
        petition.conclusion = (conclusion or "").strip()
        petition.apology = apology
        petition.apology_text = (apology_text or "").strip() if apology else ""
        petition.resolved_on = _date(on)
        petition.save()
        audit_record(actor=actor, action="petition.resolve", obj=petition,
                     changes={"resolved_on": petition.resolved_on, "apology": apology})
    return petition


def petition_publish(*, actor, petition: Petition, summary: str, on: dt.date | None = None) -> Petition:
    """Publish the result without personal data (Luật Tố cáo Điều 40: without revealing the
    denouncer). The summary is refused if it contains any part of the petitioner's identity."""
    require_perm(actor, PUBLISH, petition.organization_id)
    summary = (summary or "").strip()
    if not summary:
        raise DomainError(_("Vui lòng nhập nội dung công khai."), field="summary")
    folded = fold(summary)
    if any(fold(v) in folded for v in _identity_values(petition)):
        raise DomainError(_("Nội dung công khai chứa thông tin nhận diện người gửi đơn."), field="summary")
    with transaction.atomic():
        petition = _lock(petition)
        _move(petition, rules.Status.PUBLISHED)
        petition.public_summary = summary
        petition.published_on = _date(on)
        petition.save()
        audit_record(actor=actor, action="petition.publish", obj=petition, changes={"published_on": petition.published_on})
    return petition


def petition_close(*, actor, petition: Petition, on: dt.date | None = None) -> Petition:
    _require_handle(actor, petition)
    with transaction.atomic():
        petition = _lock(petition)
        _move(petition, rules.Status.CLOSED)
        petition.closed_on = _date(on)
        petition.save()
        audit_record(actor=actor, action="petition.close", obj=petition, changes={"closed_on": petition.closed_on})
    return petition


def petition_message_post(*, actor, petition: Petition, body: str) -> PetitionMessage:
    """A message on the case. Staff (petitions.handle on the body) write to the petitioner; a
    public caller (actor None/anonymous, after petition_track succeeded) answers."""
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Vui lòng nhập nội dung tin nhắn."), field="body")
    if len(body) > settings.PETITION_CONTENT_MAX_CHARS:
        raise DomainError(_("Tin nhắn quá dài."), field="body")
    if _is_public(actor):
        direction, author = PetitionMessage.FROM_PETITIONER, None
        if petition.status in rules.FINAL_STATUSES:
            raise DomainError(_("Vụ việc đã kết thúc."), field="body")
    else:
        _require_handle(actor, petition)
        direction, author = PetitionMessage.TO_PETITIONER, actor if getattr(actor, "pk", None) else None
    with transaction.atomic():
        msg = PetitionMessage.objects.create(petition=petition, direction=direction, body=body, author=author)
        audit_record(actor=None if _is_public(actor) else actor, action="petition.message", obj=petition,
                     changes={"direction": direction})
    return msg


def petition_merge(*, actor, petition: Petition, into: Petition, reason: str = "") -> Petition:
    """Merge a petition into another about the same matter (sent many times or to many bodies).
    The merged petition keeps its own tracking code; its status becomes "merged"."""
    _require_handle(actor, petition)
    _require_handle(actor, into)
    if petition.pk == into.pk:
        raise DomainError(_("Không thể gộp đơn vào chính nó."), field="into")
    with transaction.atomic():
        petition = _lock(petition)
        into = _lock(into)
        if into.status == rules.Status.MERGED:
            raise DomainError(_("Đơn đích đã được gộp vào đơn khác."), field="into")
        _move(petition, rules.Status.MERGED)
        petition.merged_into = into
        petition.closed_on = _today()
        petition.save()
        Petition.objects.filter(merged_into=petition).update(merged_into=into)
        audit_record(actor=actor, action="petition.merge", obj=petition, reason=reason,
                     changes={"merged_into": into.pk})
    return petition


def handler_conflicts(petition: Petition, user) -> list[str]:
    """Why `user` may not handle `petition` (empty: no conflict)."""
    reasons = []
    if petition.accused_user_id and petition.accused_user_id == user.pk:
        reasons.append(_("là người bị tố cáo, bị phản ánh"))
    elif petition.accused_name and fold(petition.accused_name) in {fold(user.full_name), fold(user.get_full_name())} - {""}:
        reasons.append(_("trùng họ tên với người bị tố cáo, bị phản ánh"))
    heads_of = {petition.accused_org_id}
    if petition.accused_user_id and petition.accused_user.organization_id:
        heads_of.add(petition.accused_user.organization_id)
    heads_of.discard(None)
    if heads_of and RoleAssignment.objects.filter(user=user, role=Role.UNIT_HEAD,
                                                  organization_id__in=heads_of).exists():
        reasons.append(_("là thủ trưởng cơ quan của người bị tố cáo, bị phản ánh"))
    exclusion = HandlerExclusion.objects.filter(petition=petition, user=user).first()
    if exclusion is not None:
        reasons.append(_("thuộc danh sách không được giao xử lý") + (f" ({exclusion.reason})" if exclusion.reason else ""))
    return reasons


def petition_exclude_handler(*, actor, petition: Petition, user, reason: str = "") -> HandlerExclusion:
    _require_handle(actor, petition)
    with transaction.atomic():
        exclusion, _created = HandlerExclusion.objects.get_or_create(petition=petition, user=user,
                                                                     defaults={"reason": reason.strip()})
        if petition.handler_id == user.pk:
            Petition.objects.filter(pk=petition.pk).update(handler=None)
        audit_record(actor=actor, action="petition.exclude_handler", obj=petition, reason=reason,
                     changes={"user": user.pk})
    return exclusion


def petition_assign_handler(*, actor, petition: Petition, handler) -> Petition:
    """Assign the handler. Refused for the accused, the head of the accused's body, anyone on the
    case's exclusion list, and anyone without petitions.handle on the case's body. Assigning a
    handler to an accepted case starts the investigation."""
    _require_handle(actor, petition)
    reasons = handler_conflicts(petition, handler)
    if reasons:
        raise DomainError(
            _("Không thể giao %(who)s xử lý đơn này vì xung đột lợi ích: %(why)s.")
            % {"who": handler.get_full_name() or handler.get_username(), "why": "; ".join(reasons)},
            field="handler")
    if not has_perm(handler, HANDLE, petition.organization_id):
        raise DomainError(_("Người được giao không có quyền xử lý đơn của cơ quan này."), field="handler")
    with transaction.atomic():
        petition = _lock(petition)
        if petition.status in rules.FINAL_STATUSES:
            raise DomainError(_("Vụ việc đã kết thúc."), field="handler")
        before = petition.handler_id
        petition.handler = handler
        if petition.status == rules.Status.ACCEPTED:
            _move(petition, rules.Status.INVESTIGATING)
        petition.save()
        audit_record(actor=actor, action="petition.assign_handler", obj=petition,
                     changes={"handler": [before, handler.pk]})
    return petition
