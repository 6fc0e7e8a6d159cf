"""Languages of the guide's content. Interface text is Dutch and English (Django i18n); content (questions, advice,
contact descriptions) is translatable per language by admins. Where a language has no text yet, the English text
shows, marked "translation pending"."""

CONTENT_LANGUAGES = {
    "nl": "Nederlands",
    "en": "English",
    "pl": "Polski",
    "ro": "Română",
    "bg": "Български",
    "uk": "Українська",
    "es": "Español",
}
FALLBACK = "en"


def pick_source(translations: dict, language: str, key: str) -> tuple[str, str]:
    """(text, the language it is written in) for `key`: the language's own text, else English, else Dutch.
    ('', language) when there is none."""
    for source in dict.fromkeys((language, FALLBACK, "nl")):
        text = _text(translations.get(source), key)
        if text:
            return text, source
    return "", language


def pick(translations: dict, language: str, key: str) -> tuple[str, bool]:
    """The text for `key` in `language`, else English. Returns (text, pending) where pending means the fallback
    was used for a language that should have its own text."""
    text, source = pick_source(translations, language, key)
    return text, language != FALLBACK and source != language


def _text(entry, key: str) -> str:
    """Entries are either plain text (a rule's reason) or a dict of texts (a contact's description and hours)."""
    if isinstance(entry, str):
        return entry
    return (entry or {}).get(key, "")
