import os

import pytest

from django.conf import settings
from django.core.management import call_command
from django.db import connections

from samen.audit import triggers
from tests.postgres import ThrowawayCluster

# Playwright's sync API runs an event loop in the test thread; the ORM calls in browser tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _django_order(item) -> int:
    marker = item.get_closest_marker("django_db")
    fixtures = set(getattr(item, "fixturenames", ()))
    transactional = bool(marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
    if transactional or {"transactional_db", "live_server"} & fixtures:
        return 1
    return 0 if marker is not None or "db" in fixtures else 2


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run tests that commit (and so flush every table afterwards) after the tests that roll back, as Django does.
    pytest's own grouping by parametrised fixtures (the browser) would otherwise move browser tests into the middle,
    and their flush would empty the reference data the tests after them rely on."""
    items.sort(key=_django_order)


@pytest.fixture(scope="session")
def django_db_modify_db_settings():
    if os.environ.get("SAMEN_TEST_DB") != "postgres":
        yield
        return
    cluster = ThrowawayCluster().start()
    for alias in ("default", "audit"):
        settings.DATABASES[alias].update(
            {"HOST": str(cluster.socket_dir), "PORT": str(cluster.port), "USER": cluster.user}
        )
    yield
    for connection in connections.all():
        connection.close()
    cluster.stop()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database holds the reference data, as every real installation does."""
    with django_db_blocker.unblock():
        call_command("load_reference", verbosity=0)


@pytest.fixture
def reference_data_transactional(transactional_db):
    """For tests that commit (browser tests): reload the reference data the previous flush removed, and let the
    next flush empty the audit tables, which the append-only triggers otherwise refuse."""
    connection = connections["default"]
    triggers.install(connection)
    call_command("load_reference", verbosity=0)
    yield
    triggers.remove(connection)
