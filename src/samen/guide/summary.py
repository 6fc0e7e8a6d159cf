"""The visitor's answers as the advice page (and its printout) repeats them: each question and answer in the words
the visitor saw, with the language each is written in."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .forms import GuideForm
from .languages import CONTENT_LANGUAGES

ASKED = ("who", "sector", "danger", "form", "age", "unaccompanied", "border", "origin")


@dataclass(frozen=True)
class SummaryRow:
    question: str
    answer: str
    question_lang: str = ""  # empty: the page's own language (interface text)
    answer_lang: str = ""
    pending: bool = False  # shown in English because the chosen language has no text yet


def answers_summary(form: GuideForm) -> list[SummaryRow]:
    rows = []
    for name in ASKED:
        value = form.cleaned_data.get(name)
        if not value:
            continue
        question = form.questions[name]
        answer = question.options.get(value)
        if answer is None:  # the sector: a term of the vocabulary, in the interface language
            answer_text, answer_lang = dict(form.fields[name].choices).get(value, value), ""
        else:
            answer_text, answer_lang = answer.text, answer.lang
        rows.append(
            SummaryRow(
                question=question.label.text,
                answer=answer_text,
                question_lang=question.label.lang,
                answer_lang=answer_lang,
                pending=question.label.pending or bool(answer and answer.pending),
            )
        )
    if form.place is not None:
        question = form.questions["municipality"]
        answer = form.place.name
        if form.place.postcode:
            answer = _("%(municipality)s (postcode %(postcode)s)") % {
                "municipality": form.place.name,
                "postcode": form.place.postcode,
            }
        rows.append(
            SummaryRow(question.label.text, answer, question_lang=question.label.lang, pending=question.label.pending)
        )
    lang = form.cleaned_data.get("lang")
    if lang:
        rows.append(SummaryRow(str(form.fields["lang"].label), CONTENT_LANGUAGES[lang], answer_lang=lang))
    return rows
