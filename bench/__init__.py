"""Benchmarks: `samen bench NAME [--n N]` runs bench/NAME.py (dashes for underscores); each prints JSON lines."""
