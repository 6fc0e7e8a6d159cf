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


def pick(translations: dict, language: str, key: str) -> tuple[str, bool]:
    """The text for `key` in `language`, else English. Returns (text, pending) where pending means the fallback
    was used for a language that should have its own text."""
    own = _text(translations.get(language), key)
    if own:
        return own, False
    fallback = _text(translations.get(FALLBACK), key) or _text(translations.get("nl"), key)
    return fallback, language != FALLBACK and bool(fallback)


def _text(entry, key: str) -> str:
    """Entries are either plain text (a rule's reason) or a dict of texts (a contact's description and hours)."""
    if isinstance(entry, str):
        return entry
    return (entry or {}).get(key, "")
