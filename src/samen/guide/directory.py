"""Writes of the Wegwijzer's directory of contacts, by functional admins. Each write runs in one transaction with
its audit event. The directory is public information (organisations, not people), so reads are not audited."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from samen.audit.models import Action
from samen.audit.services import audit_record
from samen.geo.models import Region

from .languages import CONTENT_LANGUAGES
from .models import Contact
from .selectors_admin import kinds_in_rules
from .services import ruleset_published

OBJECT_TYPE = "guide.contact"


class ContactRefused(ValueError):
    """A write the directory refuses, with a code the interface turns into a message."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class ContactDetails:
    """What an admin can set on a contact. `translations` maps a language code to {"description", "hours"}."""

    kind: str
    name: str
    region: Region | None = None
    phone: str = ""
    url: str = ""
    chat_url: str = ""
    walk_in: str = ""
    languages: str = ""
    can_be_anonymous: bool = False
    translations: dict | None = None


def _clean_translations(translations: dict | None) -> dict:
    """Only the content languages, only non-empty texts: an empty language is what makes visitors see the English
    text marked "translation pending", so it must not be stored as an empty string that hides that state."""
    cleaned = {}
    for language in CONTENT_LANGUAGES:
        entry = (translations or {}).get(language) or {}
        texts = {key: (entry.get(key) or "").strip() for key in ("description", "hours")}
        texts = {key: text for key, text in texts.items() if text}
        if texts:
            cleaned[language] = texts
    return cleaned


def _apply(contact: Contact, details: ContactDetails) -> None:
    contact.kind = details.kind
    contact.region = details.region
    contact.name = details.name
    contact.phone = details.phone
    contact.url = details.url
    contact.chat_url = details.chat_url
    contact.walk_in = details.walk_in
    contact.languages = details.languages
    contact.can_be_anonymous = details.can_be_anonymous
    contact.translations = _clean_translations(details.translations)


@transaction.atomic
def contact_create(*, details: ContactDetails, by) -> Contact:
    """Add a contact to the directory. Entering it counts as checking it: last verified is today."""
    contact = Contact(last_verified=timezone.localdate())
    _apply(contact, details)
    contact.full_clean()
    contact.save()
    audit_record(actor=by, action=Action.CREATE, object_type=OBJECT_TYPE, object_id=contact.pk)
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, details: ContactDetails, checked_today: bool, by) -> Contact:
    """Change a contact. `checked_today` is the admin's statement that they checked the details against the
    organisation's own information today; only then does the "last verified" date move."""
    # Two admins saving the same contact: the later save wins, but each is in the trail.
    locked = Contact.objects.select_for_update().get(pk=contact.pk)
    _apply(locked, details)
    if checked_today:
        locked.last_verified = timezone.localdate()
    locked.full_clean()
    locked.save()
    audit_record(
        actor=by,
        action=Action.UPDATE,
        object_type=OBJECT_TYPE,
        object_id=locked.pk,
        reason="checked today" if checked_today else "",
    )
    return locked


@transaction.atomic
def contact_translation_set(*, contact: Contact, language: str, description: str, hours: str, by) -> Contact:
    """Set one language's description and hours; empty texts remove that language (visitors then see English,
    marked "translation pending")."""
    if language not in CONTENT_LANGUAGES:
        raise ContactRefused("unknown_language")
    locked = Contact.objects.select_for_update().get(pk=contact.pk)
    translations = dict(locked.translations or {})
    translations[language] = {"description": description, "hours": hours}
    locked.translations = _clean_translations(translations)
    if not (_has_text(locked.translations, "nl") or _has_text(locked.translations, "en")):
        raise ContactRefused("needs_dutch_or_english")
    locked.save(update_fields=["translations"])
    audit_record(
        actor=by, action=Action.UPDATE, object_type=OBJECT_TYPE, object_id=locked.pk, reason=f"text {language}"
    )
    return locked


def _has_text(translations: dict, language: str) -> bool:
    return bool((translations.get(language) or {}).get("description"))


@transaction.atomic
def contact_deactivate(*, contact: Contact, by) -> Contact:
    """Stop advising a contact. Refused for the last active contact of a kind the published rules advise:
    visitors would get advice without anyone to contact."""
    locked = Contact.objects.select_for_update().get(pk=contact.pk)
    others = Contact.objects.filter(kind=locked.kind, is_active=True).exclude(pk=locked.pk)
    published = ruleset_published()
    if published and locked.kind in kinds_in_rules(published.rules) and not others.exists():
        raise ContactRefused("last_of_kind")
    locked.is_active = False
    locked.save(update_fields=["is_active"])
    audit_record(actor=by, action=Action.UPDATE, object_type=OBJECT_TYPE, object_id=locked.pk, reason="deactivate")
    return locked


@transaction.atomic
def contact_reactivate(*, contact: Contact, by) -> Contact:
    locked = Contact.objects.select_for_update().get(pk=contact.pk)
    locked.is_active = True
    locked.save(update_fields=["is_active"])
    audit_record(actor=by, action=Action.UPDATE, object_type=OBJECT_TYPE, object_id=locked.pk, reason="reactivate")
    return locked
