"""Search over the guide's published content in one language: contacts, the reasons of the routing rules, the
questions and their answers, indicators, reporting duties and the advice for professionals. The corpus is small (a
few hundred texts), so a plain case- and accent-insensitive match in Python is enough and needs no search index."""

import unicodedata
from dataclasses import dataclass

from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .languages import pick
from .models import Contact
from .professionals import DOUBT_STEPS, INDICATORS_NOTE, indicators_per_form, reporting_duties, vocabulary_language
from .questions import question_views
from .services import ruleset_published

MAX_RESULTS = 50
SECTION_CONTACT = _("Contact")
SECTION_REASON = _("Advice")
SECTION_INDICATOR = _("Indicator")
SECTION_PROFESSIONALS = _("For professionals")
SECTION_DUTY = _("Reporting duty")
SECTION_QUESTION = _("Question")


@dataclass(frozen=True)
class Hit:
    section: str
    title: str
    text: str
    url: str
    pending: bool = False  # shown in English because the chosen language has no text yet


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(character for character in decomposed if not unicodedata.combining(character)).casefold()


def advice_query(when: dict, lang: str) -> dict[str, str]:
    """Answers under which a rule applies, as the advice page's query: the first of each listed value."""
    query = {"who": "concerned", "danger": "false"}
    for key, value in (when or {}).items():
        first = value[0] if isinstance(value, list) else value
        query[key] = ("true" if first else "false") if isinstance(first, bool) else str(first)
    query["lang"] = lang
    return query


def _with_query(url: str, query: dict) -> str:
    return f"{url}?{urlencode(query)}" if query else url


def _corpus(lang: str, extra: dict) -> list[Hit]:
    ruleset = ruleset_published()
    rules = ruleset.rules if ruleset else []
    advice_url = reverse("guide:advice")
    professionals_url = reverse("guide:professionals")
    first_rule_for_kind, hits, contact_hits = {}, [], []
    contacts = list(Contact.objects.filter(is_active=True, region=None))
    names = {contact.kind: contact.name for contact in contacts}
    for rule in rules:
        for advice in rule["advise"]:
            first_rule_for_kind.setdefault(advice["kind"], rule)
            why, pending = pick(advice.get("why") or {}, lang, "text")
            if why:
                query = {**advice_query(rule.get("when"), lang), **extra}
                hits.append(
                    Hit(
                        SECTION_REASON,
                        names.get(advice["kind"], advice["kind"]),
                        why,
                        _with_query(advice_url, query) + f"#contact-{advice['kind']}",
                        pending,
                    )
                )
    for contact in contacts:
        description, pending = pick(contact.translations, lang, "description")
        rule = first_rule_for_kind.get(contact.kind)
        if rule is None:
            continue  # no published rule advises it: there is no page to send the visitor to
        query = {**advice_query(rule.get("when"), lang), **extra}
        url = _with_query(advice_url, query) + f"#contact-{contact.kind}"
        contact_hits.append(Hit(SECTION_CONTACT, contact.name, description, url, pending))
    pending = vocabulary_language(lang) != lang
    page = _with_query(professionals_url, extra)
    with translation.override(vocabulary_language(lang)):
        for anchor, title, text in DOUBT_STEPS:
            hits.append(Hit(SECTION_PROFESSIONALS, str(title), str(text), f"{page}#{anchor}", pending))
        hits.append(
            Hit(SECTION_PROFESSIONALS, str(_("Indicators")), str(INDICATORS_NOTE), f"{page}#indicators", pending)
        )
    for form in indicators_per_form(lang):
        hits.append(Hit(SECTION_INDICATOR, form.label, form.description, f"{page}#form-{form.code}", pending))
        for indicator in form.indicators:
            hits.append(Hit(SECTION_INDICATOR, form.label, indicator, f"{page}#form-{form.code}", pending))
    for duty in reporting_duties(lang):
        hits.append(Hit(SECTION_DUTY, duty.label, duty.duty, f"{page}#duty-{duty.code}", pending))
    return contact_hits + hits + _question_hits(lang, extra)


def _question_hits(lang: str, extra: dict) -> list[Hit]:
    """Each question with its help text, and each answer under its question; the link opens the questions in this
    language at that question."""
    hits = []
    start = _with_query(reverse("guide:start"), {"lang": lang, **extra})
    for code, question in question_views(lang).items():
        url = f"{start}#question-{code}"
        label = question.label
        hits.append(Hit(SECTION_QUESTION, label.text, question.help.text, url, label.pending or question.help.pending))
        for answer in question.options.values():
            hits.append(Hit(SECTION_QUESTION, label.text, answer.text, url, label.pending or answer.pending))
    return hits


def guide_search(query: str, *, lang: str, extra: dict | None = None) -> list[Hit]:
    """Texts of the guide in `lang` (English where not yet translated) that contain every word of the query.
    `extra` is added to every result link (the embed flag)."""
    words = _fold(query).split()
    if not words:
        return []
    results = []
    for hit in _corpus(lang, extra or {}):
        haystack = _fold(f"{hit.title} {hit.text}")
        if all(word in haystack for word in words):
            results.append(hit)
            if len(results) >= MAX_RESULTS:
                break
    return results
