"""Functional admins change the texts of the Wegwijzer's questions, one language at a time. A change shows to
visitors at once, as a contact's texts do (decision 0011): it changes what visitors read, never which advice they
get. Each change runs in one transaction with its audit event."""

from dataclasses import dataclass, field

from django.db import transaction

from samen.audit.models import Action
from samen.audit.services import audit_record

from .languages import CONTENT_LANGUAGES
from .models import Question
from .questions import QUESTIONS, shipped_texts

OBJECT_TYPE = "guide.question"
# The languages every other language falls back to: they must always have every text.
COMPLETE_LANGUAGES = ("nl", "en")
MAX_LABEL = 200
MAX_HELP = 500
MAX_OPTION = 300


class QuestionRefused(ValueError):
    """A change the service refuses, with a code the interface turns into a message."""

    def __init__(self, code: str, field: str = ""):
        super().__init__(f"{field}: {code}" if field else code)
        self.code = code
        self.field = field


@dataclass(frozen=True)
class QuestionTexts:
    """One language's texts of a question; empty means "none in this language" (visitors then see English)."""

    label: str = ""
    help: str = ""
    options: dict[str, str] = field(default_factory=dict)


def question_texts_check(code: str, language: str, texts: QuestionTexts) -> dict:
    """The texts as stored: stripped, only non-empty ones. Raises QuestionRefused naming the first problem."""
    if code not in QUESTIONS:
        raise QuestionRefused("unknown_question")
    if language not in CONTENT_LANGUAGES:
        raise QuestionRefused("unknown_language")
    unknown = set(texts.options) - set(QUESTIONS[code])
    if unknown:
        raise QuestionRefused("unknown_option", sorted(unknown)[0])
    limits = {"label": MAX_LABEL, "help": MAX_HELP}
    entry = {key: (getattr(texts, key) or "").strip() for key in limits}
    options = {value: (texts.options.get(value) or "").strip() for value in QUESTIONS[code]}
    for key, limit in limits.items():
        if len(entry[key]) > limit:
            raise QuestionRefused("too_long", key)
    for value, text in options.items():
        if len(text) > MAX_OPTION:
            raise QuestionRefused("too_long", f"option_{value}")
    if language in COMPLETE_LANGUAGES:
        if not entry["label"]:
            raise QuestionRefused("required", "label")
        for value, text in options.items():
            if not text:
                raise QuestionRefused("required", f"option_{value}")
    stored = {key: text for key, text in entry.items() if text}
    if any(options.values()):
        stored["options"] = {value: text for value, text in options.items() if text}
    return stored


@transaction.atomic
def question_texts_set(*, code: str, language: str, texts: QuestionTexts, by) -> Question:
    """Replace one language's texts of a question. For Dutch and English the question and every answer need a
    text; another language may leave any text empty, and visitors then see the English one, marked "translation
    pending". Raises QuestionRefused."""
    stored = question_texts_check(code, language, texts)
    Question.objects.get_or_create(code=code, defaults={"translations": shipped_texts()[code]})
    # Two admins saving the same question: the later save wins, and each is in the trail.
    question = Question.objects.select_for_update().get(code=code)
    translations = {key: value for key, value in (question.translations or {}).items() if key != language}
    if stored:
        translations[language] = stored
    question.translations = translations
    question.full_clean()
    question.save(update_fields=["translations"])
    audit_record(
        actor=by, action=Action.UPDATE, object_type=OBJECT_TYPE, object_id=question.pk, reason=f"text {language}"
    )
    return question


def questions_seed() -> int:
    """Copy the shipped texts of questions that are not in the database yet; existing ones are the admins'."""
    created = 0
    for code in QUESTIONS:
        _question, was_created = Question.objects.get_or_create(
            code=code, defaults={"translations": shipped_texts()[code]}
        )
        created += was_created
    return created
