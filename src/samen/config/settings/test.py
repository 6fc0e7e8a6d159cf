"""Tests: SQLite by default, PostgreSQL when SAMEN_TEST_DB=postgres (the fixture fills in host and port)."""

import os

from .base import *  # noqa: F403
from .base import DATABASES

SECRET_KEY = "test-key-" + "t" * 50
PSEUDONYM_KEY = "test-pseudonym-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; argon2 is tested explicitly
ALLOWED_HOSTS = ["*"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if os.environ.get("SAMEN_TEST_DB") == "postgres":
    DATABASES["default"] = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "samen",
        "USER": "postgres",
        "HOST": "",
        "PORT": "",
    }
    DATABASES["audit"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
else:
    DATABASES["default"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
    DATABASES["audit"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}

# Test cases wrap the default connection in a transaction; a second connection would not see (or, on SQLite, wait
# for) its rows. The separate audit connection is proven in a transactional test on PostgreSQL.
SAMEN_AUDIT_DB_ALIAS = "default"

STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
