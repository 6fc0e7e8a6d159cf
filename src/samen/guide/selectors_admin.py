"""Reads for the Wegwijzer's admin pages. The directory and the rules are public information: no scoping by
organisation is needed, only the permission to manage the guide."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from .languages import CONTENT_LANGUAGES
from .models import Contact, RuleSet
from .questions import QuestionView, question_view, stored_translations
from .services import ruleset_published

# Contact.needs_verification says "more than 365 days ago"; this is the same line as a query.
VERIFY_EVERY_DAYS = 365


def contacts_all() -> QuerySet[Contact]:
    return Contact.objects.select_related("region").order_by("-is_active", "kind", "name")


def contacts_needing_verification() -> QuerySet[Contact]:
    """Active contacts whose details nobody checked in the last 12 months, oldest first."""
    line = timezone.localdate() - timedelta(days=VERIFY_EVERY_DAYS)
    return (
        Contact.objects.filter(is_active=True, last_verified__lt=line)
        .select_related("region")
        .order_by("last_verified", "kind", "name")
    )


def rulesets_all() -> QuerySet[RuleSet]:
    return RuleSet.objects.select_related("created_by", "published_by").order_by("-version")


def rulesets_draft() -> QuerySet[RuleSet]:
    return rulesets_all().filter(status=RuleSet.Status.DRAFT)


def kinds_in_rules(rules: list) -> list[str]:
    """Every contact kind the rules advise, in the order they first appear."""
    kinds = [advice.get("kind") for rule in rules for advice in rule.get("advise") or []]
    return list(dict.fromkeys(kind for kind in kinds if isinstance(kind, str)))


def kind_choices(current: str = "") -> list[str]:
    """Kinds an admin can give a contact: those of the published rules and of drafts (so a contact for a new kind
    can be added before the draft that advises it is published), those already in the directory."""
    kinds = set(Contact.objects.values_list("kind", flat=True).distinct())
    for ruleset in RuleSet.objects.filter(status__in=[RuleSet.Status.PUBLISHED, RuleSet.Status.DRAFT]):
        kinds |= set(kinds_in_rules(ruleset.rules))
    if current:
        kinds.add(current)
    return sorted(kinds)


def kinds_without_contact(rules: list) -> list[str]:
    """Kinds the rules advise that no active contact answers: visitors would get advice without anyone to call."""
    active = set(Contact.objects.filter(is_active=True).values_list("kind", flat=True).distinct())
    return [kind for kind in kinds_in_rules(rules) if kind not in active]


@dataclass(frozen=True)
class TextCoverage:
    code: str
    name: str
    contacts_with_text: int
    contacts: int
    reasons_with_text: int
    reasons: int
    questions_with_text: int = 0
    questions: int = 0

    @property
    def complete(self) -> bool:
        return (
            self.contacts_with_text == self.contacts
            and self.reasons_with_text == self.reasons
            and self.questions_with_text == self.questions
        )


def text_coverage() -> list[TextCoverage]:
    """Per content language: how many active contacts, reasons of the published rules and questions have their own
    text (a question counts when every one of its texts is its own)."""
    contacts = list(Contact.objects.filter(is_active=True).values_list("translations", flat=True))
    questions = stored_translations()
    published = ruleset_published()
    reasons = [advice.get("why") or {} for rule in (published.rules if published else []) for advice in rule["advise"]]
    coverage = []
    for code, name in CONTENT_LANGUAGES.items():
        coverage.append(
            TextCoverage(
                code=code,
                name=name,
                contacts_with_text=sum(1 for texts in contacts if ((texts or {}).get(code) or {}).get("description")),
                contacts=len(contacts),
                reasons_with_text=sum(1 for why in reasons if why.get(code)),
                reasons=len(reasons),
                questions_with_text=sum(
                    1 for question, texts in questions.items() if not question_view(question, texts, code).pending
                ),
                questions=len(questions),
            )
        )
    return coverage


def contacts_for_language(language: str) -> list[tuple[Contact, bool]]:
    """Active contacts with whether they have their own description in `language`; missing ones first."""
    contacts = Contact.objects.filter(is_active=True).select_related("region").order_by("kind", "name")
    rows = [
        (contact, bool(((contact.translations or {}).get(language) or {}).get("description"))) for contact in contacts
    ]
    return sorted(rows, key=lambda row: row[1])


def questions_for_language(language: str) -> list[QuestionView]:
    """Every question in `language`, in the order of the flow; `pending` says which still show English."""
    return [question_view(code, texts, language) for code, texts in stored_translations().items()]
