"""The tracking secret's stored hash: HMAC-SHA256 under PETITION_SECRET_KEYS for new petitions,
legacy Argon2id hashes still accepted (and upgraded on success), the same work whatever the
scheme or whether the code exists."""

from __future__ import annotations

import pytest

from liemchinh.petitions.models import Petition
from liemchinh.petitions.services import petition_track, public


def _track(code, secret):
    return petition_track(tracking_code=code, secret=secret, caller_key="test-caller")


def test_new_secret_is_an_hmac_under_the_newest_key_and_tracks(submit, settings):
    petition, code, secret = submit()
    assert petition.secret_hash.startswith("hmac-sha256$")
    assert len(petition.secret_hash) == len("hmac-sha256$") + 64
    assert public.normalise_secret(secret) not in petition.secret_hash
    assert petition.secret_hash == public._hmac(
        settings.PETITION_SECRET_KEYS[0], public.normalise_secret(secret)
    )
    # Grouping, case and look-alikes do not matter.
    assert _track(code, secret.lower().replace("-", " ")) == petition
    assert _track(code, "AAAA-BBBB-CCCC-DDDD-EEEE") is None


def test_the_hash_depends_on_the_key(submit, settings):
    petition, code, secret = submit()
    settings.PETITION_SECRET_KEYS = ["another-key"]
    assert _track(code, secret) is None  # a database alone cannot be checked against guesses


def test_an_older_key_behind_the_newest_still_verifies(submit, settings):
    old_key = settings.PETITION_SECRET_KEYS[0]
    petition, code, secret = submit()
    settings.PETITION_SECRET_KEYS = ["the-new-key", old_key]
    assert _track(code, secret) == petition
    other, code2, secret2 = submit()
    assert other.secret_hash == public._hmac("the-new-key", public.normalise_secret(secret2))
    assert _track(code2, secret2) == other


def test_a_legacy_argon2_hash_still_verifies_and_is_upgraded_on_success(submit):
    petition, code, secret = submit()
    Petition.objects.filter(pk=petition.pk).update(secret_hash=public._hash_secret_argon2(secret))
    assert Petition.objects.get(pk=petition.pk).secret_hash.startswith("argon2$argon2id$")

    assert _track(code, "AAAA-BBBB-CCCC-DDDD-EEEE") is None
    assert Petition.objects.get(pk=petition.pk).secret_hash.startswith("argon2$")  # untouched by a failure

    assert _track(code, secret) == petition
    upgraded = Petition.objects.get(pk=petition.pk).secret_hash
    assert upgraded.startswith("hmac-sha256$")
    assert _track(code, secret) == petition
    assert _track(code, "AAAA-BBBB-CCCC-DDDD-EEEE") is None


def test_a_damaged_hash_matches_nothing(submit):
    petition, code, secret = submit()
    Petition.objects.filter(pk=petition.pk).update(secret_hash="argon2$garbage")
    assert _track(code, secret) is None
    Petition.objects.filter(pk=petition.pk).update(secret_hash="-")
    assert _track(code, secret) is None


@pytest.fixture
def work(monkeypatch):
    """Counts of HMAC computations and Argon2 verifications."""
    counts = {"hmac": 0, "argon2": 0}
    real_hmac, real_argon2 = public._hmac, public._check_argon2

    def spy_hmac(*args):
        counts["hmac"] += 1
        return real_hmac(*args)

    def spy_argon2(*args):
        counts["argon2"] += 1
        return real_argon2(*args)

    monkeypatch.setattr(public, "_hmac", spy_hmac)
    monkeypatch.setattr(public, "_check_argon2", spy_argon2)

    def take():
        taken = dict(counts)
        counts.update(hmac=0, argon2=0)
        return taken

    return take


@pytest.mark.parametrize("legacy_on", [True, False])
def test_the_same_work_for_unknown_codes_new_hashes_and_wrong_secrets(submit, settings, work, legacy_on):
    settings.PETITION_SECRET_LEGACY_ARGON2 = legacy_on
    settings.PETITION_SECRET_KEYS = ["k1", "k2"]
    _petition, code, secret = submit()
    work()
    expected = {"hmac": 2, "argon2": 1 if legacy_on else 0}
    assert _track("1234567812345678", secret) is None  # unknown code: the dummy hash
    assert work() == expected
    assert _track(code, "AAAA-BBBB-CCCC-DDDD-EEEE") is None
    assert work() == expected
    assert _track(code, secret) is not None
    assert work() == expected


def test_a_legacy_hash_costs_the_same_checks_as_a_new_one(submit, settings, work):
    settings.PETITION_SECRET_KEYS = ["k1", "k2"]
    petition, code, secret = submit()
    Petition.objects.filter(pk=petition.pk).update(secret_hash=public._hash_secret_argon2(secret))
    work()
    assert _track(code, "AAAA-BBBB-CCCC-DDDD-EEEE") is None
    assert work() == {"hmac": 2, "argon2": 1}
