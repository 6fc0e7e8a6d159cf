"""Settings shared by every profile. Everything that differs per deployment comes from the environment."""

import os
from pathlib import Path

import dj_database_url

from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent  # src/samen
STATE_DIR = Path(os.environ.get("SAMEN_STATE_DIR", Path.cwd() / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in ("1", "true", "yes", "on")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SAMEN_SECRET_KEY", "")
# Key for the keyed hashes (HMAC) of identifiers and audit subjects. It lives outside the database on purpose:
# a copy of the database alone cannot be used to test guesses of names or phone numbers.
PSEUDONYM_KEY = os.environ.get("SAMEN_PSEUDONYM_KEY", "")
DEBUG = env_bool("SAMEN_DEBUG")
ALLOWED_HOSTS = env_list("SAMEN_ALLOWED_HOSTS", "127.0.0.1,localhost")
DEMO_MODE = env_bool("SAMEN_DEMO")

DEFAULT_DATABASE_URL = f"sqlite:///{STATE_DIR / 'samen.sqlite3'}"
DATABASE_URL = os.environ.get("SAMEN_DATABASE_URL", DEFAULT_DATABASE_URL)


def database_config(url: str) -> dict:
    # Each server thread keeps its connection for a minute (checked before reuse): a new PostgreSQL connection per
    # request costs more than most requests, and a fresh backend reads its catalogue again for every table it touches.
    config = dj_database_url.parse(
        url, conn_max_age=int(os.environ.get("SAMEN_DB_CONN_MAX_AGE", "60")), conn_health_checks=True
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            # IMMEDIATE transactions take the write lock up front, so two writers queue instead of deadlocking.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    return config


_default_db = database_config(DATABASE_URL)
DATABASES = {
    "default": _default_db,
    # Refused requests are logged through this second connection: the request's own transaction rolls back.
    "audit": {**_default_db, "TEST": {"MIRROR": "default"}},
}
SAMEN_AUDIT_DB_ALIAS = "audit"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django.contrib.postgres",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    # kernel
    "samen.audit",
    "samen.taxonomy",
    "samen.geo",
    "samen.accounts",
    "samen.signals",
    "samen.tables",
    "samen.guide",
    "samen.monitoring",
    "samen.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "samen.web.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "samen.accounts.middleware.IdleTimeoutMiddleware",
    "samen.accounts.middleware.RequireSecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
ROOT_URLCONF = "samen.config.urls"
WSGI_APPLICATION = "samen.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samen.web.context_processors.samen",
            ],
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "samen.accounts.backends.PermissionBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sign-in hardening.
SESSION_COOKIE_AGE = int(os.environ.get("SAMEN_SESSION_MAX_AGE", 8 * 3600))
SAMEN_IDLE_TIMEOUT = int(os.environ.get("SAMEN_IDLE_TIMEOUT", 30 * 60))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "samen.web.views.csrf_failure"
AXES_FAILURE_LIMIT = int(os.environ.get("SAMEN_LOCKOUT_FAILURES", 5))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "samen.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Behind a reverse proxy the client address comes from X-Forwarded-For; say how many proxies to trust, or the
# lock-out would see every request as coming from the proxy and lock a user name out for everyone.
TRUSTED_PROXY_COUNT = int(os.environ.get("SAMEN_TRUSTED_PROXY_COUNT", 0))
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if TRUSTED_PROXY_COUNT else ("REMOTE_ADDR",)
OTP_TOTP_ISSUER = "Samen"
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

# OpenID Connect (e.g. a government identity provider) is optional and switched on by settings alone.
OIDC_ENABLED = bool(os.environ.get("SAMEN_OIDC_RP_CLIENT_ID"))
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("samen.accounts.oidc.SamenOIDCBackend")
    OIDC_RP_CLIENT_ID = os.environ["SAMEN_OIDC_RP_CLIENT_ID"]
    OIDC_RP_CLIENT_SECRET = os.environ.get("SAMEN_OIDC_RP_CLIENT_SECRET", "")
    OIDC_RP_SIGN_ALGO = os.environ.get("SAMEN_OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("SAMEN_OIDC_OP_AUTHORIZATION_ENDPOINT", "")
    OIDC_OP_TOKEN_ENDPOINT = os.environ.get("SAMEN_OIDC_OP_TOKEN_ENDPOINT", "")
    OIDC_OP_USER_ENDPOINT = os.environ.get("SAMEN_OIDC_OP_USER_ENDPOINT", "")
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("SAMEN_OIDC_OP_JWKS_ENDPOINT", "")
    OIDC_RP_SCOPES = os.environ.get("SAMEN_OIDC_RP_SCOPES", "openid email profile")
    # The identity provider proves who someone is; whether they may use Samen is decided here: only
    # people an admin already created (matched on e-mail) can sign in. Accounts are never created on the fly.
    OIDC_CREATE_USER = False

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = STATE_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = STATE_DIR / "media"  # outside the web root; files are served only through views that check access

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "samen.accounts.backends.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "samen.web.api.problem_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Samen API",
    "DESCRIPTION": "API of Samen, the information backbone of the Dutch chain approach against human trafficking.",
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

# Audit sealing: how often `samen serve` / `samen demo` seal new events, and how old an unsealed event may get
# before `samen verify-audit` fails.
SAMEN_AUDIT_SEAL_INTERVAL = int(os.environ.get("SAMEN_AUDIT_SEAL_INTERVAL", 5))
SAMEN_AUDIT_MAX_UNSEALED_AGE = int(os.environ.get("SAMEN_AUDIT_MAX_UNSEALED_AGE", 60))

# Content Security Policy: everything from our own origin, nothing inline.
SAMEN_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SAMEN_LOG_LEVEL", "WARNING")},
}
# The organisation that receives anonymous reports from the public form (its name).
SAMEN_PUBLIC_INTAKE_ORGANISATION = os.environ.get("SAMEN_PUBLIC_INTAKE_ORGANISATION", "CoMensha")

# Soft signals that were never routed and never discussed at a table are deleted this many days after receipt.
SAMEN_SIGNAL_RETENTION_DAYS = int(os.environ.get("SAMEN_SIGNAL_RETENTION_DAYS", 183))
