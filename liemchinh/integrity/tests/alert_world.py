"""A small registry world with one alert of each kind of chain, for the alert pages' tests.

`build_world(org)` writes what an import and a scan would have written: a body (linked to `org`
when given), an official who heads it, his wife in the accounting post, her company that won a
contract, the person links the resolver proposed and two alerts with their chains and evidence.
"""

from __future__ import annotations

import datetime as dt

from liemchinh.core.text import fold
from liemchinh.integrity import keys
from liemchinh.integrity.models import (
    Alert,
    Body,
    Contract,
    Enterprise,
    EnterprisePerson,
    ImportRun,
    Official,
    PersonLink,
    Position,
    Relative,
    ScanRun,
)


def _mention(model, run, file, row, **fields):
    fields.setdefault("name_folded", fold(fields["full_name"]))
    return model.objects.create(
        import_run=run, source_file=file, source_row=row, row_hash=f"h{file}{row}", **fields
    )


def build_world(org=None) -> dict:
    run = ImportRun.objects.create(status=ImportRun.Status.DONE)
    body = Body.objects.create(
        org_code="STC",
        name="Sở Tài chính",
        organization=org,
        managed_sectors=["4651"],
        import_run=run,
        source_file="organizations.csv",
        source_row=3,
        row_hash="b",
    )
    head = _mention(
        Official,
        run,
        "officials.csv",
        10,
        official_id="CB001",
        full_name="Nguyễn Văn An",
        birth_date=dt.date(1970, 3, 2),
        birth_year=1970,
        id_number="079070000001",
        record_key=keys.official_key("CB001"),
    )
    wife_official = _mention(
        Official,
        run,
        "officials.csv",
        11,
        official_id="CB002",
        full_name="Trần Thị Bình",
        birth_date=dt.date(1975, 6, 9),
        birth_year=1975,
        id_number="",
        record_key=keys.official_key("CB002"),
    )
    Position.objects.create(
        natural_key="p1",
        official=head,
        body=body,
        title="Giám đốc",
        role="head",
        start_date=dt.date(2020, 1, 1),
        import_run=run,
        source_file="positions.csv",
        source_row=120,
        row_hash="p1",
    )
    Position.objects.create(
        natural_key="p2",
        official=wife_official,
        body=body,
        title="Kế toán trưởng",
        role="accounting",
        start_date=dt.date(2021, 1, 1),
        import_run=run,
        source_file="positions.csv",
        source_row=121,
        row_hash="p2",
    )
    wife = _mention(
        Relative,
        run,
        "relatives.csv",
        57,
        official=head,
        relation="spouse",
        full_name="Tran Thi Binh",
        birth_date=dt.date(1975, 6, 9),
        birth_year=1975,
        id_number="",
        record_key=keys.relative_key("CB001", "spouse", "Tran Thi Binh", "1975-06-09", ""),
    )
    firm = Enterprise.objects.create(
        tax_code="0301234567",
        name="Công ty TNHH Bình An",
        sector_code="4651",
        import_run=run,
        source_file="enterprises.csv",
        source_row=8,
        row_hash="e",
    )
    owner = _mention(
        EnterprisePerson,
        run,
        "enterprise_people.csv",
        15,
        enterprise=firm,
        role="owner",
        full_name="TRẦN THỊ BÌNH",
        birth_year=1975,
        id_number="",
        record_key=keys.enterprise_person_key("0301234567", "owner", "TRẦN THỊ BÌNH", "1975", ""),
    )
    contract = Contract.objects.create(
        contract_id="HD-2025-01",
        buyer=body,
        supplier=firm,
        value_vnd=1_250_000_000,
        signed_on=dt.date(2025, 4, 1),
        signer=head,
        import_run=run,
        source_file="contracts.csv",
        source_row=33,
        row_hash="c",
    )
    scan = ScanRun.objects.create(
        status=ScanRun.Status.DONE,
        progress=100,
        counts={"relative_in_sensitive_post": 1, "contract_with_relative_business": 1},
    )
    link_post = PersonLink.objects.create(
        scan=scan,
        **dict(
            zip(("left_key", "right_key"), sorted((wife.record_key, wife_official.record_key)), strict=True)
        ),
        probability=0.97,
        match_weight=8.1,
        explanation=[
            {"field": "họ và tên", "level": "tên giống sau khi bỏ dấu", "bayes_factor": 40.0},
            {"field": "ngày sinh", "level": "trùng ngày sinh", "bayes_factor": 120.0},
        ],
    )
    link_firm = PersonLink.objects.create(
        scan=scan,
        **dict(zip(("left_key", "right_key"), sorted((wife.record_key, owner.record_key)), strict=True)),
        probability=0.88,
        match_weight=5.2,
        explanation=[
            {"field": "họ và tên", "level": "tên giống sau khi bỏ dấu", "bayes_factor": 40.0},
            {"field": "ngày sinh", "level": "trùng năm sinh", "bayes_factor": 6.5},
        ],
    )
    post_alert = make_alert(
        "relative_in_sensitive_post",
        "CB001",
        body,
        {"official_id": "CB002"},
        score=0.97,
        scan=scan,
        evidence=[
            "positions.csv row 120",
            "relatives.csv row 57",
            "officials.csv row 11",
            "positions.csv row 121",
        ],
        explanation="Vợ của Giám đốc giữ vị trí kế toán tại cùng cơ quan (Điều 20 khoản 3).",
        chain=chain(
            [
                ("officials:CB001", "official", "Nguyễn Văn An"),
                ("bodies:STC", "body", "Sở Tài chính"),
                (wife.record_key, "relative", "Tran Thi Binh"),
                ("officials:CB002", "official", "Trần Thị Bình"),
            ],
            [
                ("officials:CB001", "bodies:STC", "người đứng đầu", 1.0),
                ("officials:CB001", wife.record_key, "vợ/chồng", 1.0),
                (wife.record_key, "officials:CB002", "cùng một người", 0.97),
                ("officials:CB002", "bodies:STC", "kế toán", 1.0),
            ],
        ),
    )
    contract_alert = make_alert(
        "contract_with_relative_business",
        "CB001",
        body,
        {"contract_id": "HD-2025-01"},
        score=0.88,
        scan=scan,
        evidence=[
            "positions.csv row 120",
            "relatives.csv row 57",
            "enterprise_people.csv row 15",
            "contracts.csv row 33",
        ],
        explanation="Cơ quan ký hợp đồng với doanh nghiệp do vợ của Giám đốc làm chủ.",
        chain=chain(
            [
                ("officials:CB001", "official", "Nguyễn Văn An"),
                ("bodies:STC", "body", "Sở Tài chính"),
                ("contracts:HD-2025-01", "contract", "HD-2025-01"),
                ("enterprises:0301234567", "enterprise", "Công ty TNHH Bình An"),
                (wife.record_key, "relative", "Tran Thi Binh"),
                (owner.record_key, "enterprise_person", "TRẦN THỊ BÌNH"),
            ],
            [
                ("officials:CB001", "bodies:STC", "người đứng đầu", 1.0),
                ("bodies:STC", "contracts:HD-2025-01", "bên mua", 1.0),
                ("contracts:HD-2025-01", "enterprises:0301234567", "nhà cung cấp", 1.0),
                ("officials:CB001", wife.record_key, "vợ/chồng", 1.0),
                (wife.record_key, owner.record_key, "cùng một người", 0.88),
                (owner.record_key, "enterprises:0301234567", "chủ sở hữu", 1.0),
            ],
        ),
    )
    return {
        "run": run,
        "body": body,
        "head": head,
        "wife_official": wife_official,
        "wife": wife,
        "firm": firm,
        "owner": owner,
        "contract": contract,
        "scan": scan,
        "link_post": link_post,
        "link_firm": link_firm,
        "post_alert": post_alert,
        "contract_alert": contract_alert,
    }


def chain(nodes, edges) -> dict:
    """A chain as engine/scan.py writes it: node ids are record keys, every edge has a score."""
    return {
        "nodes": [{"id": i, "kind": k, "label": label} for i, k, label in nodes],
        "edges": [{"from": a, "to": b, "label": label, "score": score} for a, b, label, score in edges],
    }


def make_alert(
    rule,
    official_id,
    body,
    counterpart,
    *,
    score,
    scan=None,
    evidence=(),
    explanation="",
    chain=None,
    org_code=None,
) -> Alert:
    """Insert or refresh an alert as a scan does: by key, keeping the status and the decisions."""
    org_code = org_code or (body.org_code if body else "")
    alert, _created = Alert.objects.update_or_create(
        key=keys.alert_key(rule, official_id, org_code, counterpart),
        defaults={
            "rule": rule,
            "official_id": official_id,
            "org_code": org_code,
            "body": body,
            "counterpart": counterpart,
            "score": score,
            "evidence": list(evidence),
            "explanation": explanation,
            "chain": chain or {},
            "active": True,
            "last_scan": scan,
        },
        create_defaults={
            "rule": rule,
            "official_id": official_id,
            "org_code": org_code,
            "body": body,
            "counterpart": counterpart,
            "score": score,
            "evidence": list(evidence),
            "explanation": explanation,
            "chain": chain or {},
            "active": True,
            "first_scan": scan,
            "last_scan": scan,
        },
    )
    return alert
