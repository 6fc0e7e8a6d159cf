"""The questions of the guided flow and their texts per content language.

The questions and their answer codes are fixed: the routing rules and the API speak in codes. What visitors read —
the question, its help text and the plain-language text of each answer — is content: Dutch and English ship in
data/questions.yaml, admins edit every language in the interface, and a language without its own text shows the
English text, marked "translation pending" (as contact descriptions and the reasons of the rules do).
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from .choices import AGES, FORMS, WHO
from .languages import CONTENT_LANGUAGES, pick_source
from .models import Question

YES_NO = ("true", "false")
# Each question with its answer codes in the order visitors see them. The sector's answers come from the vocabulary
# and the municipality is typed: they have a question and help text only.
QUESTIONS: dict[str, tuple[str, ...]] = {
    "who": WHO,
    "sector": (),
    "danger": YES_NO,
    "form": FORMS,
    "age": AGES,
    "unaccompanied": YES_NO,
    "border": YES_NO,
    "origin": ("non-eu", "nl-eu", "unknown"),
    "municipality": (),
}
DATA_FILE = Path(__file__).parent / "data" / "questions.yaml"


@dataclass(frozen=True)
class Text:
    text: str
    lang: str  # the language the text is written in
    pending: bool = False  # the chosen language has no text yet, so another language's text is shown


@dataclass(frozen=True)
class QuestionView:
    code: str
    label: Text
    help: Text
    options: dict[str, Text]

    @property
    def pending(self) -> bool:
        return any(text.pending for text in (self.label, self.help, *self.options.values()))

    @property
    def texts(self) -> list[Text]:
        return [self.label, self.help, *self.options.values()]


@cache
def shipped_texts() -> dict[str, dict]:
    """The Dutch and English texts that ship with Samen, per question code."""
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))["questions"]


def _options(translations: dict) -> dict:
    """Per language, the answers' texts: the shape pick_source reads (language → {code: text})."""
    return {language: (entry or {}).get("options") or {} for language, entry in translations.items()}


def _resolve(translations: dict, language: str, key: str, *, option: bool = False) -> Text:
    source = _options(translations) if option else translations
    text, written_in = pick_source(source, language, key)
    return Text(text, written_in, pending=bool(text) and written_in != language)


def question_view(code: str, translations: dict, language: str) -> QuestionView:
    """The texts of one question in `language`, each falling back on its own to English. A text that is missing
    everywhere (which the admin pages refuse) comes from the shipped texts, so a visitor never sees an empty answer."""
    shipped = shipped_texts()[code]

    def resolve(key: str, *, option: bool = False) -> Text:
        text = _resolve(translations, language, key, option=option)
        return text if text.text else _resolve(shipped, language, key, option=option)

    return QuestionView(
        code=code,
        label=resolve("label"),
        help=resolve("help"),
        options={value: resolve(value, option=True) for value in QUESTIONS[code]},
    )


def stored_translations() -> dict[str, dict]:
    """The texts admins own, per question code; the shipped texts for a question not yet in the database."""
    stored = dict(Question.objects.filter(code__in=QUESTIONS).values_list("code", "translations"))
    return {code: stored.get(code, shipped_texts()[code]) for code in QUESTIONS}


def question_views(language: str) -> dict[str, QuestionView]:
    """Every question in `language`, in the order of the flow."""
    language = language if language in CONTENT_LANGUAGES else "nl"
    return {code: question_view(code, texts, language) for code, texts in stored_translations().items()}
