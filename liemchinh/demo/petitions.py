"""The demo's petitions: a dozen feedbacks, recommendations, complaints, denunciations and
harassment reports, of every status, received through the public services and handled by
officer_tinh through the same workflow services as real cases. Some are back-dated (the services
accept a receipt date and the date of each step) so the inbox shows overdue cases.

Each demo petition is known by its content, so loading twice creates nothing. One of them, the
published denunciation, carries a fixed tracking code and secret that the demo prints, so that
anyone can try the public tracking page (/tra-cuu/). Petitions carry random codes and one-time
secrets; only this demo one is set to a known pair after it is recorded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

DEMO_TRACKING_CODE = "2026000000000001"
DEMO_SECRET = "DEM0-2026-ABCD-EFGH-JKMN"  # noqa: S105  (the published demo pair, not a credential)
HANDLER_USERNAME = "officer_tinh"


@dataclass(frozen=True)
class DemoPetition:
    key: str
    kind: str
    content: str
    status: str
    days_ago: int  # received this many days before the load
    anonymous: bool = False
    name: str = ""
    phone: str = ""
    address: str = ""
    org_code: str | None = None
    channel: str = "web"
    accused_name: str = ""
    field: str = ""
    supplement_requests: int | None = None
    merge_into: str = ""  # the key of the petition this one is merged into


# The case with the printed tracking pair.
SHOWCASE_KEY = "published-denunciation"

DEMO_PETITIONS: list[DemoPetition] = [
    DemoPetition("received-feedback", "feedback", "Đường vào khu dân cư ấp Thạnh Hiệp bị ngập sau mỗi trận mưa, "
                 "công trình thoát nước thi công dở dang từ nhiều tháng nay.", "received", 2,
                 name="Nguyễn Văn Bình", phone="0912345001", field="Xây dựng"),
    DemoPetition("overdue-recommendation", "recommendation", "Kiến nghị công khai danh sách hộ được hỗ trợ nhà ở "
                 "năm 2026 tại trụ sở UBND xã và trên cổng thông tin của xã.", "received", 45,
                 name="Trần Thị Lan", phone="0912345002", org_code="X-TANBIEN", field="Chính sách xã hội"),
    DemoPetition("received-anonymous-denunciation", "denunciation", "Tố cáo nặc danh: cán bộ bộ phận một cửa xã "
                 "Tân Biên đòi 500.000 đồng để giải quyết nhanh hồ sơ cấp giấy chứng nhận quyền sử dụng đất, "
                 "sáng thứ Hai hằng tuần.", "received", 5, anonymous=True, org_code="X-TANBIEN",
                 field="Đất đai"),
    DemoPetition("classified-harassment", "harassment", "Hồ sơ đăng ký hộ kinh doanh bị yêu cầu bổ sung giấy tờ "
                 "ba lần, mỗi lần một loại giấy khác nhau, kéo dài gần hai tháng.", "classified", 12,
                 name="Lê Hoàng Nam", phone="0912345003", field="Đăng ký kinh doanh", supplement_requests=3),
    DemoPetition("accepted-complaint", "complaint", "Khiếu nại quyết định thu hồi đất số 112/QĐ-UBND vì giá bồi "
                 "thường thấp hơn giá thị trường tại cùng thời điểm.", "accepted", 20,
                 name="Phạm Minh Tâm", phone="0912345004", address="Ấp Suối Ông Đình, xã Tân Biên",
                 field="Đất đai"),
    DemoPetition("investigating-denunciation", "denunciation", "Tố cáo việc chia nhỏ gói thầu sửa chữa trụ sở để "
                 "chỉ định thầu cho cùng một công ty trong năm 2025.", "investigating", 70,
                 name="Võ Thị Hạnh", phone="0912345005", org_code="T-STC", accused_name="Trần Quốc Khánh",
                 field="Đấu thầu"),
    DemoPetition("forwarded-feedback", "feedback", "Phản ánh việc thu tiền gửi xe tại bệnh viện cao hơn mức giá "
                 "niêm yết.", "forwarded", 15, name="Đỗ Văn Thành", phone="0912345006", field="Y tế"),
    DemoPetition("returned-recommendation", "recommendation", "Đề nghị xem xét lại bản án dân sự phúc thẩm về "
                 "tranh chấp thừa kế.", "returned", 10, name="Huỳnh Văn Lợi", phone="0912345007",
                 field="Tư pháp"),
    DemoPetition("resolved-harassment", "harassment", "Cán bộ tiếp nhận hồ sơ cấp phép xây dựng gợi ý nộp thêm "
                 "tiền “bồi dưỡng” để được cấp phép đúng hạn.", "resolved", 50,
                 name="Ngô Thị Thu", phone="0912345008", field="Xây dựng", supplement_requests=1),
    DemoPetition(SHOWCASE_KEY, "denunciation", "Tố cáo cán bộ địa chính xã nhận tiền của người dân để ký xác nhận "
                 "hồ sơ chuyển nhượng đất, có biên nhận viết tay kèm theo.", "published", 90,
                 name="Bùi Văn Khải", phone="0912345009", accused_name="Lý Văn Sang", field="Đất đai"),
    DemoPetition("closed-feedback", "feedback", "Phản ánh đèn chiếu sáng trên đường tỉnh 785 không hoạt động "
                 "nhiều tuần.", "closed", 60, name="Mai Thị Ngọc", phone="0912345010", field="Giao thông"),
    DemoPetition("merged-feedback", "feedback", "Phản ánh lần hai: đèn chiếu sáng trên đường tỉnh 785 vẫn không "
                 "hoạt động.", "merged", 40, name="Mai Thị Ngọc", phone="0912345010", field="Giao thông",
                 merge_into="closed-feedback"),
]


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")


def _on(received: dt.date, days: int) -> dt.date:
    """A step `days` after receipt, never later than today."""
    return min(received + dt.timedelta(days=days), timezone.localdate())


def _carry(spec: DemoPetition, petition, officer, by_key: dict):
    """Take a received petition to the status its spec names, through the workflow services."""
    from liemchinh.core.models import Organization
    from liemchinh.petitions import services

    status = spec.status
    received = petition.received_on
    if status == "received":
        return petition
    if status == "merged":
        return services.petition_merge(actor=officer, petition=petition, into=by_key[spec.merge_into],
                                       reason="Cùng nội dung với đơn đã nhận.")
    if status == "forwarded":
        return services.petition_forward(actor=officer, petition=petition, to_org=Organization.objects.get(code="T-STC"),
                                         reason="Thuộc thẩm quyền quản lý của Sở Tài chính.", on=_on(received, 3))
    competent = status != "returned"
    petition = services.petition_classify(actor=officer, petition=petition, competent=competent, field=spec.field,
                                          supplement_requests=spec.supplement_requests, on=_on(received, 2))
    if status == "classified":
        return petition
    if status == "returned":
        return services.petition_return(actor=officer, petition=petition, on=_on(received, 4),
                                        reason="Nội dung thuộc thẩm quyền của Tòa án nhân dân.")
    petition = services.petition_accept(actor=officer, petition=petition, on=_on(received, 5))
    if status == "accepted":
        return petition
    petition = services.petition_assign_handler(actor=officer, petition=petition, handler=officer)
    if status == "investigating":
        return petition
    petition = services.petition_resolve(
        actor=officer, petition=petition, on=_on(received, 35),
        result="Đã xác minh, làm việc với cơ quan liên quan và xử lý theo quy định.",
        conclusion="Nội dung tố cáo đúng một phần; đã kiến nghị xử lý kỷ luật." if spec.kind == "denunciation" else "")
    if status == "resolved":
        return petition
    if status == "published":
        return services.petition_publish(
            actor=officer, petition=petition, on=_on(received, 40),
            summary="Tố cáo đúng một phần. Cán bộ liên quan bị kỷ luật khiển trách, hoàn trả số tiền đã nhận.")
    return services.petition_close(actor=officer, petition=petition, on=_on(received, 40))


def _fix_showcase_pair(petition) -> None:
    """Give the showcase petition the printed, known tracking pair (demo only)."""
    from liemchinh.petitions.models import Petition
    from liemchinh.petitions.services.public import _hash_secret

    Petition.objects.filter(pk=petition.pk).update(tracking_code=DEMO_TRACKING_CODE,
                                                   secret_hash=_hash_secret(DEMO_SECRET))


def demo_tracking_pair() -> tuple[str, str]:
    """The tracking code (grouped by four, as shown to people) and the secret of the showcase petition."""
    code = DEMO_TRACKING_CODE
    return " ".join(code[i:i + 4] for i in range(0, len(code), 4)), DEMO_SECRET


def load_demo_petitions(stdout=None) -> int:
    """Record and handle the demo petitions that are not there yet; returns how many were created."""
    from liemchinh.core.models import User
    from liemchinh.petitions import services
    from liemchinh.petitions.models import Petition

    officer = User.objects.get(username=HANDLER_USERNAME)
    today = timezone.localdate()
    by_key: dict = {}
    created = 0
    for spec in DEMO_PETITIONS:
        petition = Petition.objects.filter(content=spec.content).first()
        if petition is None:
            petition, _code, _secret = services.petition_submit(
                actor=None, kind=spec.kind, content=spec.content, anonymous=spec.anonymous, name=spec.name,
                phone=spec.phone, address=spec.address, org_code=spec.org_code, field=spec.field or None,
                channel=spec.channel, accused_name=spec.accused_name,
                supplement_requests=spec.supplement_requests if spec.kind == "harassment" else None,
                received_on=today - dt.timedelta(days=spec.days_ago))
            petition = _carry(spec, petition, officer, by_key)
            if spec.key == SHOWCASE_KEY:
                _fix_showcase_pair(petition)
            created += 1
        by_key[spec.key] = petition
    _say(stdout, f"Đơn thư mẫu: {created} mới, {len(DEMO_PETITIONS) - created} đã có.")
    code, secret = demo_tracking_pair()
    _say(stdout, f"Tra cứu đơn mẫu tại /tra-cuu/: mã tra cứu {code}, mật khẩu {secret}")
    return created
