"""Writes of the Wegwijzer: loading the seed data, and versioned rule sets (draft → preview → publish)."""

from pathlib import Path

import yaml

from django.db import transaction
from django.utils import timezone

from samen.audit.models import Action
from samen.audit.services import audit_record

from .choices import AGES, FORMS, ORIGINS, WHO
from .models import Contact, RuleSet
from .question_edits import questions_seed

DATA_DIR = Path(__file__).parent / "data"


class RulesInvalid(ValueError):
    pass


def rules_validate(rules) -> None:
    """Refuse a rule set an engine could not apply, naming the first problem."""
    allowed = {
        "who": WHO,
        "form": FORMS,
        "age": AGES,
        "origin": ORIGINS,
        "danger": (True, False),
        "border": (True, False),
        "unaccompanied": (True, False),
    }
    if not isinstance(rules, list) or not rules:
        raise RulesInvalid("the rules must be a non-empty list")
    for index, rule in enumerate(rules, start=1):
        if not isinstance(rule, dict) or not isinstance(rule.get("advise"), list) or not rule["advise"]:
            raise RulesInvalid(f"rule {index}: needs a list 'advise'")
        for key, value in (rule.get("when") or {}).items():
            values = value if isinstance(value, list) else [value]
            if key not in allowed or any(v not in allowed[key] for v in values):
                raise RulesInvalid(f"rule {index}: condition {key}={value!r} is not known")
        for advice in rule["advise"]:
            if not isinstance(advice, dict) or not advice.get("kind"):
                raise RulesInvalid(f"rule {index}: every advice needs a kind")


@transaction.atomic
def guide_load(directory: Path = DATA_DIR) -> dict[str, int]:
    """Seed the directory, rule set version 1 and the questions' texts from the data files. Existing contacts and
    question texts are not overwritten: once loaded, admins own them."""
    contacts = yaml.safe_load((directory / "contacts.yaml").read_text(encoding="utf-8"))
    created = 0
    for entry in contacts["contacts"]:
        _contact, was_created = Contact.objects.get_or_create(
            kind=entry["kind"],
            region=None,
            name=entry["name"],
            defaults={
                "phone": entry.get("phone", ""),
                "url": entry.get("url", ""),
                "chat_url": entry.get("chat", ""),
                "languages": entry.get("languages", ""),
                "can_be_anonymous": bool(entry.get("anonymous")),
                "translations": entry.get("text") or {},
                "last_verified": contacts["verified"],
            },
        )
        created += was_created
    rules = yaml.safe_load((directory / "rules.yaml").read_text(encoding="utf-8"))
    rules_validate(rules["rules"])
    _ruleset, rules_created = RuleSet.objects.get_or_create(
        version=int(rules["version"]),
        defaults={
            "rules": rules["rules"],
            "status": RuleSet.Status.PUBLISHED,
            "published_at": timezone.now(),
            "note": "seeded from rules.yaml",
        },
    )
    return {"contacts": created, "rulesets": int(rules_created), "questions": questions_seed()}


def ruleset_published() -> RuleSet | None:
    return RuleSet.objects.filter(status=RuleSet.Status.PUBLISHED).order_by("-version").first()


@transaction.atomic
def ruleset_draft(*, rules, note: str, by) -> RuleSet:
    rules_validate(rules)
    latest = RuleSet.objects.order_by("-version").first()
    draft = RuleSet.objects.create(
        version=(latest.version + 1) if latest else 1, rules=rules, note=note[:200], created_by=by
    )
    audit_record(actor=by, action=Action.CREATE, object_type="guide.ruleset", object_id=draft.pk)
    return draft


@transaction.atomic
def ruleset_publish(*, ruleset: RuleSet, by) -> RuleSet:
    """Publish a draft; the previously published version is retired. Published versions are never edited."""
    locked = RuleSet.objects.select_for_update().get(pk=ruleset.pk)
    if locked.status != RuleSet.Status.DRAFT:
        raise RulesInvalid("only a draft can be published")
    RuleSet.objects.filter(status=RuleSet.Status.PUBLISHED).update(status=RuleSet.Status.RETIRED)
    locked.status = RuleSet.Status.PUBLISHED
    locked.published_at = timezone.now()
    locked.published_by = by
    locked.save(update_fields=["status", "published_at", "published_by"])
    audit_record(actor=by, action=Action.UPDATE, object_type="guide.ruleset", object_id=locked.pk, reason="publish")
    return locked
