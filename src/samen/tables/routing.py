"""Suggested routes from ordered, data-driven rules (data/routing-rules.yaml)."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from django.utils import translation

RULES_FILE = Path(__file__).parent / "data" / "routing-rules.yaml"


@dataclass(frozen=True)
class Suggestion:
    outcome: str
    rule: str


@cache
def _rules(path: Path = RULES_FILE) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]


def _holds(condition: dict, facts: dict) -> bool:
    for key, expected in condition.items():
        value = facts.get(key)
        if key == "form":
            if expected not in value:
                return False
        elif value != expected:
            return False
    return True


def _rule_name(rule: dict) -> str:
    dutch = (translation.get_language() or "nl").startswith("nl")
    return rule.get("name_nl", rule["name"]) if dutch else rule["name"]


def routes_suggested(signal) -> list[Suggestion]:
    """Every outcome the rules suggest for this signal, in rule order, each once, with the rule that gave it."""
    facts = {
        "immediate_danger": signal.immediate_danger,
        "minor": signal.minor_involved == "yes",
        "form": set(signal.forms.values_list("code", flat=True)) or {"unknown"},
        "source_type": signal.source_type.code,
    }
    seen, suggestions = set(), []
    for rule in _rules():
        if _holds(rule.get("when") or {}, facts):
            for outcome in rule["suggest"]:
                if outcome not in seen:
                    seen.add(outcome)
                    suggestions.append(Suggestion(outcome, _rule_name(rule)))
    return suggestions


def recipient_type(outcome: str) -> str | None:
    """The organisation type code that receives an outcome, or None for outcomes without a recipient."""
    return yaml.safe_load(RULES_FILE.read_text(encoding="utf-8")).get("recipients", {}).get(outcome)
