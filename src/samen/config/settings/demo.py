"""Demo: embedded SQLite, synthetic data, demo accounts sign in without a second factor."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES

DEMO_MODE = True
DEBUG = False
SECRET_KEY = "demo-only-insecure-key-never-use-in-production-" + "x" * 10
PSEUDONYM_KEY = "demo-only-pseudonym-key-not-secret"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    raise ImproperlyConfigured("Demo mode runs on an embedded SQLite database only; refusing a server database.")

# Serve static files straight from the app directories: `samen demo` needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None  # static files come from the app directories (WhiteNoise finders)
SAMEN_PUBLIC_INTAKE_ORGANISATION = "CoMensha (demo)"
