"""The signal list and its full-text search with N signals in PostgreSQL, as an intake user sees them.

`samen bench signal-list --n 1000000` starts a throwaway PostgreSQL, seeds N synthetic signals with
`samen seed-demo --signals N --allow-non-demo` (timed: the issue wants a million in under ten minutes), then, in a
child process, times for an intake user of the organisation holding the most synthetic signals (the one the demo's
intake account works for): the list, the list filtered by form and status, full-text search (cycling through
common and rare words) and search for a reference. Each goes through signals_visible_to + signals_filter with the
columns and forms the list view shows, four ways: the first 50 rows alone; the page with Django's Paginator (an
exact count, then the first 50: what the list view did until 2026-11-23); the page as the list view built it
until 2026-11-23 06:25, with a CappedPaginator (a count capped at 1,000, "more than 1,000", then the first 50);
and the page as the list view builds it now (`list_page`: the capped count, and the page read from the 10,000
newest visible signals first). Prints p50/p95/p99 per query.
"""

import statistics
import time

from django.contrib.auth.models import Group
from django.core.paginator import Paginator
from django.db import connection

from samen.accounts.models import Organisation, User
from samen.demo.signal_world import INTAKE_OWNER
from samen.signals.selectors import signals_filter, signals_visible_to
from samen.signals.views import COUNT_CAP, PAGE_SIZE, list_page
from samen.web.pagination import CappedPaginator

from ._support import machine, percentiles, throwaway_postgres, vendor_and_version

OWN_DATABASE = True
REPETITIONS = 200
# Words the synthetic accounts use often, sometimes, and rarely; a plate; a phrase.
SEARCH_TERMS = ("busje", "paspoort", "kassen", "nier", "schuld bemiddelaar", "station", "Westland", "advertentie")


def run(n: int) -> list[dict]:
    with throwaway_postgres() as postgres:
        database = vendor_and_version(postgres)
        started = time.perf_counter()
        postgres.samen("seed-demo", "--signals", str(n), "--allow-non-demo")
        seconds = time.perf_counter() - started
        results = [
            {
                "bench": "signal-list",
                "step": "seed",
                "n": n,
                "seconds": round(seconds, 1),
                "throughput_per_second": round(n / seconds, 1),
                **database,
                **machine(),
            }
        ]
        for result in postgres.worker("signal-list", {"n": n, "repetitions": REPETITIONS}):
            results.append({**result, **database})
        return results


def _timed(label: str, action, repetitions: int, n: int, extra: dict | None = None) -> dict:
    action()  # warm: the first run pays for plans and cold pages
    samples = []
    for repetition in range(repetitions):
        started = time.perf_counter()
        action(repetition)
        samples.append(time.perf_counter() - started)
    by_term = {}
    if extra and "terms" in extra:  # search cycles through the terms: say which ones are slow
        terms = extra["terms"]
        by_term = {
            "p95_ms_by_term": {
                term: percentiles(samples[index :: len(terms)]).get("p95_ms") for index, term in enumerate(terms)
            }
        }
    return {
        "bench": "signal-list",
        "step": label,
        "n": n,
        "repetitions": repetitions,
        "seconds": round(sum(samples), 3),
        "throughput_per_second": round(repetitions / sum(samples), 1),
        "mean_ms": round(statistics.mean(samples) * 1000, 2),
        **percentiles(samples),
        **(extra or {}),
        **by_term,
    }


def _intake_user(organisation: Organisation) -> User:
    user, _created = User.objects.get_or_create(
        username="bench-intake", defaults={"organisation": organisation, "email": "bench-intake@example.org"}
    )
    user.groups.set([Group.objects.get(name="intake")])
    return User.objects.get(pk=user.pk)  # fresh: no cached permissions


def worker(options: dict) -> list[dict]:
    """In the child process, against the seeded database: time the list and the search."""
    n, repetitions = options["n"], options["repetitions"]
    # A freshly bulk-loaded table has no planner statistics until autovacuum comes by; a running system has them.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    organisation = Organisation.objects.get(name=INTAKE_OWNER)
    user = _intake_user(organisation)
    visible = signals_visible_to(user).count()
    reference = signals_visible_to(user).order_by("?").values_list("reference", flat=True).first() or ""
    extra = {"visible_to_user": visible}

    def query(filters: dict, *, count: str):
        def action(repetition: int = 0):
            chosen = dict(filters)
            if chosen.get("text") is SEARCH_TERMS:
                chosen["text"] = SEARCH_TERMS[repetition % len(SEARCH_TERMS)]
            signals = signals_filter(signals_visible_to(user), **chosen)
            signals = signals.select_related("source_type", "municipality").prefetch_related("forms")
            if count == "exact":  # Django's Paginator counts every match, then reads the page
                return list(Paginator(signals, PAGE_SIZE).get_page(1).object_list)
            if count == "capped":  # counts up to the cap ("more than 1,000"), then the page
                return list(CappedPaginator(signals, PAGE_SIZE, cap=COUNT_CAP).get_page(1).object_list)
            if count == "list-view":  # as the list view: capped count, the page read from the newest signals first
                return list(list_page(user, signals, 1).object_list)
            return list(signals[:PAGE_SIZE])

        return action

    queries = {
        "list": {},
        "list-filtered": {"form": "labour", "status": "in-progress"},
        "search": {"text": SEARCH_TERMS},
        "search-reference": {"text": reference},
    }
    results = []
    for name, filters in queries.items():
        details = {**extra, "filters": {key: value for key, value in filters.items() if key != "text"}}
        if filters.get("text") is SEARCH_TERMS:
            details["terms"] = list(SEARCH_TERMS)
        for count, suffix in (
            ("none", "first-50"),
            ("exact", "page-with-count"),
            ("capped", "page-with-capped-count"),
            ("list-view", "list-view"),
        ):
            results.append(_timed(f"{name}-{suffix}", query(filters, count=count), repetitions, n, details))
    return results
