"""Fixtures of the petitions tests: a province with staff, fast Argon2 costs, no real sleeping."""

from __future__ import annotations

import pytest

from liemchinh.core.roles import Role


@pytest.fixture(autouse=True)
def _fast_secrets(settings, monkeypatch):
    # Still Argon2id, with tiny costs so the suite stays fast.
    settings.PETITION_SECRET_ARGON2 = {"time_cost": 1, "memory_cost": 64, "parallelism": 1}
    from liemchinh.petitions.services import public

    slept: list[float] = []
    monkeypatch.setattr(public, "_sleep", slept.append)
    return slept


@pytest.fixture
def slept(_fast_secrets):
    return _fast_secrets


@pytest.fixture
def staff(org_tree, make_user):
    """leader and officer of the inspectorate (reaching the province), the finance department's
    head and focal point, and an unrelated viewer."""
    province = org_tree["province"]
    return {
        "leader": make_user(Role.INSPECTORATE_LEADER, province, username="lanh_dao", full_name="Trần Văn Lãnh"),
        "officer": make_user(Role.INSPECTORATE_OFFICER, province, username="can_bo", full_name="Lê Thị Cán"),
        "officer2": make_user(Role.INSPECTORATE_OFFICER, province, username="can_bo_2", full_name="Phạm Văn Hai"),
        "finance_head": make_user(Role.UNIT_HEAD, org_tree["finance"], username="gd_stc", full_name="Võ Văn Giám"),
        "finance_focal": make_user(Role.FOCAL_POINT, org_tree["finance"], username="dm_stc", full_name="Đỗ Thị Mối"),
        "viewer": make_user(Role.VIEWER, province, username="theo_doi", full_name="Hồ Văn Xem"),
    }


IDENTITY = {"name": "Nguyễn Văn Tố", "id_number": "079123456789", "phone": "0912 345 678",
            "email": "to.nguyen@example.vn", "address": "12 Lê Lợi, phường Tân Ninh"}


@pytest.fixture
def submit(org_tree):
    """submit(**overrides) → (petition, code, secret): a named denunciation to the inspectorate."""
    from liemchinh.petitions.services import petition_submit

    def _submit(**overrides):
        fields = {"actor": None, "kind": "denunciation", "anonymous": False,
                  "content": "Cán bộ địa chính xã Tân Thành nhận tiền để cấp giấy chứng nhận quyền sử dụng đất.",
                  **IDENTITY}
        fields.update(overrides)
        return petition_submit(**fields)

    return _submit
