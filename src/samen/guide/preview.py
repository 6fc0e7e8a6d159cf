"""Previewing a rule version against the published one: the advice for one visitor side by side, and every
situation (all combinations of answers) whose advice would change."""

from dataclasses import dataclass
from itertools import product

from .choices import AGES, FORMS, ORIGINS, WHO
from .routing import Advice, Answers, kinds_advised

NEW, REMOVED, MOVED, REASON, SAME = "new", "removed", "moved", "reason", "same"


@dataclass(frozen=True)
class Compared:
    advice: Advice
    position: int
    change: str  # one of NEW, REMOVED, MOVED, REASON, SAME


def advice_compare(candidate: list[Advice], published: list[Advice]) -> tuple[list[Compared], list[Compared]]:
    """Mark each piece of advice: new in the candidate, removed from it, at another place, or with another reason."""
    where = {advice.kind: index for index, advice in enumerate(published)}
    where_candidate = {advice.kind: index for index, advice in enumerate(candidate)}
    left = []
    for index, advice in enumerate(candidate):
        if advice.kind not in where:
            change = NEW
        elif where[advice.kind] != index:
            change = MOVED
        elif published[index].why != advice.why:
            change = REASON
        else:
            change = SAME
        left.append(Compared(advice, index + 1, change))
    right = []
    for index, advice in enumerate(published):
        if advice.kind not in where_candidate:
            change = REMOVED
        elif where_candidate[advice.kind] != index:
            change = MOVED
        elif candidate[index].why != advice.why:
            change = REASON
        else:
            change = SAME
        right.append(Compared(advice, index + 1, change))
    return left, right


@dataclass(frozen=True)
class Situation:
    answers: Answers
    published: list[str]
    candidate: list[str]


def all_answers() -> list[Answers]:
    """Every combination of answers that can change the kinds advised (the municipality only picks the regional
    contact, the language only the text)."""
    return [
        Answers(who=who, danger=danger, form=form, age=age, origin=origin, border=border, unaccompanied=alone)
        for who, danger, form, age, origin, border, alone in product(
            WHO, (False, True), FORMS, AGES, ORIGINS, (False, True), (False, True)
        )
    ]


def situations_changed(candidate_rules: list, published_rules: list) -> tuple[int, list[Situation]]:
    """(number of situations, those whose ordered kinds differ between the two rule lists)."""
    situations = all_answers()
    changed = []
    for answers in situations:
        before = [kind for kind, _why in kinds_advised(published_rules, answers)]
        after = [kind for kind, _why in kinds_advised(candidate_rules, answers)]
        if before != after:
            changed.append(Situation(answers, before, after))
    return len(situations), changed
