"""How fast the audit trail takes events, seals them and verifies the chain (one JSON line per measurement)."""

import time

from django.db import transaction

from samen.audit.sealing import audit_seal_all, audit_verify
from samen.audit.services import audit_record, subject_pseudonym


def run(n: int) -> list[dict]:
    results = []
    start = time.perf_counter()
    for index in range(n):
        with transaction.atomic():
            audit_record(
                actor=None,
                action="read",
                object_type="bench.thing",
                object_id=index,
                subjects=[subject_pseudonym("bench", index)],
                purpose="statistics",
            )
    elapsed = time.perf_counter() - start
    results.append(
        {
            "bench": "audit-chain",
            "step": "write",
            "n": n,
            "seconds": round(elapsed, 3),
            "per_second": round(n / elapsed, 1),
        }
    )
    start = time.perf_counter()
    seals = audit_seal_all()
    elapsed = time.perf_counter() - start
    results.append(
        {
            "bench": "audit-chain",
            "step": "seal",
            "n": n,
            "seals": seals,
            "seconds": round(elapsed, 3),
            "per_second": round(n / elapsed, 1),
        }
    )
    start = time.perf_counter()
    verification = audit_verify()
    elapsed = time.perf_counter() - start
    results.append(
        {
            "bench": "audit-chain",
            "step": "verify",
            "n": verification.events,
            "ok": verification.ok,
            "seconds": round(elapsed, 3),
            "per_second": round(verification.events / elapsed, 1),
        }
    )
    return results
