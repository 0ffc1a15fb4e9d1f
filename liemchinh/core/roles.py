"""Roles a person can hold on a body, and how far each reaches. Pure data: no ORM."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("Quản trị hệ thống")
    INSPECTORATE_LEADER = "inspectorate_leader", _("Lãnh đạo Thanh tra tỉnh")
    INSPECTORATE_OFFICER = "inspectorate_officer", _("Cán bộ Thanh tra tỉnh")
    FOCAL_POINT = "focal_point", _("Cán bộ đầu mối")
    UNIT_HEAD = "unit_head", _("Thủ trưởng đơn vị")
    APPRAISER = "appraiser", _("Thành viên Tổ thẩm định")
    ASSET_CONTROL_OFFICER = "asset_control_officer", _("Cán bộ kiểm soát tài sản, thu nhập")
    VIEWER = "viewer", _("Người theo dõi")


# A system administrator acts everywhere, whatever body the assignment names.
GLOBAL_ROLES = frozenset({Role.SYSTEM_ADMIN})
# These roles reach the body named in the assignment and every body below it in the tree
# (an inspectorate officer assigned on the provincial people's committee reaches the province).
SUBTREE_ROLES = frozenset(
    {
        Role.INSPECTORATE_LEADER,
        Role.INSPECTORATE_OFFICER,
        Role.APPRAISER,
        Role.ASSET_CONTROL_OFFICER,
        Role.VIEWER,
    }
)
# Unit roles act for their own body only.
LOCAL_ROLES = frozenset({Role.FOCAL_POINT, Role.UNIT_HEAD})

ALL_ROLES = frozenset(Role)
STAFF_ROLES = ALL_ROLES
INSPECTORATE_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.INSPECTORATE_LEADER, Role.INSPECTORATE_OFFICER})
