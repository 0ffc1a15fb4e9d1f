import io

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from liemchinh.petitions import crypto, services
from liemchinh.petitions.models import PetitionFile, PetitionIdentity
from liemchinh.petitions.tests.conftest import IDENTITY

OLD = Fernet.generate_key().decode()
NEW = Fernet.generate_key().decode()


@pytest.fixture
def old_key(settings):
    settings.IDENTITY_KEYS = [OLD]
    return settings


def _plain_values():
    return [IDENTITY["name"], IDENTITY["id_number"], IDENTITY["phone"], IDENTITY["email"], "0912345678",
            "Nguyễn Văn Tố".encode("unicode_escape").decode()]


def test_database_dump_alone_reveals_no_identity(submit, old_key, staff):
    petition, _code, _secret = submit(files=[("cccd.jpg", b"ID CARD OF Nguyen Van To 079123456789", True)])
    services.identity_reveal(actor=staff["leader"], petition=petition, reason="Kiểm tra bảo vệ người tố cáo")
    # Every row of every model, as text.
    rows = []
    for model in apps.get_models():
        for values in model.objects.values_list():
            rows.append(" ".join(str(v) for v in values))
    dump = "\n".join(rows)
    # And the SQL dump of the database itself when it is SQLite.
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        dump += "\n".join(connection.connection.iterdump())
    assert petition.content in dump and petition.tracking_code in dump  # the dump does cover the petition
    for value in _plain_values():
        assert value not in dump
    assert "079123456789" not in dump
    # The ciphertext is there, and opening it needs the key.
    token = PetitionIdentity.objects.get(petition=petition).ciphertext
    assert token in dump
    with pytest.raises(Exception):  # noqa: B017,PT011  (cryptography's InvalidToken)
        Fernet(Fernet.generate_key()).decrypt(token.encode())
    assert crypto.decrypt_json(token)["name"] == IDENTITY["name"]
    # The identifying file is encrypted in storage too.
    record = PetitionFile.objects.get(petition=petition)
    with record.file.open("rb") as fh:
        stored = fh.read()
    assert b"079123456789" not in stored and b"cccd" not in record.original_name.encode()


def test_rotation_old_key_decrypts_rotate_reencrypts_then_old_key_can_go(submit, settings, staff):
    settings.IDENTITY_KEYS = [OLD]
    petition, _c, _s = submit(files=[("cccd.jpg", b"ID-CARD-BYTES", True)])
    before = PetitionIdentity.objects.get(petition=petition).ciphertext
    # A new key in front: the old rows still open.
    settings.IDENTITY_KEYS = [NEW, OLD]
    assert crypto.decrypt_json(before)["phone"] == IDENTITY["phone"]
    err = io.StringIO()
    call_command("petitions_rotate_keys", "--batch-size", "1", stderr=err, stdout=io.StringIO())
    after = PetitionIdentity.objects.get(petition=petition).ciphertext
    assert after != before
    assert "2 bản ghi" in err.getvalue()  # progress on stderr, batch by batch (identity, then file)
    # Only the new key left: everything still decrypts, files included.
    settings.IDENTITY_KEYS = [NEW]
    assert services.identity_reveal(actor=staff["leader"], petition=petition, reason="sau khi đổi khóa") == IDENTITY
    record = PetitionFile.objects.get(petition=petition)
    assert services.petition_file_read(actor=staff["leader"], record=record) == ("cccd.jpg", b"ID-CARD-BYTES")
    # And the old key alone no longer opens anything.
    settings.IDENTITY_KEYS = [OLD]
    with pytest.raises(crypto.IdentityDecryptError):
        crypto.decrypt_json(after)


def test_rotate_reports_progress_in_batches(submit, old_key):
    for _i in range(3):
        submit()
    old_key.IDENTITY_KEYS = [NEW, OLD]
    seen = []
    assert services.rotate(batch_size=2, progress=seen.append) == 3
    assert seen == [2, 3]


def test_blind_index_normalises_and_needs_its_own_key(settings):
    assert crypto.blind_index("phone", "+84 912 345 678") == crypto.blind_index("phone", "0912.345.678")
    assert crypto.blind_index("email", " To@Example.VN ") == crypto.blind_index("email", "to@example.vn")
    assert crypto.blind_index("id_number", "") == ""
    first = crypto.blind_index("id_number", "079123456789")
    settings.IDENTITY_INDEX_KEY = "another-key"
    assert crypto.blind_index("id_number", "079123456789") != first


def test_production_settings_refuse_to_start_without_identity_keys(monkeypatch):
    import importlib
    import sys

    from config.env import ImproperlyConfiguredEnv

    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.delenv("IDENTITY_KEYS", raising=False)
    sys.modules.pop("config.settings.production", None)
    with pytest.raises(ImproperlyConfiguredEnv, match="IDENTITY_KEYS"):
        importlib.import_module("config.settings.production")
    monkeypatch.setenv("IDENTITY_INDEX_KEY", "index-key")
    monkeypatch.setenv("IDENTITY_KEYS", "not-a-key")
    sys.modules.pop("config.settings.production", None)
    with pytest.raises(ImproperlyConfiguredEnv, match="Fernet"):
        importlib.import_module("config.settings.production")
    monkeypatch.setenv("IDENTITY_KEYS", NEW)
    sys.modules.pop("config.settings.production", None)
    module = importlib.import_module("config.settings.production")
    assert module.IDENTITY_KEYS == [NEW]
    sys.modules.pop("config.settings.production", None)
