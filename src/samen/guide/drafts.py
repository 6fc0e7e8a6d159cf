"""Changing a draft rule set before it is published. Published and retired versions are never edited: a change is a
new draft (samen.guide.services.ruleset_draft)."""

from django.db import transaction

from samen.audit.models import Action
from samen.audit.services import audit_record

from .models import RuleSet
from .services import RulesInvalid, rules_validate


class NotADraft(RulesInvalid):
    """The version is published or retired, so it is read-only."""


@transaction.atomic
def ruleset_draft_update(*, ruleset: RuleSet, rules: list, note: str, by) -> RuleSet:
    """Replace a draft's rules and note. Raises NotADraft when the version was published meanwhile."""
    # Lock: an admin publishing this draft while another saves it must not change what was just published.
    locked = RuleSet.objects.select_for_update().get(pk=ruleset.pk)
    if locked.status != RuleSet.Status.DRAFT:
        raise NotADraft("only a draft can be changed")
    rules_validate(rules)
    locked.rules = rules
    locked.note = note[:200]
    locked.save(update_fields=["rules", "note"])
    audit_record(actor=by, action=Action.UPDATE, object_type="guide.ruleset", object_id=locked.pk, reason="edit draft")
    return locked
