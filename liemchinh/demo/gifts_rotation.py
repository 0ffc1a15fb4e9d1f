"""The demo's gift register and position rotation, written through the services with the demo
people so that the demo obeys the same rules as real work.

- Gifts of Sở Tài chính (focal_so_tai_chinh, head_so_tai_chinh) and of Sở Xây dựng at every stage: on
  time and paid to the budget, reported late across Tết, sold and waiting for the proceeds, a service
  declined, one not yet handed over.
- Rotation: the posts of the registry's bodies that must rotate (accounting and treasurer posts:
  public finance; storekeepers: public assets; personnel officers: personnel; 3 years each), one
  deferral (a storekeeper on maternity leave) and Sở Tài chính's plan for the current year.

Idempotent: gifts are entered only when the register is empty; a post, the deferral and the plan
only when missing. Needs the demo registries (demo/integrity.py) for the rotation part.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

GIFT_BODY = "T-STC"
POSTS = (  # (registry role, category)
    ("accounting", "public_finance"),
    ("treasurer", "public_finance"),
    ("warehouse", "public_assets"),
    ("hr", "personnel"),
)
PERIOD_YEARS = 3
BASIS = (
    "Quyết định ban hành danh mục vị trí công tác phải định kỳ chuyển đổi của UBND tỉnh (dữ liệu dùng thử)"
)


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")


def _gifts(stdout) -> int:
    from liemchinh.core.models import Organization, User
    from liemchinh.core.permissions import SYSTEM
    from liemchinh.integrity.models import GiftReport
    from liemchinh.integrity.services.gifts import gift_hand_over, gift_handle, gift_report_create

    if GiftReport.objects.exists():
        return 0
    finance = Organization.objects.filter(code=GIFT_BODY).first()
    construction = Organization.objects.filter(code="T-SXD").first()
    if finance is None:
        return 0
    focal = User.objects.filter(username="focal_so_tai_chinh").first() or SYSTEM
    head = User.objects.filter(username="head_so_tai_chinh").first() or SYSTEM
    today = timezone.localdate()
    year = today.year if today >= dt.date(today.year, 7, 1) else today.year - 1  # every date in the past
    made = 0

    def report(org, actor, **data):
        nonlocal made
        made += 1
        return gift_report_create(actor=actor, organization=org, **data)

    cash = report(
        finance,
        focal,
        recipient_name="Lê Văn Cường",
        recipient_position="Chuyên viên phòng Quản lý giá",
        giver_name="Phạm Thị Dung",
        giver_position="Giám đốc",
        giver_organization="Công ty TNHH Dung Phát",
        relation_to_work="Doanh nghiệp đang đề nghị thẩm định phương án giá",
        kind="cash",
        description="Phong bì tiền mặt 5.000.000 đồng gửi kèm hồ sơ",
        value_vnd=5_000_000,
        received_on=dt.date(year, 1, 6),
        reported_on=dt.date(year, 1, 7),
        handed_over_on=dt.date(year, 1, 7),
        handed_over_to="Phòng Kế hoạch - Tài chính",
    )
    gift_handle(
        actor=head,
        gift=cash,
        handling="budget",
        handled_on=dt.date(year, 1, 9),
        handling_decision="Giấy nộp tiền vào ngân sách nhà nước số 15",
        giver_notified_on=dt.date(year, 1, 12),
    )
    goods = report(
        finance,
        focal,
        recipient_name="Trần Thị Thu",
        recipient_position="Phó Trưởng phòng Quản lý ngân sách",
        giver_name="Nguyễn Hữu Phước",
        giver_position="Phó Giám đốc",
        giver_organization="Công ty Cổ phần Xây lắp Phước Thành",
        relation_to_work="Nhà thầu đang chờ thanh toán khối lượng hoàn thành",
        kind="goods",
        description="Giỏ quà Tết (rượu ngoại, bánh kẹo)",
        value_vnd=3_200_000,
        received_on=dt.date(year, 2, 12),
        reported_on=dt.date(year, 2, 27),
        circumstances="Gửi tại nhà riêng, người nhận vắng nhà",
    )
    gift_hand_over(
        actor=focal, gift=goods, handed_over_on=dt.date(year, 2, 27), handed_over_to="Văn phòng Sở"
    )
    gift_handle(
        actor=head,
        gift=goods,
        handling="public_sale",
        handled_on=dt.date(year, 3, 5),
        handling_decision="Quyết định số 21/QĐ-STC về xử lý quà tặng",
        sold_on=dt.date(year, 3, 20),
        proceeds_vnd=2_600_000,
    )
    service = report(
        finance,
        focal,
        recipient_name="Võ Thị Hạnh",
        recipient_position="Kế toán viên",
        giver_name="Đặng Minh Khôi",
        giver_organization="Khu du lịch Núi Bà Đen",
        relation_to_work="Đơn vị đang được kiểm tra quyết toán",
        kind="service",
        description="Phiếu nghỉ dưỡng 2 ngày 1 đêm cho 2 người",
        value_vnd=4_000_000,
        received_on=dt.date(year, 4, 6),
        reported_on=dt.date(year, 4, 8),
        handed_over_on=dt.date(year, 4, 8),
        handed_over_to="Phòng Kế hoạch - Tài chính",
    )
    gift_handle(
        actor=head,
        gift=service,
        handling="service_declined",
        handled_on=dt.date(year, 4, 10),
        handling_decision="Công văn số 88/STC-VP thông báo không sử dụng dịch vụ",
    )
    report(
        finance,
        focal,
        recipient_name="Lê Văn Cường",
        recipient_position="Chuyên viên phòng Quản lý giá",
        giver_name="Huỳnh Văn Tâm",
        giver_organization="Hợp tác xã Nông nghiệp Tân Thành",
        relation_to_work="Hợp tác xã đề nghị hỗ trợ kinh phí",
        kind="perishable",
        description="Hai thùng trái cây (mãng cầu, sầu riêng)",
        value_vnd=None,
        received_on=dt.date(year, 6, 2),
        reported_on=dt.date(year, 6, 3),
    )
    if construction is not None:
        report(
            construction,
            SYSTEM,
            recipient_name="Phan Quốc Bảo",
            recipient_position="Chuyên viên phòng Quản lý xây dựng",
            giver_name="Lý Thanh Sơn",
            giver_organization="Công ty TNHH Tư vấn Thiết kế Sơn Lâm",
            relation_to_work="Đơn vị tư vấn có hồ sơ thẩm định thiết kế",
            kind="valuable_papers",
            description="Thẻ quà tặng siêu thị mệnh giá 2.000.000 đồng",
            value_vnd=2_000_000,
            received_on=dt.date(year, 5, 4),
            reported_on=dt.date(year, 5, 5),
            handed_over_on=dt.date(year, 5, 5),
            handed_over_to="Văn phòng Sở",
        )
    return made


def _rotation(stdout) -> tuple[int, int, int]:
    from liemchinh.core.models import User
    from liemchinh.core.permissions import SYSTEM
    from liemchinh.integrity.models import Body, Position, RotationExemption, RotationPlan, RotationPost
    from liemchinh.integrity.selectors.rotation import OVERDUE, rotation_positions
    from liemchinh.integrity.services.rotation import (
        rotation_exemption_create,
        rotation_plan_save,
        rotation_post_create,
    )

    posts = exemptions = plans = 0
    roles = [role for role, _category in POSTS]
    pairs = set(Position.objects.filter(end_date__isnull=True, role__in=roles).values_list("body_id", "role"))
    existing = set(RotationPost.objects.values_list("body_id", "role"))
    bodies = {b.pk: b for b in Body.objects.filter(pk__in={body for body, _role in pairs})}
    for body_id, role in sorted(pairs - existing):
        category = dict(POSTS)[role]
        rotation_post_create(
            actor=SYSTEM,
            body=bodies[body_id],
            category=category,
            role=role,
            period_years=PERIOD_YEARS,
            basis=BASIS,
        )
        posts += 1
    keeper = (
        Position.objects.filter(end_date__isnull=True, role="warehouse")
        .select_related("official", "body")
        .order_by("start_date", "pk")
        .first()
    )
    if keeper is not None and not RotationExemption.objects.exists():
        rotation_exemption_create(
            actor=SYSTEM,
            official=keeper.official,
            body=keeper.body,
            reason="maternity",
            detail="Đang nuôi con dưới 36 tháng tuổi (giấy khai sinh của con kèm theo)",
            valid_from=dt.date(2025, 3, 1),
            valid_to=dt.date(2027, 12, 31),
        )
        exemptions += 1
    finance = Body.objects.filter(org_code=GIFT_BODY).first()
    year = timezone.localdate().year
    if finance is not None and not RotationPlan.objects.filter(body=finance, year=year).exists():
        head = User.objects.filter(username="head_so_tai_chinh").first() or SYSTEM
        due = [
            p
            for p in rotation_positions(SYSTEM, as_of=dt.date(year, 12, 31), body=finance.pk)
            if p.rotation_state == OVERDUE
        ]
        rotation_plan_save(
            actor=head,
            body=finance,
            year=year,
            number=f"05/KH-STC ({year})",
            issued_on=dt.date(year, 1, 15),
            positions=due,
        )
        plans += 1
    return posts, exemptions, plans


def load_demo_gifts_rotation(stdout=None) -> dict:
    """Build the demo's gift register and rotation data where missing; returns what was made."""
    gifts = _gifts(stdout)
    posts, exemptions, plans = _rotation(stdout)
    _say(
        stdout,
        f"Quà tặng: {gifts} mới; chuyển đổi vị trí: {posts} vị trí, {exemptions} trường hợp chưa "
        f"chuyển đổi, {plans} kế hoạch.",
    )
    return {"gifts": gifts, "posts": posts, "exemptions": exemptions, "plans": plans}
