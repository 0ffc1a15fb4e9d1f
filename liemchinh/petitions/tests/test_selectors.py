import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from liemchinh.petitions import selectors, services

D = dt.date


def test_inbox_is_scoped_to_the_routed_body(submit, staff):
    to_inspectorate, _c, _s = submit()
    to_finance, _c2, _s2 = submit(kind="feedback", org_code="T-STC")
    assert set(selectors.petition_inbox(staff["leader"])) == {to_inspectorate, to_finance}
    assert list(selectors.petition_inbox(staff["finance_focal"])) == [to_finance]
    assert list(selectors.petition_inbox(staff["finance_head"])) == [to_finance]
    with pytest.raises(PermissionDenied):
        selectors.petition_inbox(staff["viewer"])


def test_duplicates_by_blind_index_and_by_similar_content(submit, staff):
    base, _c, _s = submit(content="Cán bộ địa chính xã Tân Thành đòi 20 triệu đồng để cấp sổ đỏ cho hộ ông Bình.")
    same_person, _c, _s = submit(content="Một chuyện hoàn toàn khác về trường học.", name="N. V. Tố",
                                 phone="+84 912 345 678")
    similar_text, _c, _s = submit(anonymous=True,
                                  content="Cán bộ địa chính xã Tân Thành đòi 20 triệu đồng để cấp sổ đỏ cho hộ ông Bình!")
    unrelated, _c, _s = submit(anonymous=True, content="Đường liên xã bị hư hỏng nặng sau mùa mưa.")
    other_body, _c, _s = submit(anonymous=True, org_code="T-STC", kind="feedback",
                                content="Cán bộ địa chính xã Tân Thành đòi 20 triệu đồng để cấp sổ đỏ cho hộ ông Bình.")
    rows = selectors.duplicate_candidates(staff["leader"], base)
    found = {p.pk: reason for p, reason, _score in rows}
    assert found == {same_person.pk: "identity", similar_text.pk: "content"}
    assert unrelated.pk not in found and other_body.pk not in found
    # Outside the window: not proposed on content.
    late, _c, _s = submit(anonymous=True, received_on=base.received_on + dt.timedelta(days=200),
                          content="Cán bộ địa chính xã Tân Thành đòi 20 triệu đồng để cấp sổ đỏ cho hộ ông Bình.")
    assert late.pk not in {p.pk for p, _r, _s in selectors.duplicate_candidates(staff["leader"], base)}


def test_overdue_is_derived_from_the_clock(submit, staff):
    late, _c, _s = submit(received_on=D(2025, 3, 3))
    fresh, _c, _s = submit(received_on=D(2025, 3, 11))
    rows = selectors.petition_overdue(staff["leader"], today=D(2025, 3, 13))
    assert {r.petition.pk: r.steps for r in rows} == {late.pk: ["classify", "forward"]}
    services.petition_classify(actor=staff["officer"], petition=late, competent=True, on=D(2025, 3, 13))
    assert selectors.petition_overdue(staff["leader"], today=D(2025, 3, 13)) == []
    assert fresh  # not yet due


def test_identity_reveals_listed_for_the_leader_only(submit, staff):
    petition, _c, _s = submit()
    services.identity_reveal(actor=staff["leader"], petition=petition, reason="Bố trí bảo vệ người tố cáo")
    events = list(selectors.identity_reveals(staff["leader"]))
    assert len(events) == 1 and events[0].reason == "Bố trí bảo vệ người tố cáo"
    with pytest.raises(PermissionDenied):
        selectors.identity_reveals(staff["officer"])


def test_satisfaction_per_body(submit, staff):
    def resolved_and_rated(org_code, handler, rating):
        p, _c, _s = submit(kind="feedback", org_code=org_code)
        p = services.petition_classify(actor=handler, petition=p, competent=True)
        p = services.petition_accept(actor=handler, petition=p)
        p = services.petition_resolve(actor=handler, petition=p, result="Đã trả lời")
        return services.petition_rate(actor=None, petition=p, rating=rating)

    resolved_and_rated("T-STC", staff["finance_focal"], 5)
    resolved_and_rated("T-STC", staff["finance_focal"], 2)
    resolved_and_rated("T-TTR", staff["officer"], 4)
    rows = {r.organization_name: r for r in selectors.satisfaction_by_body(staff["leader"])}
    assert rows["Sở Tài chính"].rated == 2 and rows["Sở Tài chính"].average == 3.5
    assert rows["Sở Tài chính"].satisfied == 1
    assert rows["Thanh tra tỉnh"].average == 4.0
    assert [r.organization_name for r in selectors.satisfaction_by_body(staff["finance_head"])] == ["Sở Tài chính"]


def test_harassment_breaches(submit, staff):
    submit(kind="harassment", anonymous=True, supplement_requests=1)
    breach, _c, _s = submit(kind="harassment", anonymous=True, supplement_requests=2, dossier_code="H-2")
    assert list(selectors.harassment_breaches(staff["leader"])) == [breach]
