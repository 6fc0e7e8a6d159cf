"""The Wegwijzer's admin page for the texts of one question in one language, with a preview of the question as
visitors will see it before the texts are saved. Needs guide.manage_guide, as every admin page of the guide."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samen.accounts.decorators import requires_permission

from .forms import GuideForm
from .forms_admin import TEXT_NEEDED, QuestionTextForm
from .languages import CONTENT_LANGUAGES, FALLBACK
from .question_edits import QuestionRefused, QuestionTexts, question_texts_check, question_texts_set
from .questions import QUESTIONS, question_view, stored_translations

MANAGE = "guide.manage_guide"
PREVIEW_PREFIX = "preview"


def _preview(code: str, language: str, translations: dict, texts: QuestionTexts):
    """The question as a visitor choosing `language` would see it with these texts (nothing is saved)."""
    typed = {key: value for key, value in translations.items() if key != language}
    stored = question_texts_check(code, language, texts)
    if stored:
        typed[language] = stored
    view = question_view(code, typed, language)
    form = GuideForm(initial={"lang": language}, default_lang=language, texts={code: view}, prefix=PREVIEW_PREFIX)
    return form[code]


@requires_permission(MANAGE)
@require_http_methods(["GET", "POST"])
def question_text(request, code: str, language: str):
    if code not in QUESTIONS or language not in CONTENT_LANGUAGES:
        raise Http404(f"{code} {language}")
    translations = stored_translations()[code]
    initial = QuestionTextForm.initial_for(code, translations, language)
    form = QuestionTextForm(request.POST or None, initial=initial, code=code, language=language)
    preview = None
    if request.method == "POST" and form.is_valid():
        try:
            if "preview" in request.POST:
                preview = _preview(code, language, translations, form.texts())
            else:
                question_texts_set(code=code, language=language, texts=form.texts(), by=request.user)
                messages.success(
                    request,
                    _("The texts of the question are saved. Visitors see them now in %(language)s.")
                    % {"language": CONTENT_LANGUAGES[language]},
                )
                return redirect("guide_admin:texts", language=language)
        except QuestionRefused as refused:
            field = refused.field if refused.field in form.fields else None
            form.add_error(field, str(TEXT_NEEDED) if refused.code == "required" else _("This text is not accepted."))
    return render(
        request,
        "guide/admin/question_text.html",
        {
            "form": form,
            "code": code,
            "language": language,
            "language_name": CONTENT_LANGUAGES[language],
            "current": question_view(code, translations, language),
            "english": question_view(code, translations, FALLBACK),
            "preview": preview,
        },
    )
