"""Benchmarks only (`samen bench`): production settings plus the floor endpoint of samen.config.urls_bench.
Never serve this profile: the floor endpoint takes unauthenticated writes."""

from .production import *  # noqa: F403

ROOT_URLCONF = "samen.config.urls_bench"
