"""The engine's advice as the pages and the API show it: how to reach each contact, in which languages, for which
region. One place, so the HTML and the JSON never disagree."""

import re
from dataclasses import dataclass

from django.urls import translate_url
from django.utils import translation

from .languages import CONTENT_LANGUAGES
from .routing import Advice

INTERFACE_LANGUAGES = ("nl", "en")


@dataclass(frozen=True)
class ContactView:
    kind: str
    name: str
    why: str
    description: str
    phone: str
    tel: str  # the phone number as a tel: link
    url: str
    chat_url: str
    walk_in: str
    hours: str
    languages: list[str]
    anonymous: bool
    regional: bool
    region: str
    translation_pending: bool
    content_lang: str  # the language the why, description and hours are written in

    @property
    def language_names(self) -> list[tuple[str, str]]:
        return [(code, CONTENT_LANGUAGES.get(code, code)) for code in self.languages]

    @property
    def url_label(self) -> str:
        return link_label(self.url)

    @property
    def chat_label(self) -> str:
        return link_label(self.chat_url)

    @property
    def external(self) -> bool:
        """The web link leaves Samen (a page of Samen itself starts with '/')."""
        return not self.url.startswith("/")


def tel_link(phone: str) -> str:
    digits = re.sub(r"[^\d+]", "", phone or "")
    return f"tel:{digits}" if digits else ""


def link_label(url: str) -> str:
    """An address as people read it (and as a printout must show it): without https:// and a final slash."""
    return re.sub(r"^https?://", "", url or "").rstrip("/") or url


def local_url(url: str, language: str) -> str:
    """A page of Samen ('/melden/') in the given interface language ('/en/report/'); other URLs unchanged."""
    if not url.startswith("/") or url.startswith("//") or language not in INTERFACE_LANGUAGES:
        return url
    for source in INTERFACE_LANGUAGES:
        with translation.override(source):
            translated = translate_url(url, language)
        if translated != url:
            return translated
    return url


def contact_views(advice: list[Advice], *, lang: str, link_language: str) -> list[ContactView]:
    """What to show for each piece of advice that has a contact; advice whose contact is missing or inactive is
    left out (there is no way to reach it). `link_language` is the interface language of Samen's own pages."""
    views = []
    for item in advice:
        contact = item.contact
        if contact is None:
            continue
        views.append(
            ContactView(
                kind=item.kind,
                name=contact.name,
                why=item.why,
                description=item.description,
                phone=contact.phone,
                tel=tel_link(contact.phone),
                url=local_url(contact.url, link_language),
                chat_url=contact.chat_url,
                walk_in=contact.walk_in,
                hours=item.hours,
                languages=[code.strip() for code in contact.languages.split(",") if code.strip()],
                anonymous=contact.can_be_anonymous,
                regional=item.regional,
                region=contact.region.name if item.regional and contact.region else "",
                translation_pending=item.pending,
                content_lang="en" if item.pending else lang,
            )
        )
    return views
