"""How fast the audit trail takes events, seals them and verifies the chain (one JSON line per measurement)."""

import time

from django.db import transaction

from samen.audit.sealing import audit_seal_all, audit_verify
from samen.audit.services import audit_record, subject_pseudonym


def _write(n: int) -> dict:
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
    return {"n": n}


def _seal(n: int) -> dict:
    return {"n": n, "seals": audit_seal_all()}


def _verify(n: int) -> dict:
    verification = audit_verify()
    return {"n": verification.events, "ok": verification.ok}


def run(n: int) -> list[dict]:
    results = []
    for step, action in (("write", _write), ("seal", _seal), ("verify", _verify)):
        start = time.perf_counter()
        result = action(n)
        elapsed = time.perf_counter() - start
        results.append(
            {
                "bench": "audit-chain",
                "step": step,
                **result,
                "seconds": round(elapsed, 3),
                "per_second": round(result["n"] / elapsed, 1),
            }
        )
    return results
