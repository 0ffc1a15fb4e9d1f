"""Production: PostgreSQL from DATABASE_URL, secrets from the environment, HTTPS behind a proxy."""

from cryptography.fernet import Fernet

from config.env import ImproperlyConfiguredEnv, derive_dev_key

from .base import *  # noqa: F403
from .base import env_bool, env_int, env_list, env_str

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY", required=True)
# Identity encryption keys must come from the environment (never the derived development key).
IDENTITY_KEYS = env_list("IDENTITY_KEYS")
if not IDENTITY_KEYS:
    raise ImproperlyConfiguredEnv("Environment variable IDENTITY_KEYS must be set (comma-separated Fernet keys).")
IDENTITY_INDEX_KEY = env_str("IDENTITY_INDEX_KEY", required=True)
if derive_dev_key(SECRET_KEY, "identity") in IDENTITY_KEYS:
    raise ImproperlyConfiguredEnv("IDENTITY_KEYS must not hold the development key derived from SECRET_KEY.")
for _key in IDENTITY_KEYS:
    try:
        Fernet(_key.encode())
    except ValueError as _exc:
        raise ImproperlyConfiguredEnv("IDENTITY_KEYS must hold Fernet keys (32 url-safe base64-encoded bytes).") from _exc
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Preloading HSTS is the domain owner's decision (it is hard to undo), so W021 is only reported
# once SECURE_HSTS_PRELOAD is set.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Object storage for uploaded files: FILE_STORAGE_BACKEND=storages.backends.s3.S3Storage (needs the
# django-storages[s3] package). Credentials come from boto3's own AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY variables; the bucket and endpoint from the variables below.
if STORAGES["default"]["BACKEND"] == "storages.backends.s3.S3Storage":  # noqa: F405
    STORAGES["default"]["OPTIONS"] = {  # noqa: F405
        "bucket_name": env_str("S3_BUCKET", required=True),
        "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
        "region_name": env_str("S3_REGION") or None,
        "location": env_str("S3_PREFIX", "media"),
        "file_overwrite": False,
        "querystring_auth": True,
        "querystring_expire": env_int("S3_URL_EXPIRE_SECONDS", 300),
        "default_acl": None,
    }
