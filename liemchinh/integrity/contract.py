"""The registry files of the integrity contract (contracts/integrity-data.md of the design
documents): their names and columns, in contract order. The importer, the analytic loaders and the
synthetic generator all read them from here."""

from __future__ import annotations

COLUMNS: dict[str, tuple[str, ...]] = {
    "organizations.csv": ("org_code", "name", "parent_code", "managed_sectors"),
    "officials.csv": ("official_id", "full_name", "birth_date", "id_number"),
    "positions.csv": ("official_id", "org_code", "title", "role", "start_date", "end_date"),
    "relatives.csv": ("official_id", "relation", "full_name", "birth_date", "id_number"),
    "enterprises.csv": ("tax_code", "name", "sector_code", "registered_on"),
    "enterprise_people.csv": ("tax_code", "role", "full_name", "birth_date", "id_number", "capital_share"),
    "contracts.csv": (
        "contract_id",
        "buyer_org_code",
        "supplier_tax_code",
        "value_vnd",
        "signed_on",
        "signer_official_id",
    ),
}
