"""Rule-based, explainable triage: indicator weights (data, versioned with the vocabulary) give a score per
exploitation form; the urgency follows from the scores, immediate danger and a possible minor."""

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

ACUTE, HIGH, NORMAL = "acute", "high", "normal"
DATA_DIR = Path(__file__).resolve().parent.parent / "taxonomy" / "data"


@dataclass(frozen=True)
class TriageRules:
    default_weight: int
    high_from: int
    weights: dict[str, int] = field(default_factory=dict)


@cache
def rules_for(vocabulary_version: str) -> TriageRules:
    path = DATA_DIR / f"triage-{vocabulary_version}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if str(data["vocabulary"]) != vocabulary_version:
        raise ValueError(f"{path.name} is for vocabulary {data['vocabulary']}, not {vocabulary_version}")
    return TriageRules(int(data["default_weight"]), int(data["high_from"]), dict(data.get("weights") or {}))


def triage(
    *, vocabulary_version: str, indicators: list[tuple[str, str]], immediate_danger: bool, minor_involved: bool
) -> tuple[str, dict]:
    """`indicators` are (form code, indicator code) pairs. Returns the urgency code and the explanation stored on
    the signal: the score per form and, per form, the indicators that drove it with their weights."""
    rules = rules_for(vocabulary_version)
    scores: dict[str, int] = {}
    drivers: dict[str, list[dict]] = {}
    for form, code in indicators:
        weight = int(rules.weights.get(code, rules.default_weight))
        scores[form] = scores.get(form, 0) + weight
        drivers.setdefault(form, []).append({"indicator": code, "weight": weight})
    for items in drivers.values():
        items.sort(key=lambda item: (-item["weight"], item["indicator"]))
    reasons = []
    if immediate_danger:
        urgency = ACUTE
        reasons.append("immediate-danger")
    elif minor_involved or any(score >= rules.high_from for score in scores.values()):
        urgency = HIGH
        if minor_involved:
            reasons.append("minor")
        reasons += [f"score:{form}" for form, score in sorted(scores.items()) if score >= rules.high_from]
    else:
        urgency = NORMAL
    explanation = {
        "scores": scores,
        "drivers": drivers,
        "reasons": reasons,
        "high_from": rules.high_from,
        "rules": f"triage-{vocabulary_version}",
    }
    return urgency, explanation
