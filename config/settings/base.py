"""Settings shared by every environment. Values that differ per deployment come from config/env.py."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from config.env import BASE_DIR, database_config, derive_dev_key, env_bool, env_int, env_list, env_str

SECRET_KEY = env_str("SECRET_KEY", "dev-insecure-key-change-me-0123456789-abcdefghijklmnopqrstuvwxyz")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "liemchinh.core",
    "liemchinh.documents",
    "liemchinh.plans",
    "liemchinh.petitions",
    "liemchinh.portal",
    "liemchinh.integrity",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "liemchinh.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "liemchinh.core.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "liemchinh.core.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "liemchinh" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "liemchinh.core.context_processors.navigation",
                "liemchinh.core.context_processors.site",
            ],
        },
    }
]

DATA_DIR = BASE_DIR / env_str("DATA_DIR", "var")  # an absolute DATA_DIR replaces the base
DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": database_config(DATA_DIR / "liemchinh.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"

# Lock-out after repeated failed logins (per account and per client address).
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15)
AUTHENTICATION_BACKENDS = ["liemchinh.core.services.accounts.LockoutBackend"]  # ModelBackend + lock-out
# Reverse proxies in front of the app whose X-Forwarded-For is trusted for the client's address (0: none).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {
        "BACKEND": env_str("FILE_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": {} if env_str("FILE_STORAGE_BACKEND") else {"location": str(MEDIA_ROOT)},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Evidence files: size limit and the allow-list of types, checked on content.
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 25 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Petitioners' identities are encrypted under IDENTITY_KEYS (comma-separated Fernet keys, newest
# first; rotate with `liemchinh petitions_rotate_keys`) and looked up by an HMAC under
# IDENTITY_INDEX_KEY. Both live outside the database. Without them a development key is derived
# from SECRET_KEY; production refuses to start without them.
IDENTITY_KEYS = env_list("IDENTITY_KEYS") or [derive_dev_key(SECRET_KEY, "identity")]
IDENTITY_INDEX_KEY = env_str("IDENTITY_INDEX_KEY") or derive_dev_key(SECRET_KEY, "identity-index")
# Tracking secrets are kept as HMAC-SHA256 under PETITION_SECRET_KEYS (comma-separated, newest
# first); unset, one key is derived from IDENTITY_INDEX_KEY. PETITION_SECRET_LEGACY_ARGON2: older
# Argon2id hashes may remain, so every check also spends one Argon2 verification (equal timing).
# See docs/petitions-identity.md.
PETITION_SECRET_KEYS = env_list("PETITION_SECRET_KEYS") or [derive_dev_key(IDENTITY_INDEX_KEY, "petition-secret")]
PETITION_SECRET_LEGACY_ARGON2 = env_bool("PETITION_SECRET_LEGACY_ARGON2", True)
PETITION_CONTENT_MAX_CHARS = env_int("PETITION_CONTENT_MAX_CHARS", 20000)
PETITION_MAX_FILES = env_int("PETITION_MAX_FILES", 10)
PETITION_FILE_MAX_BYTES = env_int("PETITION_FILE_MAX_BYTES", 10 * 1024 * 1024)
# Days after which a case in this status loses its personal data (identity, identifying files).
PETITION_RETENTION_DAYS = {"closed": env_int("PETITION_RETENTION_CLOSED_DAYS", 1825),
                           "returned": env_int("PETITION_RETENTION_RETURNED_DAYS", 365),
                           "merged": env_int("PETITION_RETENTION_MERGED_DAYS", 1825)}
# The public pages' offline CAPTCHA (off only for load tests or trusted front ends; the API never
# asks it). Rate limits per caller key, {scope: (requests, window in seconds)}: they stay on
# whatever the CAPTCHA setting.
PETITIONS_CAPTCHA_ENABLED = env_bool("PETITIONS_CAPTCHA_ENABLED", True)
PETITIONS_RATE_LIMITS = {
    "submit": (env_int("PETITIONS_RATE_SUBMIT", 10), 3600),
    "track": (env_int("PETITIONS_RATE_TRACK", 60), 600),
    "api_submit": (env_int("PETITIONS_RATE_API_SUBMIT", 60), 3600),
    "api_track": (env_int("PETITIONS_RATE_API_TRACK", 120), 600),
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "liemchinh_cache",
    }
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Liêm Chính <no-reply@liemchinh.local>")
SITE_NAME = env_str("SITE_NAME", "Liêm Chính")
# Absolute address of the site, for links in e-mails (no trailing slash).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
PROVINCE_NAME = env_str("PROVINCE_NAME", "tỉnh Tây Ninh")

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Daily background jobs enqueued by `liemchinh run_scheduler`: (task path, local time HH:MM).
SCHEDULED_JOBS = [
    ("liemchinh.plans.tasks.send_plan_reminders", env_str("PLANS_REMINDER_TIME", "07:00")),
    ("liemchinh.petitions.tasks.purge_expired_personal_data", env_str("PETITIONS_PURGE_TIME", "02:00")),
    ("liemchinh.integrity.gift_rotation_tasks.send_gift_rotation_reminders",
     env_str("INTEGRITY_REMINDER_TIME", "07:10")),
]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "liemchinh.core.api_errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Liêm Chính API",
    "DESCRIPTION": "API of Liêm Chính, the anti-corruption work system of a provincial inspectorate.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # The docs page's JavaScript is served from our static files (no CDN on closed networks).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

OTP_TOTP_ISSUER = "Liêm Chính"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
