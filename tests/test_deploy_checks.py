"""The production settings pass Django's deployment checks, and refuse to start without a secret key.

Each check runs `manage.py check --deploy --fail-level WARNING` in a fresh process with the
production settings module and throwaway environment values, as an operator would.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent


def run_deploy_check(tmp_path: Path, **overrides: str | None) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "liemchinh.example.vn",
            "CSRF_TRUSTED_ORIGINS": "https://liemchinh.example.vn",
            "DATA_DIR": str(tmp_path),
            "IDENTITY_KEYS": Fernet.generate_key().decode(),
            "IDENTITY_INDEX_KEY": secrets.token_urlsafe(32),
        }
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )


def test_production_settings_pass_the_deploy_checks(tmp_path):
    result = run_deploy_check(tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_turning_off_the_https_redirect_fails_the_deploy_checks(tmp_path):
    result = run_deploy_check(tmp_path, SECURE_SSL_REDIRECT="false")

    assert result.returncode != 0
    assert "security.W008" in result.stderr


@pytest.mark.parametrize("value", [None, ""])
def test_production_refuses_to_start_without_a_secret_key(tmp_path, value):
    result = run_deploy_check(tmp_path, SECRET_KEY=value)

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_a_short_secret_key_fails_the_deploy_checks(tmp_path):
    result = run_deploy_check(tmp_path, SECRET_KEY="short-key")

    assert result.returncode != 0
    assert "security.W009" in result.stderr


@pytest.mark.parametrize("value", [None, "", "not-a-fernet-key"])
def test_production_refuses_to_start_without_identity_keys(tmp_path, value):
    result = run_deploy_check(tmp_path, IDENTITY_KEYS=value)

    assert result.returncode != 0
    assert "IDENTITY_KEYS" in result.stderr
