"""Django settings, read from the environment (every variable is described in docs/web.md).

With nothing set, the app runs on this machine alone: SQLite in ``./isu-data``, a secret key
generated there on first start, HTTP on localhost. ``ISU_PRODUCTION=1`` switches on what an
installation on a network needs (secure cookies, HSTS, HTTPS redirect, hashed static files),
so ``python -m isu.web check --deploy`` passes without warnings.
"""

import os
from pathlib import Path

import dj_database_url

from isu.web.env import env_bool, env_list, env_path, env_str, load_or_create_secret_key

BASE_DIR = Path(__file__).resolve().parent

# pytest sets PYTEST_VERSION for the whole run (workers included). Tests then never read the
# operator's DATABASE_URL or write a secret key into the working directory.
TESTING = "PYTEST_VERSION" in os.environ

DATA_DIR = env_path("ISU_DATA_DIR", "./isu-data")
PRODUCTION = env_bool("ISU_PRODUCTION")
DEBUG = env_bool("ISU_DEBUG")

if env_str("ISU_SECRET_KEY"):
    SECRET_KEY = env_str("ISU_SECRET_KEY")
elif TESTING:
    SECRET_KEY = "isu-tests-only-" + "x" * 50
else:
    SECRET_KEY = load_or_create_secret_key(DATA_DIR / "secret_key")

ALLOWED_HOSTS = env_list("ISU_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    "isu.web.admin_config.IsuAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "isu.web.accounts",
    "isu.web.audit",
    "isu.web.pages",
    "isu.web.followups",
    "isu.web.analyses",
    "isu.web.region",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "isu.web.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "isu.web.middleware.AbsoluteSessionExpiryMiddleware",
]

ROOT_URLCONF = "isu.web.urls"
WSGI_APPLICATION = "isu.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "isu.web.navigation.navigation",
            ],
        },
    },
]

# Database: SQLite in the data directory unless DATABASE_URL names PostgreSQL. Under pytest,
# ISU_TEST_DATABASE_URL chooses the server the test databases are created on.
_database_url = env_str("ISU_TEST_DATABASE_URL") if TESTING else env_str("DATABASE_URL")
if _database_url:
    DATABASES = {
        "default": dj_database_url.parse(_database_url, conn_max_age=600, conn_health_checks=True)
    }
else:
    if not TESTING:
        DATA_DIR.mkdir(parents=True, exist_ok=True, mode=0o700)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "isu.sqlite3"),
            # Wait for a concurrent writer instead of failing at once.
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# A region uploads every municipality's package at once (Sweden has 290); Django's default is 100.
DATA_UPLOAD_MAX_NUMBER_FILES = 400

# Authentication. Argon2 first: memory-hard, so a stolen database is expensive to crack;
# the others remain only to verify (and then upgrade) hashes made by older installations.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["isu.web.accounts.lockout.LockoutModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"

# Sessions: a work day at most (enforced from log-in, see middleware), gone when the browser
# closes, never readable from JavaScript, not sent on cross-site sub-requests.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# Headers on every response; the Content-Security-Policy is set by our middleware.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
if env_bool("ISU_BEHIND_PROXY"):
    # TLS ends at a reverse proxy (nginx, a load balancer) that sets X-Forwarded-Proto;
    # only trust the header when the proxy is known to overwrite it.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True

# Language: the product speaks Swedish; strings are Swedish in the source and marked for
# translation, so another language is a catalogue under LOCALE_PATHS away.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Stockholm"
USE_TZ = True

# Static files are vendored in the package (no CDN) and served by WhiteNoise. In production
# they are collected into ISU_STATIC_ROOT with hashed names so browsers may cache them forever.
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env_path("ISU_STATIC_ROOT", str(DATA_DIR / "static")) if PRODUCTION else None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Without collectstatic (the local default) WhiteNoise serves straight from the package.
WHITENOISE_USE_FINDERS = not PRODUCTION

# Logging: to the console only, and every record passes the personnummer mask. Request
# bodies are never logged (Django does not, and no handler here adds them).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "isu.web.redact.RedactPersonnummerFilter"}},
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
        "server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {
            "class": "isu.web.log_stream.CurrentStderrHandler",
            "filters": ["redact"],
            "formatter": "plain",
        },
        "server": {
            "class": "isu.web.log_stream.CurrentStderrHandler",
            "filters": ["redact"],
            "formatter": "server",
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
        "isu": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
